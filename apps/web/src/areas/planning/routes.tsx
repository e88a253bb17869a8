import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { PlanningBoardPage } from './board/board-page';
import { ForecastsPage } from './forecasts/forecasts-page';
import { JobPage } from './job-page';
import { jobStatuses } from './jobs-api';
import { JobsPage } from './jobs-page';
import { ScenarioPage } from './scenarios/scenario-page';
import { ScenariosPage } from './scenarios/scenarios-page';
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

export const jobsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/jobs',
  validateSearch: z.object({
    q: z.string().optional(),
    status: z.enum(jobStatuses).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: JobsPage,
});

export const jobRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/jobs/$jobId',
  component: JobPage,
});

export const planningBoardRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/board',
  validateSearch: z.object({ q: z.string().optional() }),
  component: PlanningBoardPage,
});

export const scenariosRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/scenarios',
  validateSearch: z.object({ offset: z.coerce.number().int().min(0).optional() }),
  component: ScenariosPage,
});

export const scenarioRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/scenarios/$scenarioId',
  component: ScenarioPage,
});

export const forecastsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/forecasts',
  component: ForecastsPage,
});

export const planningRoutes = [
  workCentersRoute,
  workCenterRoute,
  jobsRoute,
  jobRoute,
  planningBoardRoute,
  scenariosRoute,
  scenarioRoute,
  forecastsRoute,
] as const;
