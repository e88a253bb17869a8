import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { WorkCenterPage } from './work-center-page';
import { WorkCentersPage } from './work-centers-page';

export const workCentersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/work-centers',
  validateSearch: z.object({ q: z.string().optional(), offset: z.coerce.number().int().min(0).optional() }),
  component: WorkCentersPage,
});

export const workCenterRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/work-centers/$workCenterId',
  validateSearch: z.object({
    week: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  component: WorkCenterPage,
});

export const planningRoutes = [workCentersRoute, workCenterRoute] as const;
