import { Badge } from '@mantine/core';
import { type NonConformanceStatus, nonConformanceStatusColors } from './quality-api';

export function NonConformanceStatusBadge({ status }: { status: NonConformanceStatus }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      color={nonConformanceStatusColors[status]}
      data-testid="ncr-status"
      data-status={status}
    >
      {status}
    </Badge>
  );
}
