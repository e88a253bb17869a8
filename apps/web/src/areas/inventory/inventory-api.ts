/** Queries of stock for the inventory pages: on hand, an item's ledger, the locations. */
import { page, stockLine, stockLocation, stockMove } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export const stockListQuery = (filter: { q?: string; itemId?: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['stock', 'list', filter],
    queryFn: ({ signal }) => api.get('/api/stock', { query: { ...filter }, schema: page(stockLine), signal }),
  });

export const stockMovesQuery = (filter: { itemId: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['stock', 'moves', filter],
    queryFn: ({ signal }) =>
      api.get('/api/stock/moves', { query: { ...filter }, schema: page(stockMove), signal }),
  });

export const stockLocationsQuery = queryOptions({
  queryKey: ['stock-locations'],
  queryFn: ({ signal }) => api.get('/api/stock-locations', { schema: z.array(stockLocation), signal }),
  staleTime: 60_000,
});
