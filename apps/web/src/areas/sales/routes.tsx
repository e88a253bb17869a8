import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { CustomerPage } from './customer-page';
import { CustomersPage } from './customers-page';

export const customersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/customers',
  validateSearch: z.object({ q: z.string().optional(), offset: z.coerce.number().int().min(0).optional() }),
  component: CustomersPage,
});

export const customerRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/customers/$customerId',
  component: CustomerPage,
});

export const salesRoutes = [customersRoute, customerRoute] as const;
