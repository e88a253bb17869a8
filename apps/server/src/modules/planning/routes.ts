/** Routes of planning: the planning board and the capacity load of a window. */
import { capacityLoad, planningBoard, planningBoardQuery, progressReplan } from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { PlanningBoardService } from './board';
import type { ProgressReplanService } from './progress-replan';

// the board shows scheduled jobs: whoever may read jobs may read it (moving work will need write)
const read = { auth: { action: 'read', subject: 'ProductionJob' } } as const;
const tags = ['planning'];

export function planningRoutes(
  app: ZodApp,
  board: PlanningBoardService,
  progress: ProgressReplanService,
): void {
  app.get(
    '/api/planning/board',
    {
      config: read,
      schema: {
        tags,
        summary: 'The plan of a window: machines, their operations, non-working time and capacity load',
        querystring: planningBoardQuery,
        response: { 200: planningBoard },
      },
    },
    (request) => board.board(request.query),
  );
  app.get(
    '/api/planning/load',
    {
      config: read,
      schema: {
        tags,
        summary: 'Capacity load per work center and day or week, with the bottleneck',
        querystring: planningBoardQuery,
        response: { 200: capacityLoad },
      },
    },
    (request) => board.load(request.query),
  );
  app.post(
    '/api/planning/replan-from-progress',
    {
      config: { auth: { action: 'write', subject: 'ProductionJob' } },
      schema: {
        tags,
        summary:
          'Re-schedule the plan from the shop floor’s progress and re-promise the order lines it touches; lines whose P90 passes the promised date are returned and alerted',
        response: { 200: progressReplan },
      },
    },
    (request) => progress.replan(actorOf(principalOf(request))),
  );
}
