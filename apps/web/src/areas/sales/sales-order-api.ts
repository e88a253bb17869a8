/** Queries of sales orders, their supply and delivery promises for the sales pages. */
import {
  type OrderImpact,
  orderCost,
  orderSupply,
  page,
  promiseAnswer,
  type SalesOrder,
  salesOrder,
  salesOrderStatus,
  salesOrderSummary,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';

export type SalesOrderStatus = z.infer<typeof salesOrderStatus>;
export type SalesOrderSummary = z.infer<typeof salesOrderSummary>;
export type SalesOrderLine = SalesOrder['lines'][number];
export type SupplyPeg = z.infer<typeof orderSupply>['lines'][number]['pegs'][number];
export type PromiseAnswer = z.infer<typeof promiseAnswer>;
export type OrderCost = z.infer<typeof orderCost>;
export type StageCost = NonNullable<OrderCost['preliminary']>;
export type { OrderImpact };
export const salesOrderStatuses = salesOrderStatus.options;

export const salesOrderStatusColors: Record<SalesOrderStatus, string> = {
  draft: 'yellow',
  confirmed: 'steel',
  'in-production': 'indigo',
  ready: 'teal',
  shipped: 'green',
  invoiced: 'gray',
  cancelled: 'gray',
};

export interface SalesOrderFilter {
  q?: string;
  status?: SalesOrderStatus;
  offset: number;
  limit: number;
}

export const salesOrderListQuery = (filter: SalesOrderFilter) =>
  queryOptions({
    queryKey: ['sales-orders', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/sales-orders', { query: { ...filter }, schema: page(salesOrderSummary), signal }),
  });

export const salesOrderQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales-orders', id],
    queryFn: ({ signal }) => api.get(`/api/sales-orders/${id}`, { schema: salesOrder, signal }),
  });

/** What serves each line: stock, jobs, requisitions and purchase order lines pegged to it. */
export const orderSupplyQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales-orders', id, 'supply'],
    queryFn: ({ signal }) => api.get(`/api/sales-orders/${id}/supply`, { schema: orderSupply, signal }),
  });

export interface PromiseRequest {
  itemId: string;
  quantity: number;
  requestedDate: string;
}

/** Capable-to-promise for a line being typed: the server plans it without writing anything. */
export const promiseQuery = (quote: PromiseRequest) =>
  queryOptions({
    queryKey: ['promise', quote],
    queryFn: ({ signal }) => api.post('/api/promise', quote, { schema: promiseAnswer, signal }),
    staleTime: 30_000,
    retry: false,
  });

export interface MarginFilter {
  status?: SalesOrderStatus;
  offset: number;
  limit: number;
}

/** Cost stages and margins across orders, newest first. */
export const orderMarginsQuery = (filter: MarginFilter) =>
  queryOptions({
    queryKey: ['sales-orders', 'list', 'margins', filter],
    queryFn: ({ signal }) =>
      api.get('/api/reports/order-margins', { query: { ...filter }, schema: page(orderCost), signal }),
  });

/** Preliminary, committed and actual cost of every line, with the margin at each stage. */
export const orderCostQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales-orders', id, 'cost'],
    queryFn: ({ signal }) => api.get(`/api/sales-orders/${id}/cost`, { schema: orderCost, signal }),
  });

export interface PromisedLine {
  promise: SalesOrderLine['promise'];
  promisedDate: string | null;
  requestedDate: string | null;
}

/** Predicted late: the P90 completion falls after the end of the promised (or requested) day. */
export function lineAtRisk(l: PromisedLine): boolean {
  const day = l.promisedDate ?? l.requestedDate;
  if (!l.promise || !day) return false;
  return Date.parse(l.promise.p90At) > Date.parse(`${day}T00:00:00Z`) + 86_400_000;
}
