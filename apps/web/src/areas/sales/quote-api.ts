/** Queries of quotes and their revisions for the sales pages. */
import { page, type Quote, quote, quoteStatus, quoteSummary } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';

export type { Quote };
export type QuoteStatus = z.infer<typeof quoteStatus>;
export type QuoteSummary = z.infer<typeof quoteSummary>;
export type QuoteLine = Quote['lines'][number];
export const quoteStatuses = quoteStatus.options;

export const quoteStatusColors: Record<QuoteStatus, string> = {
  requested: 'orange',
  draft: 'yellow',
  sent: 'steel',
  accepted: 'green',
  rejected: 'red',
  expired: 'gray',
  superseded: 'gray',
};

export interface QuoteFilter {
  q?: string;
  status?: QuoteStatus;
  customerId?: string;
  offset: number;
  limit: number;
}

export const quoteListQuery = (filter: QuoteFilter) =>
  queryOptions({
    queryKey: ['quotes', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/quotes', { query: { ...filter }, schema: page(quoteSummary), signal }),
  });

export const quoteQuery = (id: string) =>
  queryOptions({
    queryKey: ['quotes', id],
    queryFn: ({ signal }) => api.get(`/api/quotes/${id}`, { schema: quote, signal }),
  });

/** Every revision of a quote number, newest first (the search matches the number). */
export const quoteRevisionsQuery = (number: string) =>
  queryOptions({
    queryKey: ['quotes', 'list', 'revisions', number],
    queryFn: async ({ signal }) => {
      const found = await api.get('/api/quotes', {
        query: { q: number, limit: 100 },
        schema: page(quoteSummary),
        signal,
      });
      return found.items.filter((q) => q.number === number).sort((a, b) => b.revision - a.revision);
    },
  });

/** A quote can still change hands: sent, revised, accepted or rejected (a customer's request is not accepted before it is sent). */
export const quoteOpen = (status: QuoteStatus) =>
  status === 'draft' || status === 'sent' || status === 'requested';

/** "Q-000012 rev 2" */
export const quoteLabel = (q: Pick<Quote, 'number' | 'revision'>) => `${q.number} rev ${q.revision}`;
