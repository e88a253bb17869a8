import { idParams, page, portalOrder, portalQuery, portalQuote, portalScope } from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import type { PortalService } from './portal-service';
import { orderConfirmationDocument, quoteDocument, sendPdf } from './sales-document-pdf';

const read = { auth: { action: 'read', subject: 'Portal' } } as const;
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
}
