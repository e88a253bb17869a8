import { oeeGrouping } from '@takt/contracts';
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/**
 * The OEE dashboard. Its charts (ECharts) load with the page, not with the app: the page is
 * its own chunk. Without dates in the address it shows the last seven plant days.
 */
export const oeeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/oee',
  validateSearch: z.object({
    from: day,
    to: day,
    wc: z.string().uuid().optional().catch(undefined),
    by: oeeGrouping.optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import('./oee-page'), 'OeePage'),
});
