/** Queries of engineering change orders for the engineering pages. */
import { engineeringChange, engineeringChangeImpact, engineeringChangeSummary, page } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../ui/api-client';

export const ecoStatusColors = {
  requested: 'yellow',
  approved: 'blue',
  rejected: 'red',
  implemented: 'green',
  cancelled: 'gray',
} as const;

export const ecoListQuery = (filter: { q?: string; status?: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['engineering-changes', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/engineering-changes', { query: filter, schema: page(engineeringChangeSummary), signal }),
  });

export const ecoQuery = (id: string) =>
  queryOptions({
    queryKey: ['engineering-changes', id],
    queryFn: ({ signal }) => api.get(`/api/engineering-changes/${id}`, { schema: engineeringChange, signal }),
  });

/** The impact computed now (the server runs the change and rolls it back). */
export const ecoImpactQuery = (id: string) =>
  queryOptions({
    queryKey: ['engineering-changes', id, 'impact'],
    queryFn: ({ signal }) =>
      api.get(`/api/engineering-changes/${id}/impact`, { schema: engineeringChangeImpact, signal }),
    staleTime: 0,
  });
