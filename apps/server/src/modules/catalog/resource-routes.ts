/** Routes of calendars, setup matrices, work centers and routings. */
import {
  calendar,
  calendarInput,
  createRoutingBody,
  idParams,
  page,
  releaseRoutingBody,
  routing,
  setupMatrix,
  setupMatrixInput,
  updateCalendarBody,
  updateRoutingBody,
  updateSetupMatrixBody,
  updateWorkCenterBody,
  workCenter,
  workCenterInput,
  workCenterListQuery,
  workingTime,
  workingTimeQuery,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { RoutingService } from './routing-service';
import type { WorkCenterService } from './work-center-service';

const can = (action: 'read' | 'write', subject: 'WorkCenter' | 'Calendar' | 'Routing') =>
  ({ auth: { action, subject } }) as const;

export function resourceRoutes(
  app: ZodApp,
  services: { workCenters: WorkCenterService; routings: RoutingService },
): void {
  const { workCenters, routings } = services;
  const actor = (request: Parameters<typeof principalOf>[0]) => actorOf(principalOf(request));

  app.get(
    '/api/calendars',
    {
      config: can('read', 'Calendar'),
      schema: { tags: ['calendars'], response: { 200: z.array(calendar) } },
    },
    () => workCenters.listCalendars(),
  );
  app.get(
    '/api/calendars/:id',
    {
      config: can('read', 'Calendar'),
      schema: { tags: ['calendars'], params: idParams, response: { 200: calendar } },
    },
    (request) => workCenters.getCalendar(request.params.id),
  );
  app.post(
    '/api/calendars',
    {
      config: can('write', 'Calendar'),
      schema: { tags: ['calendars'], body: calendarInput, response: { 201: calendar } },
    },
    async (request, reply) =>
      reply.code(201).send(await workCenters.createCalendar(actor(request), request.body)),
  );
  app.patch(
    '/api/calendars/:id',
    {
      config: can('write', 'Calendar'),
      schema: {
        tags: ['calendars'],
        params: idParams,
        body: updateCalendarBody,
        response: { 200: calendar },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return workCenters.updateCalendar(
        actor(request),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.get(
    '/api/calendars/:id/working-time',
    {
      config: can('read', 'Calendar'),
      schema: {
        tags: ['calendars'],
        summary: 'Working intervals between two local dates',
        params: idParams,
        querystring: workingTimeQuery,
        response: { 200: workingTime },
      },
    },
    (request) => workCenters.workingTime(request.params.id, request.query.from, request.query.to),
  );

  app.get(
    '/api/setup-matrices',
    {
      config: can('read', 'WorkCenter'),
      schema: { tags: ['setup matrices'], response: { 200: z.array(setupMatrix) } },
    },
    () => workCenters.listSetupMatrices(),
  );
  app.get(
    '/api/setup-matrices/:id',
    {
      config: can('read', 'WorkCenter'),
      schema: { tags: ['setup matrices'], params: idParams, response: { 200: setupMatrix } },
    },
    (request) => workCenters.getSetupMatrix(request.params.id),
  );
  app.post(
    '/api/setup-matrices',
    {
      config: can('write', 'WorkCenter'),
      schema: { tags: ['setup matrices'], body: setupMatrixInput, response: { 201: setupMatrix } },
    },
    async (request, reply) =>
      reply.code(201).send(await workCenters.createSetupMatrix(actor(request), request.body)),
  );
  app.patch(
    '/api/setup-matrices/:id',
    {
      config: can('write', 'WorkCenter'),
      schema: {
        tags: ['setup matrices'],
        params: idParams,
        body: updateSetupMatrixBody,
        response: { 200: setupMatrix },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return workCenters.updateSetupMatrix(
        actor(request),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );

  app.get(
    '/api/work-centers',
    {
      config: can('read', 'WorkCenter'),
      schema: {
        tags: ['work centers'],
        querystring: workCenterListQuery,
        response: { 200: page(workCenter) },
      },
    },
    (request) => workCenters.list(request.query),
  );
  app.get(
    '/api/work-centers/:id',
    {
      config: can('read', 'WorkCenter'),
      schema: { tags: ['work centers'], params: idParams, response: { 200: workCenter } },
    },
    (request) => workCenters.get(request.params.id),
  );
  app.post(
    '/api/work-centers',
    {
      config: can('write', 'WorkCenter'),
      schema: { tags: ['work centers'], body: workCenterInput, response: { 201: workCenter } },
    },
    async (request, reply) => reply.code(201).send(await workCenters.create(actor(request), request.body)),
  );
  app.patch(
    '/api/work-centers/:id',
    {
      config: can('write', 'WorkCenter'),
      schema: {
        tags: ['work centers'],
        params: idParams,
        body: updateWorkCenterBody,
        response: { 200: workCenter },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return workCenters.update(
        actor(request),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );

  app.get(
    '/api/items/:id/routings',
    {
      config: can('read', 'Routing'),
      schema: {
        tags: ['routings'],
        summary: 'All routing revisions of an item',
        params: idParams,
        response: { 200: z.array(routing) },
      },
    },
    (request) => routings.listForItem(request.params.id),
  );
  app.post(
    '/api/items/:id/routings',
    {
      config: can('write', 'Routing'),
      schema: {
        tags: ['routings'],
        summary: 'Create a draft routing revision',
        params: idParams,
        body: createRoutingBody,
        response: { 201: routing },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await routings.create(actor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/routings/:id',
    {
      config: can('read', 'Routing'),
      schema: { tags: ['routings'], params: idParams, response: { 200: routing } },
    },
    (request) => routings.get(request.params.id),
  );
  app.patch(
    '/api/routings/:id',
    {
      config: can('write', 'Routing'),
      schema: { tags: ['routings'], params: idParams, body: updateRoutingBody, response: { 200: routing } },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return routings.update(
        actor(request),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.post(
    '/api/routings/:id/release',
    {
      config: can('write', 'Routing'),
      schema: { tags: ['routings'], params: idParams, body: releaseRoutingBody, response: { 200: routing } },
    },
    (request) =>
      routings.release(
        actor(request),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.validFrom,
      ),
  );
}
