import { Badge } from '@mantine/core';
import { type SalesOrderStatus, salesOrderStatusColors } from './sales-order-api';

export function SalesOrderStatusBadge({ status }: { status: SalesOrderStatus }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      color={salesOrderStatusColors[status]}
      data-testid="order-status"
      data-status={status}
    >
      {status.replace('-', ' ')}
    </Badge>
  );
}

/** A line is predicted late: its P90 completion is after the date given to the customer. */
export function AtRiskBadge({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  return (
    <Badge
      miw="max-content"
      size={size}
      color="red"
      variant="filled"
      data-testid="at-risk"
      title="P90 completion is after the promised date"
    >
      at risk
    </Badge>
  );
}
