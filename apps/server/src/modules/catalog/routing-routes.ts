/** Routes of routings: an item's revisions, drafts, changes to drafts, release. */
import { createRoutingBody, idParams, releaseRoutingBody, routing, updateRoutingBody } from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { RoutingService } from './routing-service';

const read = { auth: { action: 'read', subject: 'Routing' } } as const;
const write = { auth: { action: 'write', subject: 'Routing' } } as const;
const tags = ['routings'];

export function routingRoutes(app: ZodApp, routings: RoutingService): void {
  app.get(
    '/api/items/:id/routings',
    {
      config: read,
      schema: {
        tags,
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
      config: write,
      schema: {
        tags,
        summary: 'Create a draft routing revision (next letter unless a revision is given)',
        params: idParams,
        body: createRoutingBody,
        response: { 201: routing },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await routings.create(actorOf(principalOf(request)), request.params.id, request.body)),
  );
  app.get(
    '/api/routings/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: routing } } },
    (request) => routings.get(request.params.id),
  );
  app.patch(
    '/api/routings/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a draft; operations, when given, replace all operations',
        params: idParams,
        body: updateRoutingBody,
        response: { 200: routing },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return routings.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/routings/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a draft revision (If-Match required)', params: idParams },
    },
    async (request, reply) => {
      await routings.deleteDraft(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], undefined),
      );
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/routings/:id/release',
    {
      config: write,
      schema: {
        tags,
        summary: 'Release a draft; the released revision before it becomes obsolete from validFrom',
        params: idParams,
        body: releaseRoutingBody,
        response: { 200: routing },
      },
    },
    (request) =>
      routings.release(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.validFrom,
      ),
  );
}
