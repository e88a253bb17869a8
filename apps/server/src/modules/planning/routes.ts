/** Routes of planning: the planning board and the capacity load of a window. */
import { capacityLoad, planningBoard, planningBoardQuery } from '@takt/contracts';
import type { ZodApp } from '../../platform/http/zod-app';
import type { PlanningBoardService } from './board';

// the board shows scheduled jobs: whoever may read jobs may read it (moving work will need write)
const read = { auth: { action: 'read', subject: 'ProductionJob' } } as const;
const tags = ['planning'];

export function planningRoutes(app: ZodApp, board: PlanningBoardService): void {
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
}
