import {
  estimateAccuracy,
  project,
  projectCost,
  projectFromPastInput,
  projectParams,
  similarProject,
  similarProjectsQuery,
} from '@takt/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { ProjectCostService } from './project-cost';
import type { ProjectHistoryService } from './project-history';

const read = { auth: { action: 'read', subject: 'Project' } } as const;
const write = { auth: { action: 'write', subject: 'Project' } } as const;
const tags = ['projects'];
const actor = (request: FastifyRequest) => actorOf(principalOf(request));

/** A project's cost stages and forecast; quoting from history. */
export function projectCostRoutes(
  app: ZodApp,
  cost: ProjectCostService,
  history: ProjectHistoryService,
): void {
  app.get(
    '/api/projects/:id/cost',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Preliminary, committed and actual cost with engineering apart, the remaining estimate, the cost-to-complete forecast (actual + remaining) and the margin at each',
        params: projectParams,
        response: { 200: projectCost },
      },
    },
    (request) => cost.of(request.params.id),
  );
  app.get(
    '/api/projects/similar',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Past projects like an item or project: by item family, attributes and BOM overlap, with the reasons',
        querystring: similarProjectsQuery,
        response: { 200: z.array(similarProject) },
      },
    },
    (request) => history.similar(request.query),
  );
  app.get(
    '/api/projects/estimate-accuracy',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Actual ÷ estimate by category (engineering hours per work center, material, machining) over past projects',
        response: { 200: estimateAccuracy },
      },
    },
    () => history.accuracy(),
  );
  app.post(
    '/api/projects/from-past',
    {
      config: write,
      schema: {
        tags,
        summary:
          'A new project for a quote or order line started from a past one: its engineering tasks (optionally corrected by the estimate accuracy), approval days and payment plan shares',
        body: projectFromPastInput,
        response: { 201: project },
      },
    },
    async (request, reply) => reply.code(201).send(await history.fromPast(actor(request), request.body)),
  );
}
