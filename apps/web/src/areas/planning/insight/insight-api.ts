/** Queries and actions of the plan's insight pages: pegging, shortages, exceptions, KPIs. */
import {
  type ExceptionActionRequest,
  exceptionActionResult,
  type KpiQuery,
  kpiReport,
  latePurchases,
  mrpExceptions,
  type PeggingQuery,
  pegging,
  shortages,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../ui/api-client';

export const peggingQueryOptions = (query: PeggingQuery) =>
  queryOptions({
    queryKey: ['planning', 'pegging', query],
    queryFn: ({ signal }) =>
      api.get('/api/planning/pegging', { query: { ...query }, schema: pegging, signal }),
  });

export const shortagesQuery = () =>
  queryOptions({
    queryKey: ['planning', 'shortages'],
    queryFn: ({ signal }) => api.get('/api/planning/shortages', { schema: shortages, signal }),
  });

export const exceptionsQuery = () =>
  queryOptions({
    queryKey: ['planning', 'exceptions'],
    queryFn: ({ signal }) => api.get('/api/planning/exceptions', { schema: mrpExceptions, signal }),
  });

export const actOnException = (body: ExceptionActionRequest) =>
  api.post('/api/planning/exceptions/actions', body, { schema: exceptionActionResult });

export const kpiQueryOptions = (query: KpiQuery) =>
  queryOptions({
    queryKey: ['planning', 'kpis', query],
    queryFn: ({ signal }) =>
      api.get('/api/planning/kpis', { query: { ...query }, schema: kpiReport, signal }),
  });

/** Late purchase order lines with the orders they hit (the exceptions page). */
export const latePurchasesQuery = () =>
  queryOptions({
    queryKey: ['planning', 'late-purchases'],
    queryFn: ({ signal }) => api.get('/api/planning/late-purchases', { schema: latePurchases, signal }),
  });
