/**
 * The route tree, in code. Everything under the `signed-in` layout needs a session: its
 * beforeLoad asks /api/auth/me and sends a visitor without one to /login, back here afterwards.
 */
import type { QueryClient } from '@tanstack/react-query';
import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import { IntegrationsPage } from './areas/admin/integrations-page';
import { UsersPage } from './areas/admin/users-page';
import { configuratorRoutes } from './areas/configurator/routes';
import { engineeringRoutes } from './areas/engineering/routes';
import { oeeRoute } from './areas/floor/oee-routes';
import { terminalRoute } from './areas/floor/routes';
import { inventoryRoutes } from './areas/inventory/routes';
import { planningInsightRoutes } from './areas/planning/insight/insight-routes';
import { planningRoutes } from './areas/planning/routes';
import { portalRoutes } from './areas/portal/routes';
import { projectRoutes } from './areas/projects/routes';
import { purchaseOrderRoutes } from './areas/purchasing/purchase-order-routes';
import { purchasingRoutes } from './areas/purchasing/routes';
import { qualityRoutes } from './areas/quality/routes';
import { quoteRoutes } from './areas/sales/quote-routes';
import { salesRoutes } from './areas/sales/routes';
import { salesOrderRoutes } from './areas/sales/sales-order-routes';
import { loginRoute, rootRoute, signedInRoute } from './root-routes';
import { navigation } from './ui/layout/navigation';
import { ErrorNotice, NotFoundPage, NothingToShow, PageLoader } from './ui/page-state';
import { may, sessionQuery } from './ui/session';

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const session = context.queryClient.getQueryData(sessionQuery.queryKey);
    const first = session
      ? navigation.flatMap((a) => a.entries).find((e) => may(session, 'read', e.subject))
      : undefined;
    if (first) throw redirect({ to: first.to });
  },
  component: NothingToShow,
});

const usersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/users',
  component: UsersPage,
});

const integrationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/integrations',
  component: IntegrationsPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  terminalRoute,
  signedInRoute.addChildren([
    homeRoute,
    usersRoute,
    integrationsRoute,
    ...engineeringRoutes,
    ...planningRoutes,
    ...planningInsightRoutes,
    ...inventoryRoutes,
    ...purchasingRoutes,
    ...purchaseOrderRoutes,
    ...salesRoutes,
    ...salesOrderRoutes,
    ...quoteRoutes,
    ...configuratorRoutes,
    ...portalRoutes,
    ...projectRoutes,
    ...qualityRoutes,
    oeeRoute,
  ]),
]);

export function createTaktRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PageLoader,
    defaultErrorComponent: ({ error, reset }) => <ErrorNotice error={error} onRetry={reset} />,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createTaktRouter>;
  }
}
