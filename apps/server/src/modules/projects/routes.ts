import {
  completeMilestoneBody,
  engineeringTasksInput,
  invoicePaymentBody,
  milestonePatch,
  page,
  paidPaymentBody,
  paymentPlanInput,
  phasePatch,
  project,
  projectInput,
  projectListQuery,
  projectMilestoneParams,
  projectParams,
  projectPatch,
  projectPaymentParams,
  projectPerson,
  projectPhaseParams,
  projectSummary,
} from '@takt/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { ProjectService } from './project-service';

const read = { auth: { action: 'read', subject: 'Project' } } as const;
const write = { auth: { action: 'write', subject: 'Project' } } as const;
const tags = ['projects'];

const versionOf = (request: FastifyRequest<{ Body: { version?: number } }>) =>
  expectedVersion(request.headers['if-match'], request.body?.version);
const actor = (request: FastifyRequest) => actorOf(principalOf(request));
/** the body without its version (the version is checked on its own) */
const changesOf = <T extends { version?: number }>(body: T): Omit<T, 'version'> => {
  const { version: _version, ...changes } = body;
  return changes;
};

export function projectRoutes(app: ZodApp, projects: ProjectService): void {
  app.get(
    '/api/projects',
    {
      config: read,
      schema: {
        tags,
        summary: 'Engineer-to-order projects with their current phase, next milestone and what is due',
        querystring: projectListQuery,
        response: { 200: page(projectSummary) },
      },
    },
    (request) => projects.list(request.query),
  );
  app.get(
    '/api/projects/people',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who can own a project, a phase or a design task: active admins, sales, engineers, planners',
        response: { 200: z.array(projectPerson) },
      },
    },
    () => projects.people(),
  );
  app.get(
    '/api/projects/:id',
    {
      config: read,
      schema: {
        tags,
        summary:
          'A project: phases (people’s and the plan’s dates), milestones, engineering tasks on engineering capacity, payment plan',
        params: projectParams,
        response: { 200: project },
      },
    },
    (request) => projects.get(request.params.id),
  );
  app.post(
    '/api/projects',
    {
      config: write,
      schema: {
        tags,
        summary:
          'A project for an order or quote line of an ETO item: standard phases, milestones, payment plan, and the engineering tasks its promise plans first',
        body: projectInput,
        response: { 201: project },
      },
    },
    async (request, reply) => reply.code(201).send(await projects.create(actor(request), request.body)),
  );
  app.patch(
    '/api/projects/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Name, owner, approval time, status, or the order line the quote became',
        params: projectParams,
        body: projectPatch,
        response: { 200: project },
      },
    },
    (request) =>
      projects.update(actor(request), request.params.id, versionOf(request), changesOf(request.body)),
  );
  app.patch(
    '/api/projects/:id/phases/:phaseId',
    {
      config: write,
      schema: {
        tags,
        summary: 'A phase’s owner, status, planned and actual dates',
        params: projectPhaseParams,
        body: phasePatch,
        response: { 200: project },
      },
    },
    (request) =>
      projects.updatePhase(
        actor(request),
        request.params.id,
        request.params.phaseId,
        versionOf(request),
        changesOf(request.body),
      ),
  );
  app.patch(
    '/api/projects/:id/milestones/:milestoneId',
    {
      config: write,
      schema: {
        tags,
        summary: 'A milestone’s name and due date',
        params: projectMilestoneParams,
        body: milestonePatch,
        response: { 200: project },
      },
    },
    (request) =>
      projects.updateMilestone(
        actor(request),
        request.params.id,
        request.params.milestoneId,
        versionOf(request),
        changesOf(request.body),
      ),
  );
  app.post(
    '/api/projects/:id/milestones/:milestoneId/complete',
    {
      config: write,
      schema: {
        tags,
        summary: 'The milestone is reached: the payments it triggers become due',
        params: projectMilestoneParams,
        body: completeMilestoneBody,
        response: { 200: project },
      },
    },
    (request) =>
      projects.completeMilestone(
        actor(request),
        request.params.id,
        request.params.milestoneId,
        versionOf(request),
        request.body.completedAt ? new Date(request.body.completedAt) : undefined,
      ),
  );
  app.put(
    '/api/projects/:id/payment-plan',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Replace the payment plan (shares add up to 100 %, each due at a milestone; invoiced ones stay)',
        params: projectParams,
        body: paymentPlanInput,
        response: { 200: project },
      },
    },
    (request) =>
      projects.setPaymentPlan(actor(request), request.params.id, versionOf(request), changesOf(request.body)),
  );
  app.put(
    '/api/projects/:id/engineering-tasks',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Replace the engineering tasks; once planned, the job’s design operations follow (started ones stay, finished ones keep their hours) and the plan is re-timed',
        params: projectParams,
        body: engineeringTasksInput,
        response: { 200: project },
      },
    },
    (request) =>
      projects.setEngineeringTasks(actor(request), request.params.id, versionOf(request), request.body.tasks),
  );
  app.post(
    '/api/projects/:id/payments/:paymentId/invoice',
    {
      config: write,
      schema: {
        tags,
        summary: 'A due payment was invoiced (the accounting system’s invoice number)',
        params: projectPaymentParams,
        body: invoicePaymentBody,
        response: { 200: project },
      },
    },
    (request) =>
      projects.invoicePayment(
        actor(request),
        request.params.id,
        request.params.paymentId,
        versionOf(request),
        request.body.invoiceNumber,
      ),
  );
  app.post(
    '/api/projects/:id/payments/:paymentId/paid',
    {
      config: write,
      schema: {
        tags,
        summary: 'An invoiced payment was paid',
        params: projectPaymentParams,
        body: paidPaymentBody,
        response: { 200: project },
      },
    },
    (request) =>
      projects.markPaid(
        actor(request),
        request.params.id,
        request.params.paymentId,
        versionOf(request),
        request.body.paidAt ? new Date(request.body.paidAt) : undefined,
      ),
  );
}
