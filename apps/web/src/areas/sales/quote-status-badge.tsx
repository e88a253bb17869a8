import { Badge } from '@mantine/core';
import { type QuoteStatus, quoteStatusColors } from './quote-api';

export function QuoteStatusBadge({ status, size = 'sm' }: { status: QuoteStatus; size?: 'xs' | 'sm' }) {
  return (
    <Badge
      miw="max-content"
      size={size}
      color={quoteStatusColors[status]}
      variant={status === 'superseded' ? 'outline' : 'light'}
      data-testid="quote-status"
      data-status={status}
    >
      {status === 'requested' ? 'requested by customer' : status}
    </Badge>
  );
}
