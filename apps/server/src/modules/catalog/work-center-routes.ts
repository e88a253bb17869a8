/** Routes of work centers: list and search, get, create, change with a version. */
import {
  idParams,
  page,
  updateWorkCenterBody,
  workCenter,
  workCenterInput,
  workCenterListQuery,
} from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { WorkCenterService } from './work-center-service';

const read = { auth: { action: 'read', subject: 'WorkCenter' } } as const;
const write = { auth: { action: 'write', subject: 'WorkCenter' } } as const;
const tags = ['work centers'];

export function workCenterRoutes(app: ZodApp, workCenters: WorkCenterService): void {
  app.get(
    '/api/work-centers',
    {
      config: read,
      schema: {
        tags,
        summary: 'Work centers by code; q searches code and name',
        querystring: workCenterListQuery,
        response: { 200: page(workCenter) },
      },
    },
    (request) => workCenters.list(request.query),
  );
  app.get(
    '/api/work-centers/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: workCenter } } },
    (request) => workCenters.get(request.params.id),
  );
  app.post(
    '/api/work-centers',
    { config: write, schema: { tags, body: workCenterInput, response: { 201: workCenter } } },
    async (request, reply) =>
      reply.code(201).send(await workCenters.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/work-centers/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updateWorkCenterBody, response: { 200: workCenter } },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return workCenters.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
}
