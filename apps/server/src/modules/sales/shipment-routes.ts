import { deliveryNote, deliveryNoteParams, idParams, invoiceOrderBody, shipmentBody } from '@takt/contracts';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import { sendPdf } from './sales-document-pdf';
import type { DeliveryNote, ShipmentService } from './shipments';

const read = { auth: { action: 'read', subject: 'SalesOrder' } } as const;
// the dock ships: whoever may move stock (stock keepers, supervisors, planners, buyers)
const ship = { auth: { action: 'write', subject: 'Stock' } } as const;
const tags = ['sales orders'];

export function shipmentRoutes(app: ZodApp, shipments: ShipmentService): void {
  app.post(
    '/api/sales-orders/:id/shipments',
    {
      config: ship,
      schema: {
        tags,
        summary: 'Ship (part of) an order’s lines from stock; answers the delivery note',
        params: idParams,
        body: shipmentBody,
        response: { 201: deliveryNote },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await shipments.ship(actorOf(principalOf(request)), request.params.id, request.body)),
  );
  app.get(
    '/api/sales-orders/:id/delivery-notes',
    { config: read, schema: { tags, params: idParams, response: { 200: z.array(deliveryNote) } } },
    (request) => shipments.deliveryNotes(request.params.id),
  );
  app.get(
    '/api/sales-orders/:id/delivery-notes/:number/pdf',
    {
      config: read,
      schema: {
        tags,
        summary: 'A delivery note as a PDF',
        params: deliveryNoteParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const note = (await shipments.deliveryNotes(request.params.id)).find(
        (n) => n.number === request.params.number,
      );
      if (!note) throw new NotFoundError('delivery note', request.params.number);
      return sendPdf(reply, deliveryNoteDocument(note));
    },
  );
  app.post(
    '/api/sales-orders/:id/invoice',
    {
      config: { auth: { action: 'write', subject: 'SalesOrder' } },
      schema: { tags, summary: 'Mark a shipped order invoiced', params: idParams, body: invoiceOrderBody },
    },
    async (request, reply) => {
      await shipments.invoice(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      );
      return reply.code(204).send();
    },
  );
}

export function deliveryNoteDocument(note: DeliveryNote) {
  return {
    kind: 'Delivery note' as const,
    number: note.number,
    issuedOn: note.shippedAt.slice(0, 10),
    customerName: note.customerName,
    customerReference: null,
    currency: '',
    note: `for order ${note.orderNumber}`,
    lines: note.lines.map((l) => ({
      lineNo: l.lineNo,
      itemNumber: l.itemNumber,
      itemName: l.itemName,
      quantity: l.quantity,
      unitPrice: 0,
      discountPercent: 0,
      netAmount: 0,
      promisedDate: null,
      lot: l.lotNumber,
    })),
    totalAmount: 0,
  };
}
