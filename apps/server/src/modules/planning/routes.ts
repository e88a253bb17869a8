/** Routes of planning: the planning board and the capacity load of a window. */
import {
  applyMoveRequest,
  capacityLoad,
  idParams,
  moveOperationRequest,
  movePreview,
  operationPin,
  planningBoard,
  planningBoardQuery,
  progressReplan,
} from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { PlanningBoardService } from './board';
import type { MoveOperationService } from './move-operation';
import type { ProgressReplanService } from './progress-replan';
import { scenarioRoutes } from './scenario-routes';
import type { ScenarioService } from './scenarios';

// the board shows scheduled jobs: whoever may read jobs may read it (moving work will need write)
const read = { auth: { action: 'read', subject: 'ProductionJob' } } as const;
const tags = ['planning'];

export function planningRoutes(
  app: ZodApp,
  board: PlanningBoardService,
  progress: ProgressReplanService,
  moves?: MoveOperationService,
  scenarios?: ScenarioService,
): void {
  // what-if scenarios and long runs with progress (scenario-routes.ts)
  if (scenarios) scenarioRoutes(app, scenarios);
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
  if (!moves) return;
  // moving work is writing jobs' planned times: planners
  const write = { auth: { action: 'write', subject: 'ProductionJob' } } as const;
  app.post(
    '/api/planning/moves/preview',
    {
      config: write,
      schema: {
        tags,
        summary:
          'What moving one operation to another time or machine of its work center would do: the operations that move and the order lines whose planned completion and P90 change. Writes nothing',
        body: moveOperationRequest,
        response: { 200: movePreview },
      },
    },
    (request) => moves.preview(request.body),
  );
  app.post(
    '/api/planning/moves/apply',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Writes a previewed move: the new planned times and the lines re-promised; 409 when the plan changed since the preview',
        body: applyMoveRequest,
        response: { 200: movePreview },
      },
    },
    (request) => moves.apply(actorOf(principalOf(request)), request.body),
  );
  app.post(
    '/api/planning/operations/:id/pin',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Pin a planned or released operation where it is planned: later re-plans keep its machine and start until it is unpinned (a move pins what it moves)',
        params: idParams,
        response: { 200: operationPin },
      },
    },
    (request) => moves.pins.pin(actorOf(principalOf(request)), request.params.id),
  );
  app.post(
    '/api/planning/operations/:id/unpin',
    {
      config: write,
      schema: {
        tags,
        summary: 'Unpin an operation: the next re-plan may move it again',
        params: idParams,
        response: { 200: operationPin },
      },
    },
    (request) => moves.pins.unpin(actorOf(principalOf(request)), request.params.id),
  );
}
