/**
 * Routes of quality: inspection plans on routing operations (engineering data: Routing writes),
 * results and non-conformance reports from the terminal (Quality writes: operators too), and
 * dispositions (QualityDisposition: supervisors and admins only).
 */
import {
  closeNonConformanceBody,
  createNonConformanceBody,
  dispositionBody,
  idParams,
  inspectionCharacteristic,
  inspectionCharacteristicInput,
  inspectionResultsBody,
  inspectionResultsOutcome,
  nonConformance,
  nonConformanceListQuery,
  operationInspection,
  page,
  updateInspectionCharacteristicBody,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { InspectionService } from './inspection-service';
import type { NonConformanceService } from './non-conformance-service';

const readPlan = { auth: { action: 'read', subject: 'Routing' } } as const;
const writePlan = { auth: { action: 'write', subject: 'Routing' } } as const;
const read = { auth: { action: 'read', subject: 'Quality' } } as const;
const write = { auth: { action: 'write', subject: 'Quality' } } as const;
const decide = { auth: { action: 'write', subject: 'QualityDisposition' } } as const;
const tags = ['quality'];

export function qualityRoutes(app: ZodApp, inspection: InspectionService, ncrs: NonConformanceService): void {
  app.get(
    '/api/routing-operations/:id/inspection-characteristics',
    {
      config: readPlan,
      schema: {
        tags,
        summary: 'The inspection plan of a routing operation',
        params: idParams,
        response: { 200: z.array(inspectionCharacteristic) },
      },
    },
    (request) => inspection.characteristics(request.params.id),
  );
  app.post(
    '/api/routing-operations/:id/inspection-characteristics',
    {
      config: writePlan,
      schema: {
        tags,
        summary: 'Add a characteristic to the plan: lower ≤ nominal ≤ upper, at least one limit',
        params: idParams,
        body: inspectionCharacteristicInput,
        response: { 201: inspectionCharacteristic },
      },
    },
    async (request, reply) => {
      const [created] = await inspection.createCharacteristics(
        actorOf(principalOf(request)),
        request.params.id,
        [request.body],
      );
      return reply.code(201).send(created);
    },
  );
  app.patch(
    '/api/inspection-characteristics/:id',
    {
      config: writePlan,
      schema: {
        tags,
        summary: 'Change a characteristic (If-Match or version); null clears a limit',
        params: idParams,
        body: updateInspectionCharacteristicBody,
        response: { 200: inspectionCharacteristic },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return inspection.updateCharacteristic(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/inspection-characteristics/:id',
    {
      config: writePlan,
      schema: {
        tags,
        summary: 'Remove a characteristic that was never measured (If-Match required)',
        params: idParams,
      },
    },
    async (request, reply) => {
      await inspection.deleteCharacteristic(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], undefined),
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/job-operations/:id/inspection',
    {
      config: read,
      schema: {
        tags,
        summary:
          'What to measure on a job operation (its routing operation’s plan), the results so far and its non-conformances',
        params: idParams,
        response: { 200: operationInspection },
      },
    },
    (request) => inspection.ofOperation(request.params.id),
  );
  app.post(
    '/api/job-operations/:id/inspection-results',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Record measured values as the signed-in operator: pass or fail against the limits; the same clientEventId records once',
        params: idParams,
        body: inspectionResultsBody,
        response: { 200: inspectionResultsOutcome },
      },
    },
    (request) => {
      const principal = principalOf(request);
      return inspection.recordResults(actorOf(principal), principal.userId, request.params.id, request.body);
    },
  );

  app.get(
    '/api/non-conformances',
    {
      config: read,
      schema: {
        tags,
        summary: 'Non-conformances, newest first; filter by status or job',
        querystring: nonConformanceListQuery,
        response: { 200: page(nonConformance) },
      },
    },
    (request) => ncrs.list(request.query),
  );
  app.post(
    '/api/non-conformances',
    {
      config: write,
      schema: {
        tags,
        summary: 'Report non-conforming parts of a job operation (numbered NCR-000001)',
        body: createNonConformanceBody,
        response: { 201: nonConformance },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.code(201).send(await ncrs.report(actorOf(principal), principal.userId, request.body));
    },
  );
  app.get(
    '/api/non-conformances/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: nonConformance } } },
    (request) => ncrs.get(request.params.id),
  );
  app.post(
    '/api/non-conformances/:id/disposition',
    {
      config: decide,
      schema: {
        tags,
        summary:
          'Decide what happens to the parts: scrap (closed, cost of material and work), rework (adds an operation to the job) or use as is (closed, no cost)',
        params: idParams,
        body: dispositionBody,
        response: { 200: nonConformance },
      },
    },
    (request) =>
      ncrs.disposition(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body,
      ),
  );
  app.post(
    '/api/non-conformances/:id/close',
    {
      config: decide,
      schema: {
        tags,
        summary: 'Close a rework non-conformance once its rework operation is done',
        params: idParams,
        body: closeNonConformanceBody,
        response: { 200: nonConformance },
      },
    },
    (request) =>
      ncrs.close(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );
}
