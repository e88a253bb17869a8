import { Readable } from 'node:stream';
import {
  eventExportQuery,
  eventFeed,
  eventFeedQuery,
  idParams,
  inboundCsvQuery,
  inboundSalesOrderBatch,
  inboundSalesOrderResult,
  inboundWorkOrderBatch,
  inboundWorkOrderCsvQuery,
  inboundWorkOrderResult,
  listQuery,
  page,
  updateWebhookSubscriptionBody,
  versioned,
  webhookDelivery,
  webhookDeliveryListQuery,
  webhookDeliveryParams,
  webhookSubscription,
  webhookSubscriptionInput,
  webhookSubscriptionWithSecret,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { IntegrationServices } from './integration-module';

const read = { auth: { action: 'read', subject: 'Integration' } } as const;
const write = { auth: { action: 'write', subject: 'Integration' } } as const;
// an ERP's integration user needs no more than a sales clerk to send orders
const writeOrders = { auth: { action: 'write', subject: 'SalesOrder' } } as const;
// and no more than a planner to send production orders
const writeJobs = { auth: { action: 'write', subject: 'ProductionJob' } } as const;
const tags = ['integration'];
const webhooks = '/api/integration/webhooks';

export function integrationRoutes(
  app: ZodApp,
  { webhooks: service, feed, inbound, inboundWorkOrders }: IntegrationServices,
): void {
  app.get(
    webhooks,
    {
      config: read,
      schema: {
        tags,
        summary: 'Webhook subscriptions',
        querystring: listQuery,
        response: { 200: page(webhookSubscription) },
      },
    },
    (request) => service.list(request.query),
  );
  app.get(
    `${webhooks}/:id`,
    { config: read, schema: { tags, params: idParams, response: { 200: webhookSubscription } } },
    (request) => service.get(request.params.id),
  );
  app.post(
    webhooks,
    {
      config: write,
      schema: {
        tags,
        summary: 'Subscribe a URL to event types; the answer shows the signing secret, once',
        body: webhookSubscriptionInput,
        response: { 201: webhookSubscriptionWithSecret },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    `${webhooks}/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a subscription (send If-Match); a secret sent here replaces the old one',
        params: idParams,
        body: updateWebhookSubscriptionBody,
        response: { 200: webhookSubscription },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return service.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.post(
    `${webhooks}/:id/secret`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Generate a new signing secret (send If-Match); shown once',
        params: idParams,
        body: versioned.partial().optional(),
        response: { 200: webhookSubscriptionWithSecret },
      },
    },
    (request) =>
      service.rotateSecret(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body?.version),
      ),
  );
  app.delete(
    `${webhooks}/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a subscription and its delivery log (send If-Match)',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.remove(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.query.version),
      );
      return reply.code(204).send(null);
    },
  );
  app.get(
    `${webhooks}/:id/deliveries`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The delivery log of a subscription, newest first',
        params: idParams,
        querystring: webhookDeliveryListQuery,
        response: { 200: page(webhookDelivery) },
      },
    },
    (request) => service.deliveries(request.params.id, request.query),
  );
  app.post(
    `${webhooks}/:id/deliveries/:deliveryId/redeliver`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Send a delivered or failed event again, as a new delivery due now',
        params: webhookDeliveryParams,
        response: { 201: webhookDelivery },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.redeliver(
            actorOf(principalOf(request)),
            request.params.id,
            request.params.deliveryId,
          ),
        ),
  );
  app.post(
    `${webhooks}/:id/ping`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Send a webhook.ping event to this subscription only',
        params: idParams,
        response: { 201: webhookDelivery },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.ping(actorOf(principalOf(request)), request.params.id)),
  );

  app.get(
    '/api/integration/events',
    {
      config: read,
      schema: {
        tags,
        summary: 'Confirmations after a sequence number, oldest first (poll with `after` = the last `next`)',
        querystring: eventFeedQuery,
        response: { 200: eventFeed },
      },
    },
    (request) => feed.pull(request.query),
  );
  app.get(
    '/api/integration/exports',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The confirmations of a period as a file: CSV (sequence, id, type, entity, entity_id, occurred_at, payload) or a JSON array',
        querystring: eventExportQuery,
      },
    },
    async (request, reply) => {
      const query = request.query;
      await feed.period(query); // a bad period is a 422 before the file starts
      const name = `takt-events-${query.from}-${query.to}`.replace(/[^A-Za-z0-9._-]/g, '');
      return reply
        .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.${query.format}"`)
        .send(Readable.from(feed.export(query)));
    },
  );

  app.post(
    '/api/integration/inbound/sales-orders',
    {
      config: writeOrders,
      schema: {
        tags,
        summary:
          'Sales orders from an ERP, all or nothing; idempotent by (customer, externalReference): a known reference is reported as existing',
        body: inboundSalesOrderBatch,
        response: { 200: inboundSalesOrderResult, 201: inboundSalesOrderResult },
      },
    },
    async (request, reply) => {
      const result = await inbound.receive(actorOf(principalOf(request)), request.body);
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );
  if (!app.hasContentTypeParser('text/csv'))
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post(
    '/api/import/sales-orders',
    {
      config: writeOrders,
      schema: {
        tags: [...tags, 'import'],
        summary:
          'Import sales orders from CSV (external_reference, customer_number, item_number, quantity, requested_date[, unit_price, discount_percent]); a bad file writes nothing',
        querystring: inboundCsvQuery,
        body: z.string().min(1, 'send the CSV file as the body (Content-Type: text/csv)'),
        response: { 200: inboundSalesOrderResult, 201: inboundSalesOrderResult },
      },
    },
    async (request, reply) => {
      const result = await inbound.receiveCsv(
        actorOf(principalOf(request)),
        request.body,
        request.query.confirm,
      );
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/integration/inbound/work-orders',
    {
      config: writeJobs,
      schema: {
        tags,
        summary:
          'Work orders (production orders) from an ERP, all or nothing: each becomes a job scheduled around the plan; idempotent by externalReference',
        body: inboundWorkOrderBatch,
        response: { 200: inboundWorkOrderResult, 201: inboundWorkOrderResult },
      },
    },
    async (request, reply) => {
      const result = await inboundWorkOrders.receive(actorOf(principalOf(request)), request.body);
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );
  app.post(
    '/api/import/work-orders',
    {
      config: writeJobs,
      schema: {
        tags: [...tags, 'import'],
        summary:
          'Import work orders from CSV (external_reference, item_number, quantity, due_date); a bad file writes nothing',
        querystring: inboundWorkOrderCsvQuery,
        body: z.string().min(1, 'send the CSV file as the body (Content-Type: text/csv)'),
        response: { 200: inboundWorkOrderResult, 201: inboundWorkOrderResult },
      },
    },
    async (request, reply) => {
      const result = await inboundWorkOrders.receiveCsv(
        actorOf(principalOf(request)),
        request.body,
        request.query.release,
      );
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );
}
