/**
 * Routes of what-if scenarios and of long planning runs: the runs' progress streams as
 * server-sent events (`GET /api/planning/runs/:id/events`, text/event-stream: a `progress`
 * event per change, a comment line as heartbeat, and a last `done`, `failed` or `cancelled`
 * event, then the stream ends).
 */
import {
  addScenarioChangeRequest,
  adoptScenarioResult,
  computeScenarioResponse,
  createScenarioRequest,
  idParams,
  type PlanningRun,
  planningRun,
  scenario,
  scenarioChangeParams,
  scenarioList,
  scenarioListQuery,
  scenarioVersionBody,
  startPlanningRunRequest,
} from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { ScenarioService } from './scenarios';

// like the board: whoever reads jobs reads the plan's scenarios; planners change and adopt them
const read = { auth: { action: 'read', subject: 'ProductionJob' } } as const;
const write = { auth: { action: 'write', subject: 'ProductionJob' } } as const;
const tags = ['planning'];

/** If-Match or a body version when the caller sends one; none: last writer wins on a draft. */
const versionOf = (ifMatch: string | string[] | undefined, body: number | undefined) => {
  const header = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  const parsed = header === undefined ? Number.NaN : Number(header.replace(/^W\//, '').replaceAll('"', ''));
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : body;
};

export interface RunEventOptions {
  /** milliseconds between heartbeat comments */
  heartbeatMs?: number;
}

export function scenarioRoutes(app: ZodApp, scenarios: ScenarioService, options: RunEventOptions = {}): void {
  const runs = scenarios.runs;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  // a run's worker thread ends with the server
  app.addHook('onClose', () => runs.cancelAll());

  app.get(
    '/api/planning/scenarios',
    {
      config: read,
      schema: {
        tags,
        summary: 'What-if scenarios, newest first',
        querystring: scenarioListQuery,
        response: { 200: scenarioList },
      },
    },
    (request) => scenarios.list(request.query),
  );
  app.post(
    '/api/planning/scenarios',
    {
      config: write,
      schema: {
        tags,
        summary:
          'A new what-if scenario on a copy of the live plan, with its changes (nothing is planned yet)',
        body: createScenarioRequest,
        response: { 201: scenario },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await scenarios.create(actorOf(principalOf(request)), request.body)),
  );
  app.get(
    '/api/planning/scenarios/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: scenario } } },
    (request) => scenarios.get(request.params.id),
  );
  app.post(
    '/api/planning/scenarios/:id/changes',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Adds a change (extra shift, hypothetical order line, machine down, supplier delay); the scenario becomes a draft again',
        params: idParams,
        body: addScenarioChangeRequest,
        response: { 200: scenario },
      },
    },
    (request) =>
      scenarios.addChange(
        actorOf(principalOf(request)),
        request.params.id,
        versionOf(request.headers['if-match'], request.body.version),
        request.body.change,
      ),
  );
  app.delete(
    '/api/planning/scenarios/:id/changes/:changeId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Removes a change (If-Match optional)',
        params: scenarioChangeParams,
        response: { 200: scenario },
      },
    },
    (request) =>
      scenarios.removeChange(
        actorOf(principalOf(request)),
        request.params.id,
        request.params.changeId,
        versionOf(request.headers['if-match'], undefined),
      ),
  );
  app.post(
    '/api/planning/scenarios/:id/compute',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Computes the scenario as a planning run (worker thread; follow GET /api/planning/runs/:id/events): the plan with the changes, its KPIs beside the live plan’s. Never writes the live plan',
        params: idParams,
        body: scenarioVersionBody,
        response: { 202: computeScenarioResponse },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await scenarios.compute(
            actorOf(principalOf(request)),
            request.params.id,
            versionOf(request.headers['if-match'], request.body?.version),
          ),
        ),
  );
  app.post(
    '/api/planning/scenarios/:id/adopt',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Adopts a computed scenario into the live plan in one transaction (calendar exceptions, purchase order dates, planned times, re-promised lines); 409 when the live plan changed since it was computed',
        params: idParams,
        body: scenarioVersionBody,
        response: { 200: adoptScenarioResult },
      },
    },
    (request) =>
      scenarios.adopt(
        actorOf(principalOf(request)),
        request.params.id,
        versionOf(request.headers['if-match'], request.body?.version),
      ),
  );
  app.post(
    '/api/planning/scenarios/:id/discard',
    {
      config: write,
      schema: {
        tags,
        summary: 'Discards a scenario (a computing one is cancelled)',
        params: idParams,
        body: scenarioVersionBody,
        response: { 200: scenario },
      },
    },
    (request) =>
      scenarios.discard(
        actorOf(principalOf(request)),
        request.params.id,
        versionOf(request.headers['if-match'], request.body?.version),
      ),
  );

  app.post(
    '/api/planning/runs',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Starts a full re-plan (from the shop floor’s progress, as POST /api/planning/replan-from-progress) as a run in a worker thread; follow it by GET /api/planning/runs/:id/events',
        body: startPlanningRunRequest,
        response: { 202: planningRun },
      },
    },
    async (request, reply) => reply.code(202).send(scenarios.startReplan(actorOf(principalOf(request)))),
  );
  app.get(
    '/api/planning/runs/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A planning run: phase, percent, outcome',
        params: idParams,
        response: { 200: planningRun },
      },
    },
    (request) => runs.get(request.params.id),
  );
  app.post(
    '/api/planning/runs/:id/cancel',
    {
      config: write,
      schema: {
        tags,
        summary: 'Cancels a running planning run: its worker thread stops, nothing it computed is written',
        params: idParams,
        response: { 200: planningRun },
      },
    },
    (request) => runs.cancel(request.params.id),
  );
  app.get(
    '/api/planning/runs/:id/events',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The run’s progress as server-sent events (text/event-stream): `progress` events with the run, a heartbeat comment, and a last `done`, `failed` or `cancelled` event',
        params: idParams,
      },
    },
    async (request, reply) => {
      const current = runs.get(request.params.id); // 404 before the stream starts
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let ended = false;
      let unsubscribe = () => {};
      const send = (run: PlanningRun) => {
        if (ended) return;
        const event = run.status === 'running' ? 'progress' : run.status;
        raw.write(`event: ${event}\ndata: ${JSON.stringify(run)}\n\n`);
        if (run.status !== 'running') end();
      };
      const heartbeat = setInterval(() => {
        if (!ended) raw.write(': heartbeat\n\n');
      }, heartbeatMs);
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        raw.end();
      };
      request.raw.on('close', end);
      raw.write('retry: 2000\n\n');
      unsubscribe = runs.subscribe(current.id, send);
      send(runs.get(current.id));
    },
  );
}
