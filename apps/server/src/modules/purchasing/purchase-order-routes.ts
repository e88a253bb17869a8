import {
  idParams,
  orderRequisitionsBody,
  page,
  purchaseOrder,
  purchaseOrderListQuery,
  receiptBody,
  sendPurchaseOrderBody,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { PurchaseOrderService } from './purchase-order-service';

const read = { auth: { action: 'read', subject: 'Requisition' } } as const;
const write = { auth: { action: 'write', subject: 'Requisition' } } as const;
const tags = ['purchasing'];

export function purchaseOrderRoutes(app: ZodApp, orders: PurchaseOrderService): void {
  app.get(
    '/api/purchase-orders',
    {
      config: read,
      schema: { tags, querystring: purchaseOrderListQuery, response: { 200: page(purchaseOrder) } },
    },
    (request) => orders.list(request.query),
  );
  app.get(
    '/api/purchase-orders/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: purchaseOrder } } },
    (request) => orders.get(request.params.id),
  );
  app.post(
    '/api/requisitions/order',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Order open requisitions: one purchase order per supplier, quantities and prices by its terms',
        body: orderRequisitionsBody,
        response: { 201: z.array(purchaseOrder) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await orders.orderRequisitions(actorOf(principalOf(request)), request.body.requisitionIds)),
  );
  app.post(
    '/api/purchase-orders/:id/send',
    {
      config: write,
      schema: { tags, params: idParams, body: sendPurchaseOrderBody, response: { 200: purchaseOrder } },
    },
    (request) =>
      orders.send(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );
  app.post(
    '/api/purchase-orders/receipts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Receive a quantity of a line into stock',
        body: receiptBody,
        response: { 201: purchaseOrder },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await orders.receive(actorOf(principalOf(request)), request.body)),
  );
}
