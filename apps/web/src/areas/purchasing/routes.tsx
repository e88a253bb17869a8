import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { SupplierPage } from './supplier-page';
import { SuppliersPage } from './suppliers-page';

export const suppliersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/suppliers',
  validateSearch: z.object({ q: z.string().optional(), offset: z.coerce.number().int().min(0).optional() }),
  component: SuppliersPage,
});

export const supplierRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/suppliers/$supplierId',
  component: SupplierPage,
});

export const purchasingRoutes = [suppliersRoute, supplierRoute] as const;
