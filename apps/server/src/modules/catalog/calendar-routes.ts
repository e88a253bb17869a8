/** Routes of calendars: CRUD and the working time the planner sees. */
import {
  calendar,
  calendarInput,
  idParams,
  updateCalendarBody,
  workingTime,
  workingTimeQuery,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { CalendarService } from './calendar-service';

const read = { auth: { action: 'read', subject: 'Calendar' } } as const;
const write = { auth: { action: 'write', subject: 'Calendar' } } as const;
const tags = ['calendars'];

export function calendarRoutes(app: ZodApp, calendars: CalendarService): void {
  app.get('/api/calendars', { config: read, schema: { tags, response: { 200: z.array(calendar) } } }, () =>
    calendars.list(),
  );
  app.get(
    '/api/calendars/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: calendar } } },
    (request) => calendars.get(request.params.id),
  );
  app.post(
    '/api/calendars',
    { config: write, schema: { tags, body: calendarInput, response: { 201: calendar } } },
    async (request, reply) =>
      reply.code(201).send(await calendars.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/calendars/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updateCalendarBody, response: { 200: calendar } },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return calendars.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/calendars/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a calendar no work center uses (If-Match optional)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      await calendars.delete(
        actorOf(principalOf(request)),
        request.params.id,
        ifMatch === undefined ? undefined : expectedVersion(ifMatch, undefined),
      );
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/calendars/:id/working-time',
    {
      config: read,
      schema: {
        tags,
        summary: 'Working intervals (UTC instants) between two local dates, as the planner expands them',
        params: idParams,
        querystring: workingTimeQuery,
        response: { 200: workingTime },
      },
    },
    (request) => calendars.workingTime(request.params.id, request.query.from, request.query.to),
  );
}
