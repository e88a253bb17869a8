/** A small link to the pegging view of an order, job, purchase order or requisition. */
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';

export function PeggingLink({
  label = 'Pegging',
  ...search
}: {
  label?: string;
  salesOrderId?: string;
  salesOrderLineId?: string;
  jobId?: string;
  purchaseOrderId?: string;
  requisitionId?: string;
}) {
  if (!useCan('read', 'ProductionJob')) return null;
  return (
    <AnchorLink to="/planning/pegging" search={search} fz="sm" data-testid="pegging-link">
      {label}
    </AnchorLink>
  );
}
