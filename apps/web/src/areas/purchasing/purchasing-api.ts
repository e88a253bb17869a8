/** Queries of suppliers and their supply terms for the purchasing pages. */
import { page, supplier, supplyPerformance, supplyTerms } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../ui/api-client';

export const supplierListQuery = (filter: { q?: string; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['suppliers', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/suppliers', { query: { ...filter }, schema: page(supplier), signal }),
  });

export const supplierQuery = (id: string) =>
  queryOptions({
    queryKey: ['suppliers', id],
    queryFn: ({ signal }) => api.get(`/api/suppliers/${id}`, { schema: supplier, signal }),
  });

/** What the supplier delivers: items, lead times, price breaks. */
export const supplierTermsQuery = (id: string) =>
  queryOptions({
    queryKey: ['suppliers', id, 'supply-terms'],
    queryFn: ({ signal }) =>
      api.get(`/api/suppliers/${id}/supply-terms`, { schema: z.array(supplyTerms), signal }),
  });

/** Who supplies a buy item, preferred first. */
export const itemSupplyTermsQuery = (itemId: string) =>
  queryOptions({
    queryKey: ['items', itemId, 'supply-terms'],
    queryFn: ({ signal }) =>
      api.get(`/api/items/${itemId}/supply-terms`, { schema: z.array(supplyTerms), signal }),
  });

/** What receipts measured beside the terms: lead time, on-time rate, the lead time planning uses. */
export const supplyPerformanceQuery = (filter: { itemId: string } | { supplierId: string }) =>
  queryOptions({
    queryKey: ['supply-performance', filter],
    queryFn: ({ signal }) =>
      api.get('/api/supply-performance', {
        query: { ...filter },
        schema: z.array(supplyPerformance),
        signal,
      }),
  });
