/** Queries of requisitions and purchase orders for the purchasing pages. */
import { page, purchaseOrder, purchaseOrderStatus, requisition } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../ui/api-client';

export type Requisition = z.infer<typeof requisition>;
export type RequisitionStatus = Requisition['status'];
export type PurchaseOrder = z.infer<typeof purchaseOrder>;
export type PurchaseOrderLine = PurchaseOrder['lines'][number];
export type PurchaseOrderStatus = z.infer<typeof purchaseOrderStatus>;
export const purchaseOrderStatuses = purchaseOrderStatus.options;
export const requisitionStatuses = ['open', 'ordered', 'cancelled'] as const satisfies RequisitionStatus[];

export const purchaseOrderStatusColors: Record<PurchaseOrderStatus, string> = {
  draft: 'yellow',
  sent: 'steel',
  'partially-received': 'orange',
  received: 'green',
  cancelled: 'gray',
};

export const requisitionStatusColors: Record<RequisitionStatus, string> = {
  open: 'yellow',
  ordered: 'green',
  cancelled: 'gray',
};

export const requisitionListQuery = (filter: { status?: RequisitionStatus; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['requisitions', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/requisitions', { query: { ...filter }, schema: page(requisition), signal }),
  });

export const purchaseOrderListQuery = (filter: {
  status?: PurchaseOrderStatus;
  supplierId?: string;
  offset: number;
  limit: number;
}) =>
  queryOptions({
    queryKey: ['purchase-orders', 'list', filter],
    queryFn: ({ signal }) =>
      api.get('/api/purchase-orders', { query: { ...filter }, schema: page(purchaseOrder), signal }),
  });

export const purchaseOrderQuery = (id: string) =>
  queryOptions({
    queryKey: ['purchase-orders', id],
    queryFn: ({ signal }) => api.get(`/api/purchase-orders/${id}`, { schema: purchaseOrder, signal }),
  });

/** A line still waiting for goods: less received than ordered. */
export const lineOpen = (l: PurchaseOrderLine) => l.receivedQuantity < l.quantity;
