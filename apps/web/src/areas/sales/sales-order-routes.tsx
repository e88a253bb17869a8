import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { marginSorts, OrderMarginsPage } from './order-margins-page';
import { salesOrderStatuses } from './sales-order-api';
import { SalesOrderCreatePage } from './sales-order-create-page';
import { SalesOrderPage } from './sales-order-page';
import { SalesOrdersPage } from './sales-orders-page';

export const salesOrdersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sales-orders',
  validateSearch: z.object({
    q: z.string().optional(),
    status: z.enum(salesOrderStatuses).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: SalesOrdersPage,
});

export const salesOrderCreateRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sales-orders/new',
  component: SalesOrderCreatePage,
});

export const salesOrderRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sales-orders/$orderId',
  component: SalesOrderPage,
});

export const orderMarginsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/order-margins',
  validateSearch: z.object({
    status: z.enum(salesOrderStatuses).optional().catch(undefined),
    sort: z.enum(marginSorts).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: OrderMarginsPage,
});

export const salesOrderRoutes = [
  salesOrdersRoute,
  salesOrderCreateRoute,
  salesOrderRoute,
  orderMarginsRoute,
] as const;
