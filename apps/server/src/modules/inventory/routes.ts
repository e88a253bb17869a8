import {
  page,
  stockAdjustmentBody,
  stockAvailability,
  stockAvailabilityQuery,
  stockIssueBody,
  stockLine,
  stockListQuery,
  stockLocation,
  stockLocationInput,
  stockMove,
  stockMoveListQuery,
  stockPosting,
  stockReceiptBody,
  stockReservation,
  stockReservationListQuery,
  stockTransferBody,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { InventoryService } from './service';

const read = { auth: { action: 'read', subject: 'Stock' } } as const;
const write = { auth: { action: 'write', subject: 'Stock' } } as const;
const tags = ['stock'];

export function inventoryRoutes(app: ZodApp, inventory: InventoryService): void {
  app.get(
    '/api/stock-locations',
    { config: read, schema: { tags, response: { 200: z.array(stockLocation) } } },
    () => inventory.listLocations(),
  );
  app.post(
    '/api/stock-locations',
    { config: write, schema: { tags, body: stockLocationInput, response: { 201: stockLocation } } },
    async (request, reply) =>
      reply.code(201).send(await inventory.createLocation(actorOf(principalOf(request)), request.body)),
  );
  app.get(
    '/api/stock',
    {
      config: read,
      schema: {
        tags,
        summary: 'On hand by item, location and lot (the sum of the ledger)',
        querystring: stockListQuery,
        response: { 200: page(stockLine) },
      },
    },
    (request) => inventory.onHand(request.query),
  );
  app.get(
    '/api/stock/availability',
    {
      config: read,
      schema: {
        tags,
        summary: 'Available to promise per item: on hand less reserved',
        querystring: stockAvailabilityQuery,
        response: { 200: page(stockAvailability) },
      },
    },
    (request) => inventory.availability(request.query),
  );
  app.get(
    '/api/stock/moves',
    {
      config: read,
      schema: {
        tags,
        summary: 'The stock ledger, newest first',
        querystring: stockMoveListQuery,
        response: { 200: page(stockMove) },
      },
    },
    (request) => inventory.moves(request.query),
  );
  app.get(
    '/api/stock/reservations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Stock set aside for sales order lines',
        querystring: stockReservationListQuery,
        response: { 200: page(stockReservation) },
      },
    },
    (request) => inventory.listReservations(request.query),
  );
  app.post(
    '/api/stock/receipts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Receive stock into a location as a new lot (purchase order receipts go through purchasing)',
        body: stockReceiptBody,
        response: { 201: stockPosting },
      },
    },
    async (request, reply) => {
      const { move } = await inventory.receive(actorOf(principalOf(request)), request.body);
      return reply.code(201).send({ moves: [move], transferId: null });
    },
  );
  app.post(
    '/api/stock/issues',
    {
      config: write,
      schema: {
        tags,
        summary: 'Issue stock to a job or a sales order line (never more than on hand)',
        body: stockIssueBody,
        response: { 201: stockPosting },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inventory.issue(actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/api/stock/adjustments',
    {
      config: write,
      schema: {
        tags,
        summary: 'Correct stock by a signed quantity, with the reason',
        body: stockAdjustmentBody,
        response: { 201: stockPosting },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inventory.adjust(actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/api/stock/transfers',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move stock between locations: out and in rows sharing a transferId',
        body: stockTransferBody,
        response: { 201: stockPosting },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inventory.transfer(actorOf(principalOf(request)), request.body)),
  );
}
