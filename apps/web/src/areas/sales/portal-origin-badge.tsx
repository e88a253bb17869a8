/**
 * Marks a quote the customer asked for in the portal. The status says so only while it is
 * `requested`; the mark stays once sales sends it, in revisions and after the customer answers.
 */
import { Badge } from '@mantine/core';

export function PortalOriginBadge({ quote }: { quote: { requestedViaPortal: boolean } }) {
  if (!quote.requestedViaPortal) return null;
  return (
    <Badge
      miw="max-content"
      size="xs"
      variant="outline"
      color="orange"
      tt="none"
      data-testid="portal-origin"
      title="The customer asked for this quote in the portal"
    >
      from portal
    </Badge>
  );
}
