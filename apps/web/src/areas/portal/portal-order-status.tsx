import { Badge } from '@mantine/core';
import { orderStatusColors, orderStatusLabels } from './portal-api';

/** An order's status in the customer's words. */
export function PortalOrderStatus({ status }: { status: string }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      color={orderStatusColors[status] ?? 'gray'}
      data-testid="portal-order-status"
      data-status={status}
    >
      {orderStatusLabels[status] ?? status}
    </Badge>
  );
}
