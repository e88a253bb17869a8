import {
  deliveryNote,
  deliveryNoteParams,
  idParams,
  page,
  portalItem,
  portalOrder,
  portalPromiseAnswer,
  portalPromisePreview,
  portalQuery,
  portalQuote,
  portalQuoteRequest,
  portalScope,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import type { PortalService } from './portal-service';
import { orderConfirmationDocument, quoteDocument, sendPdf } from './sales-document-pdf';
import { deliveryNoteDocument } from './shipment-routes';

const read = { auth: { action: 'read', subject: 'Portal' } } as const;
// a customer asks for quotes in its own name; staff quote on the sales pages
const ask = { auth: { action: 'write', subject: 'Portal' } } as const;
const tags = ['customer portal'];

export function portalRoutes(app: ZodApp, portal: PortalService): void {
  app.get(
    '/api/portal/orders',
    {
      config: read,
      schema: {
        tags,
        summary: "The customer's placed orders: promised dates, their confidence and progress by stage",
        querystring: portalQuery,
        response: { 200: page(portalOrder) },
      },
    },
    (request) => {
      const { customerId, ...query } = request.query;
      return portal.orders(portal.customerOf(principalOf(request), customerId), query);
    },
  );
  app.get(
    '/api/portal/orders/:id',
    {
      config: read,
      schema: { tags, params: idParams, querystring: portalScope, response: { 200: portalOrder } },
    },
    (request) =>
      portal.order(portal.customerOf(principalOf(request), request.query.customerId), request.params.id),
  );
  app.get(
    '/api/portal/quotes',
    {
      config: read,
      schema: {
        tags,
        summary: 'The quotes sent to the customer, with prices and promised dates',
        querystring: portalQuery,
        response: { 200: page(portalQuote) },
      },
    },
    (request) => {
      const { customerId, ...query } = request.query;
      return portal.quotes(portal.customerOf(principalOf(request), customerId), query);
    },
  );
  app.get(
    '/api/portal/orders/:id/confirmation.pdf',
    {
      config: read,
      schema: { tags, params: idParams, querystring: portalScope, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const customerId = portal.customerOf(principalOf(request), request.query.customerId);
      return sendPdf(
        reply,
        orderConfirmationDocument(await portal.placedOrder(customerId, request.params.id)),
      );
    },
  );
  app.get(
    '/api/portal/quotes/:id/pdf',
    {
      config: read,
      schema: { tags, params: idParams, querystring: portalScope, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const customerId = portal.customerOf(principalOf(request), request.query.customerId);
      return sendPdf(reply, quoteDocument(await portal.quote(customerId, request.params.id)));
    },
  );
  app.get(
    '/api/portal/items',
    {
      config: read,
      schema: {
        tags,
        summary: 'The products the customer may ask a quote for (configurable ones are configured first)',
        querystring: portalQuery,
        response: { 200: page(portalItem) },
      },
    },
    (request) => {
      const { customerId, ...query } = request.query;
      return portal.items(portal.customerOf(principalOf(request), customerId), query);
    },
  );
  app.post(
    '/api/portal/quote-requests',
    {
      config: ask,
      schema: {
        tags,
        summary:
          'Ask for a quote: it goes to sales as a requested quote, promised at once (P50/P90, indicative until sent)',
        body: portalQuoteRequest,
        response: { 201: portalQuote },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const customerId = portal.customerOf(principal, undefined);
      return reply.code(201).send(await portal.requestQuote(actorOf(principal), customerId, request.body));
    },
  );
  app.post(
    '/api/portal/promise-preview',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The delivery the plan can promise a request being filled in (P50/P90), without writing anything',
        body: portalPromisePreview,
        querystring: portalScope,
        response: { 200: portalPromiseAnswer },
      },
    },
    (request) =>
      portal.previewPromise(portal.customerOf(principalOf(request), request.query.customerId), request.body),
  );
  app.get(
    '/api/portal/orders/:id/delivery-notes',
    {
      config: read,
      schema: {
        tags,
        summary: 'The delivery notes of an order, oldest first',
        params: idParams,
        querystring: portalScope,
        response: { 200: z.array(deliveryNote) },
      },
    },
    (request) =>
      portal.deliveryNotes(
        portal.customerOf(principalOf(request), request.query.customerId),
        request.params.id,
      ),
  );
  app.get(
    '/api/portal/orders/:id/delivery-notes/:number/pdf',
    {
      config: read,
      schema: {
        tags,
        summary: 'A delivery note as a PDF',
        params: deliveryNoteParams,
        querystring: portalScope,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const customerId = portal.customerOf(principalOf(request), request.query.customerId);
      const note = await portal.deliveryNote(customerId, request.params.id, request.params.number);
      return sendPdf(reply, deliveryNoteDocument(note));
    },
  );
}
