import { createRoute, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { PortalConfigurePage } from './portal-configure-page';
import { PortalOrderPage } from './portal-order-page';
import { PortalOrdersPage } from './portal-orders-page';
import { PortalQuotesPage } from './portal-quotes-page';
import { PortalRequestPage } from './portal-request-page';

/** staff name the customer whose portal they look at; a customer user never needs to */
const scope = z.object({ customerId: z.uuid().optional().catch(undefined) });
const listed = scope.extend({ offset: z.coerce.number().int().min(0).optional() });

export const portalHomeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal',
  validateSearch: scope,
  beforeLoad: ({ search }) => {
    throw redirect({ to: '/portal/orders', search });
  },
});

export const portalOrdersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/orders',
  validateSearch: listed,
  component: PortalOrdersPage,
});

export const portalOrderRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/orders/$orderId',
  validateSearch: scope,
  component: PortalOrderPage,
});

export const portalQuotesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/quotes',
  validateSearch: listed,
  component: PortalQuotesPage,
});

export const portalRequestRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/request',
  validateSearch: scope.extend({ itemId: z.uuid().optional().catch(undefined) }),
  component: PortalRequestPage,
});

export const portalConfigureRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/portal/configure/$itemId',
  component: PortalConfigurePage,
});

export const portalRoutes = [
  portalHomeRoute,
  portalOrdersRoute,
  portalOrderRoute,
  portalQuotesRoute,
  portalRequestRoute,
  portalConfigureRoute,
] as const;
