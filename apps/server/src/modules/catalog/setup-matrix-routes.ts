/** Routes of setup matrices (guarded like work centers, which use them). */
import { idParams, setupMatrix, setupMatrixInput, updateSetupMatrixBody } from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { SetupMatrixService } from './setup-matrix-service';

const read = { auth: { action: 'read', subject: 'WorkCenter' } } as const;
const write = { auth: { action: 'write', subject: 'WorkCenter' } } as const;
const tags = ['setup matrices'];

export function setupMatrixRoutes(app: ZodApp, setupMatrices: SetupMatrixService): void {
  app.get(
    '/api/setup-matrices',
    { config: read, schema: { tags, response: { 200: z.array(setupMatrix) } } },
    () => setupMatrices.list(),
  );
  app.get(
    '/api/setup-matrices/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: setupMatrix } } },
    (request) => setupMatrices.get(request.params.id),
  );
  app.post(
    '/api/setup-matrices',
    { config: write, schema: { tags, body: setupMatrixInput, response: { 201: setupMatrix } } },
    async (request, reply) =>
      reply.code(201).send(await setupMatrices.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/setup-matrices/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updateSetupMatrixBody, response: { 200: setupMatrix } },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return setupMatrices.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/setup-matrices/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a setup matrix no work center uses (If-Match optional)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      await setupMatrices.delete(
        actorOf(principalOf(request)),
        request.params.id,
        ifMatch === undefined ? undefined : expectedVersion(ifMatch, undefined),
      );
      return reply.code(204).send();
    },
  );
}
