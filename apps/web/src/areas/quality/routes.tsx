import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { NonConformancePage } from './non-conformance-page';
import { NonConformancesPage } from './non-conformances-page';
import { nonConformanceStatuses } from './quality-api';

export const nonConformancesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quality/non-conformances',
  validateSearch: z.object({
    status: z.enum(nonConformanceStatuses).optional().catch(undefined),
    q: z.string().optional(),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: NonConformancesPage,
});

export const nonConformanceRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quality/non-conformances/$nonConformanceId',
  component: NonConformancePage,
});

export const qualityRoutes = [nonConformancesRoute, nonConformanceRoute] as const;
