/** Queries of customers for the sales pages. */
import { customer, page } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../ui/api-client';

export const customerListQuery = (filter: { q?: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['customers', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/customers', { query: { ...filter }, schema: page(customer), signal }),
  });

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: ['customers', id],
    queryFn: ({ signal }) => api.get(`/api/customers/${id}`, { schema: customer, signal }),
  });
