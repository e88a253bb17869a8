import { Badge } from '@mantine/core';
import {
  type PurchaseOrderStatus,
  purchaseOrderStatusColors,
  type RequisitionStatus,
  requisitionStatusColors,
} from './purchase-order-api';

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      color={purchaseOrderStatusColors[status]}
      data-testid="po-status"
      data-status={status}
    >
      {status.replace('-', ' ')}
    </Badge>
  );
}

export function RequisitionStatusBadge({ status }: { status: RequisitionStatus }) {
  return (
    <Badge miw="max-content" size="sm" color={requisitionStatusColors[status]}>
      {status}
    </Badge>
  );
}
