import { createRoute, redirect } from '@tanstack/react-router';
import { signedInRoute } from '../../root-routes';
import { may, type Session, sessionQuery } from '../../ui/session';
import { ConfigurableItemsPage } from './configurable-items-page';
import { ConfigurePage } from './configure-page';

/** A customer may not read items, costs or the plan: it configures in the portal. */
const customerOnly = (session: Session | undefined) =>
  !!session && !may(session, 'read', 'Item') && may(session, 'read', 'Portal');

export const configurableItemsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/configure',
  beforeLoad: ({ context }) => {
    if (customerOnly(context.queryClient.getQueryData(sessionQuery.queryKey)))
      throw redirect({ to: '/portal/orders' });
  },
  component: ConfigurableItemsPage,
});

export const configureRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/configure/$itemId',
  beforeLoad: ({ context, params }) => {
    if (customerOnly(context.queryClient.getQueryData(sessionQuery.queryKey)))
      throw redirect({ to: '/portal/configure/$itemId', params: { itemId: params.itemId } });
  },
  component: ConfigurePage,
});

export const configuratorRoutes = [configurableItemsRoute, configureRoute] as const;
