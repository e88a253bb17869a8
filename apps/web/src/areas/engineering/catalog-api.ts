/** Queries and labels of the catalog (items, BOMs, routings) for the engineering pages. */
import {
  bom,
  explosion,
  type Item,
  item,
  itemKinds,
  page,
  routing,
  strategies,
  whereUsed,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export { type Item, itemKinds, strategies };
export type ItemKind = (typeof itemKinds)[number];
export type Strategy = (typeof strategies)[number];

export const itemKindLabels: Record<ItemKind, string> = { make: 'Make', buy: 'Buy', phantom: 'Phantom' };
export const strategyLabels: Record<Strategy, string> = {
  MTS: 'MTS · make to stock',
  ATO: 'ATO · assemble to order',
  MTO: 'MTO · make to order',
  ETO: 'ETO · engineer to order',
};

export interface ItemFilter {
  q?: string;
  kind?: ItemKind;
  strategy?: Strategy;
  offset: number;
  limit: number;
}

export const itemListQuery = (filter: ItemFilter) =>
  queryOptions({
    queryKey: ['items', 'list', filter],
    queryFn: ({ signal }) => api.get('/api/items', { query: { ...filter }, schema: page(item), signal }),
  });

export const itemQuery = (id: string) =>
  queryOptions({
    queryKey: ['items', id],
    queryFn: ({ signal }) => api.get(`/api/items/${id}`, { schema: item, signal }),
  });

export const explosionQuery = (id: string) =>
  queryOptions({
    queryKey: ['items', id, 'explosion'],
    queryFn: ({ signal }) => api.get(`/api/items/${id}/explosion`, { schema: explosion, signal }),
  });

export const whereUsedQuery = (id: string) =>
  queryOptions({
    queryKey: ['items', id, 'where-used'],
    queryFn: ({ signal }) => api.get(`/api/items/${id}/where-used`, { schema: whereUsed, signal }),
  });

/** Every routing revision of the item; the page shows the released one, else the newest draft. */
export const routingsQuery = (id: string) =>
  queryOptions({
    queryKey: ['items', id, 'routings'],
    queryFn: ({ signal }) => api.get(`/api/items/${id}/routings`, { schema: z.array(routing), signal }),
  });

/** Every BOM revision of the item, drafts and obsolete ones included. */
export const bomsQuery = (id: string) =>
  queryOptions({
    queryKey: ['items', id, 'boms'],
    queryFn: ({ signal }) => api.get(`/api/items/${id}/boms`, { schema: z.array(bom), signal }),
  });

/** Items for a picker: the first matches of a search by number or name. */
export const itemOptionsQuery = (q: string) =>
  queryOptions({
    queryKey: ['items', 'options', q],
    queryFn: ({ signal }) =>
      api.get('/api/items', { query: { q, limit: 20, active: 'true' }, schema: page(item), signal }),
    staleTime: 30_000,
  });
