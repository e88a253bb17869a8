import { Badge } from '@mantine/core';
import {
  type ProjectPayment,
  type ProjectStatus,
  paymentStatusColors,
  projectStatusColors,
} from './projects-api';

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      variant="light"
      color={projectStatusColors[status]}
      data-testid="project-status"
    >
      {status}
    </Badge>
  );
}

export function PaymentStatusBadge({ status }: { status: ProjectPayment['status'] }) {
  return (
    <Badge
      miw="max-content"
      size="xs"
      variant="light"
      color={paymentStatusColors[status]}
      data-testid="payment-status"
    >
      {status}
    </Badge>
  );
}
