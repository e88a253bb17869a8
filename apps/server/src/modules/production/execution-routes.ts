import {
  bookingBody,
  bookingResult,
  dispatchList,
  dispatchListQuery,
  idParams,
  jobMaterial,
  materialIssueBody,
  materialIssueResult,
  operationDetail,
  reasonCode,
  reasonCodeInput,
  reasonCodeListQuery,
  releasedJobs,
  releaseJobsBody,
} from '@takt/contracts';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { plantTimeZone } from '../catalog/plant-structure';
import { actorOf } from '../identity/service';
import type { ExecutionService } from './execution-service';
import type { JobMaterialService } from './job-material';
import { sendTraveler } from './job-traveler-pdf';
import { machineCode } from './machines';
import type { ReasonCodeService } from './reason-codes';
import type { ProductionService } from './service';

const read = { auth: { action: 'read', subject: 'ShopFloor' } } as const;
const book = { auth: { action: 'write', subject: 'ShopFloor' } } as const;
const plan = { auth: { action: 'write', subject: 'ProductionJob' } } as const;
const tags = ['shop floor'];

export function executionRoutes(
  app: ZodApp,
  db: Db,
  execution: ExecutionService,
  production: ProductionService,
  reasons: ReasonCodeService,
  material: JobMaterialService,
): void {
  app.get(
    '/api/jobs/:id/material',
    {
      config: read,
      schema: {
        tags,
        summary: 'What the job’s BOM needs and what was issued to it',
        params: idParams,
        response: { 200: jobMaterial },
      },
    },
    (request) => material.material(request.params.id),
  );
  app.post(
    '/api/jobs/:id/material-issues',
    {
      config: book,
      schema: {
        tags,
        summary:
          'Issue scanned material (a lot or an item number) to the job; send Idempotency-Key so a retry issues once',
        params: idParams,
        body: materialIssueBody,
        response: { 201: materialIssueResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await material.issue(actorOf(principalOf(request)), request.params.id, request.body)),
  );
  app.post(
    '/api/jobs/release',
    {
      config: plan,
      schema: {
        tags,
        summary: 'Release planned jobs to the shop floor: the ones named, or all starting within a horizon',
        body: releaseJobsBody,
        response: { 200: releasedJobs },
      },
    },
    (request) => execution.release(actorOf(principalOf(request)), request.body),
  );
  app.get(
    '/api/jobs/:id/traveler.pdf',
    {
      config: { auth: { action: 'read', subject: 'ProductionJob' } },
      schema: {
        tags,
        summary: 'The job traveler: a PDF with a QR code per operation for the terminal to scan',
        params: idParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const [job, timeZone] = await Promise.all([production.get(request.params.id), plantTimeZone(db)]);
      const format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        dateStyle: 'medium',
        timeStyle: 'short',
      });
      return sendTraveler(
        reply,
        {
          number: job.number,
          itemNumber: job.itemNumber,
          itemName: job.itemName,
          quantity: job.quantity,
          due: job.due,
          orderReference: null,
          operations: job.operations.map((op) => ({
            id: op.id,
            number: op.number,
            name: op.name,
            workCenterCode: op.workCenterCode,
            machineCode: op.machineIndex === null ? null : machineCode(op.workCenterCode, op.machineIndex),
            setupMinutes: op.setupMinutes,
            runMinutes: op.runMinutes,
            quantity: op.quantity,
            rework: op.rework,
            plannedStart: op.plannedStart,
            instructions: op.instructions,
            drawingUrl: op.drawingUrl,
          })),
        },
        (iso) => format.format(new Date(iso)),
      );
    },
  );
  app.get(
    '/api/work-centers/:id/dispatch-list',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The unfinished operations of released jobs at a work center: under way first, then in schedule order',
        params: idParams,
        querystring: dispatchListQuery,
        response: { 200: dispatchList },
      },
    },
    (request) => execution.dispatchList(request.params.id, request.query),
  );
  app.get(
    '/api/job-operations/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: operationDetail } } },
    (request) => execution.operation(request.params.id),
  );
  app.post(
    '/api/job-operations/:id/bookings',
    {
      config: book,
      schema: {
        tags,
        summary:
          'Book setup, run, pause, finish or a quantity on an operation as the signed-in operator; the same clientEventId books once',
        params: idParams,
        body: bookingBody,
        response: { 200: bookingResult },
      },
    },
    (request) => {
      const principal = principalOf(request);
      return execution.book(actorOf(principal), principal.userId, request.params.id, request.body);
    },
  );
  app.get(
    '/api/reason-codes',
    {
      config: read,
      schema: { tags, querystring: reasonCodeListQuery, response: { 200: z.array(reasonCode) } },
    },
    (request) => reasons.list(request.query),
  );
  app.post(
    '/api/reason-codes',
    {
      config: { auth: { action: 'write', subject: 'ShopFloor' } },
      schema: { tags, body: reasonCodeInput, response: { 201: reasonCode } },
    },
    async (request, reply) => {
      const [created] = await reasons.create(actorOf(principalOf(request)), [request.body]);
      return reply.code(201).send(created);
    },
  );
}
