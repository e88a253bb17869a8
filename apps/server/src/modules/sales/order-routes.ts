import {
  cancelOrderBody,
  changeOrderLineBody,
  confirmOrderBody,
  idParams,
  orderImpact,
  orderLineParams,
  orderSupply,
  page,
  promiseAnswer,
  promiseQuote,
  salesOrder,
  salesOrderInput,
  salesOrderListQuery,
  salesOrderSummary,
} from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { OrderChangeService } from './order-changes';
import type { SalesOrderService } from './order-service';
import type { OrderSupplyService } from './order-supply';
import { orderConfirmationDocument, sendPdf } from './sales-document-pdf';

const read = { auth: { action: 'read', subject: 'SalesOrder' } } as const;
const write = { auth: { action: 'write', subject: 'SalesOrder' } } as const;
const tags = ['sales orders'];

export function salesOrderRoutes(
  app: ZodApp,
  orders: SalesOrderService,
  supply: OrderSupplyService,
  changes: OrderChangeService,
): void {
  app.get(
    '/api/sales-orders',
    {
      config: read,
      schema: { tags, querystring: salesOrderListQuery, response: { 200: page(salesOrderSummary) } },
    },
    (request) => orders.list(request.query),
  );
  app.get(
    '/api/sales-orders/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: salesOrder } } },
    (request) => orders.get(request.params.id),
  );
  app.get(
    '/api/sales-orders/:id/confirmation.pdf',
    {
      config: read,
      schema: {
        tags,
        summary: 'The order confirmation as a PDF',
        params: idParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => sendPdf(reply, orderConfirmationDocument(await orders.get(request.params.id))),
  );
  app.post(
    '/api/sales-orders',
    { config: write, schema: { tags, body: salesOrderInput, response: { 201: salesOrder } } },
    async (request, reply) =>
      reply.code(201).send(await orders.create(actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/api/sales-orders/:id/confirm',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Confirm a draft order: plan its supply (pegged jobs, requisitions, reservations) and promise each line',
        params: idParams,
        body: confirmOrderBody,
        response: { 200: salesOrder },
      },
    },
    (request) =>
      orders.confirm(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );
  app.post(
    '/api/sales-orders/:id/cancel',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Cancel a confirmed order: not-started jobs and open requisitions are cancelled, reservations released (preview: the impact only)',
        params: idParams,
        body: cancelOrderBody,
        response: { 200: orderImpact },
      },
    },
    (request) =>
      changes.cancel(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.preview,
      ),
  );
  app.post(
    '/api/sales-orders/:id/lines/:lineId/change',
    {
      config: write,
      schema: {
        tags,
        summary:
          "Change a line's quantity or requested date: its not-started supply is re-planned and the line promised again (preview: the impact only)",
        params: orderLineParams,
        body: changeOrderLineBody,
        response: { 200: orderImpact },
      },
    },
    (request) => {
      const { version, preview, ...change } = request.body;
      return changes.changeLine(
        actorOf(principalOf(request)),
        request.params.id,
        request.params.lineId,
        change,
        expectedVersion(request.headers['if-match'], version),
        preview,
      );
    },
  );
  app.get(
    '/api/sales-orders/:id/supply',
    {
      config: read,
      schema: {
        tags,
        summary: 'The supply tree of every line: stock, jobs and purchases pegged to it',
        params: idParams,
        response: { 200: orderSupply },
      },
    },
    (request) => supply.ofOrder(request.params.id),
  );
  app.post(
    '/api/promise',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Capable-to-promise: the delivery date an item and quantity would get now, with P50/P90, without writing anything',
        body: promiseQuote,
        response: { 200: promiseAnswer },
      },
    },
    async (request) => {
      const { demand: _demand, ...answer } = await orders.promise(request.body);
      return answer;
    },
  );
}
