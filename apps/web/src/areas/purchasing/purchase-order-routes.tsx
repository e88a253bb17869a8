import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { purchaseOrderStatuses, requisitionStatuses } from './purchase-order-api';
import { PurchaseOrderPage } from './purchase-order-page';
import { PurchaseOrdersPage } from './purchase-orders-page';
import { RequisitionsPage } from './requisitions-page';

export const requisitionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/requisitions',
  validateSearch: z.object({
    status: z
      .enum([...requisitionStatuses, 'all'])
      .optional()
      .catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: RequisitionsPage,
});

export const purchaseOrdersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/purchase-orders',
  validateSearch: z.object({
    status: z.enum(purchaseOrderStatuses).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: PurchaseOrdersPage,
});

export const purchaseOrderRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/purchase-orders/$purchaseOrderId',
  component: PurchaseOrderPage,
});

export const purchaseOrderRoutes = [requisitionsRoute, purchaseOrdersRoute, purchaseOrderRoute] as const;
