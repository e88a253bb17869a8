/**
 * Queries of the customer portal. A customer user always sees its own company (the server
 * knows it from the session); staff (admin, sales) name the customer they look at, `customerId`.
 */
import {
  deliveryNote,
  type PortalPromisePreview,
  type PortalQuoteRequest,
  page,
  portalItem,
  portalOrder,
  portalPromiseAnswer,
  portalQuote,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api, withQuery } from '../../ui/api-client';

export type PortalOrder = z.infer<typeof portalOrder>;
export type PortalOrderLine = PortalOrder['lines'][number];
export type StageProgress = PortalOrderLine['progress'][number];
export type PortalQuote = z.infer<typeof portalQuote>;
export type PortalQuoteLine = PortalQuote['lines'][number];
export type PortalItem = z.infer<typeof portalItem>;
export type DeliveryNote = z.infer<typeof deliveryNote>;
export type PortalPromise = z.infer<typeof portalPromiseAnswer>;
export type { PortalPromisePreview, PortalQuoteRequest };

/** undefined for a customer user; the customer's id for staff */
export type PortalScope = string | undefined;

export const portalOrdersQuery = (customerId: PortalScope, offset: number, limit: number) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'orders', { offset, limit }],
    queryFn: ({ signal }) =>
      api.get('/api/portal/orders', {
        query: { customerId, offset, limit },
        schema: page(portalOrder),
        signal,
      }),
  });

export const portalOrderQuery = (customerId: PortalScope, id: string) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'orders', id],
    queryFn: ({ signal }) =>
      api.get(`/api/portal/orders/${id}`, { query: { customerId }, schema: portalOrder, signal }),
  });

export const portalQuotesQuery = (customerId: PortalScope, offset: number, limit: number) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'quotes', { offset, limit }],
    queryFn: ({ signal }) =>
      api.get('/api/portal/quotes', {
        query: { customerId, offset, limit },
        schema: page(portalQuote),
        signal,
      }),
  });

/** The products the customer may ask a quote for, searched by number or name. */
export const portalItemsQuery = (customerId: PortalScope, q: string) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'items', q],
    queryFn: ({ signal }) =>
      api.get('/api/portal/items', {
        query: { customerId, q, limit: 50 },
        schema: page(portalItem),
        signal,
      }),
    staleTime: 60_000,
  });

export const deliveryNotesQuery = (customerId: PortalScope, orderId: string) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'orders', orderId, 'delivery-notes'],
    queryFn: ({ signal }) =>
      api.get(`/api/portal/orders/${orderId}/delivery-notes`, {
        query: { customerId },
        schema: z.array(deliveryNote),
        signal,
      }),
  });

/** The delivery the plan could promise a request being filled in; the server writes nothing. */
export const portalPromiseQuery = (customerId: PortalScope, request: PortalPromisePreview) =>
  queryOptions({
    queryKey: ['portal', customerId ?? 'own', 'promise-preview', request],
    queryFn: ({ signal }) =>
      api.post('/api/portal/promise-preview', request, {
        query: { customerId },
        schema: portalPromiseAnswer,
        signal,
      }),
    staleTime: 30_000,
    retry: false,
  });

/** Asks for a quote: it goes to sales as a request, promised at once. */
export const requestQuote = (body: PortalQuoteRequest, idempotencyKey: string) =>
  api.post('/api/portal/quote-requests', body, { schema: portalQuote, idempotencyKey });

export const deliveryNotePdf = (customerId: PortalScope, orderId: string, number: string) =>
  withQuery(`/api/portal/orders/${orderId}/delivery-notes/${number}/pdf`, { customerId });

export const orderConfirmationPdf = (customerId: PortalScope, id: string) =>
  withQuery(`/api/portal/orders/${id}/confirmation.pdf`, { customerId });

export const quotePdf = (customerId: PortalScope, id: string) =>
  withQuery(`/api/portal/quotes/${id}/pdf`, { customerId });

/** How an order's status reads to the customer. */
export const orderStatusLabels: Record<string, string> = {
  confirmed: 'Confirmed',
  'in-production': 'In production',
  ready: 'Ready to ship',
  shipped: 'Shipped',
  invoiced: 'Invoiced',
  cancelled: 'Cancelled',
};

export const orderStatusColors: Record<string, string> = {
  confirmed: 'steel',
  'in-production': 'indigo',
  ready: 'teal',
  shipped: 'green',
  invoiced: 'gray',
  cancelled: 'gray',
};
