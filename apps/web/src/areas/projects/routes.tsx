import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { EstimateAccuracyPage } from './estimate-accuracy-page';
import { ProjectPage } from './project-page';
import { projectStatuses } from './projects-api';
import { ProjectsPage } from './projects-page';

export const projectsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/projects',
  validateSearch: z.object({
    q: z.string().optional(),
    status: z.enum(projectStatuses).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: ProjectsPage,
});

export const projectRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/projects/$projectId',
  component: ProjectPage,
});

export const estimateAccuracyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/projects/estimate-accuracy',
  component: EstimateAccuracyPage,
});

export const projectRoutes = [projectsRoute, estimateAccuracyRoute, projectRoute] as const;
