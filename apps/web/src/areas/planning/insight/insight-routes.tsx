/** Routes of the plan's insight pages (Planning area): pegging, shortages, exceptions, KPIs. */
import { loadBucket } from '@takt/contracts';
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../../root-routes';

const id = z.string().uuid().optional().catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const peggingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/pegging',
  validateSearch: z.object({
    salesOrderId: id,
    salesOrderLineId: id,
    jobId: id,
    purchaseOrderId: id,
    requisitionId: id,
  }),
  component: lazyRouteComponent(() => import('./pegging-page'), 'PeggingPage'),
});

export const shortagesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/shortages',
  component: lazyRouteComponent(() => import('./shortages-page'), 'ShortagesPage'),
});

export const exceptionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/exceptions',
  component: lazyRouteComponent(() => import('./exceptions-page'), 'ExceptionsPage'),
});

/** KPIs: charts (ECharts) load with the page, its own chunk; default the last 12 weeks. */
export const kpisRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/kpis',
  validateSearch: z.object({ from: day, to: day, bucket: loadBucket.optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('./kpis-page'), 'KpisPage'),
});

export const planningInsightRoutes = [peggingRoute, shortagesRoute, exceptionsRoute, kpisRoute] as const;
