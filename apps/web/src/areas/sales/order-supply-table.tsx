/**
 * The supply tree of an order line: every stock reservation, job, requisition and purchase
 * order line pegged to it, with the document's number linking to it, and when it is needed
 * against when it will be there. Late supply is what makes a promise slip.
 */
import { Badge, Group, Table, Text } from '@mantine/core';
import { formatDateTime, formatQuantity } from '../../ui/format';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import type { SupplyPeg } from './sales-order-api';

const kindLabels: Record<SupplyPeg['supplyKind'], string> = {
  stock: 'stock',
  job: 'job',
  'purchase-requisition': 'requisition',
  'purchase-order-line': 'PO line',
};
const kindColors: Record<SupplyPeg['supplyKind'], string> = {
  stock: 'green',
  job: 'indigo',
  'purchase-requisition': 'yellow',
  'purchase-order-line': 'steel',
};

/** Supply is late when it is there (a job: its scheduled end) after the line needs it. */
export const pegLate = (p: SupplyPeg) =>
  p.supplyKind !== 'stock' && Date.parse(p.dueAt) > Date.parse(p.neededAt);

export function OrderSupplyTable({
  pegs,
  timeZone,
  lineNo,
}: {
  pegs: SupplyPeg[];
  timeZone: string;
  lineNo: number;
}) {
  const mayReadJobs = useCan('read', 'ProductionJob');
  const mayReadPurchasing = useCan('read', 'Requisition');
  // a supply can serve one line twice (two needs of one item): the second gets a suffix
  const seen = new Map<string, number>();
  const rows = pegs
    .map((p) => {
      const base = `${p.supplyKind}-${p.supplyId ?? p.itemId}-${p.neededAt}-${p.quantity}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { peg: p, late: pegLate(p), key: n > 1 ? `${base}-${n}` : base };
    })
    .sort((a, b) => b.peg.neededAt.localeCompare(a.peg.neededAt));
  if (rows.length === 0)
    return (
      <Text fz="sm" c="dimmed" p="sm">
        Nothing is pegged to line {lineNo} yet: supply is planned when the order is confirmed.
      </Text>
    );
  return (
    <Table
      className="takt-table"
      style={{ whiteSpace: 'nowrap' }}
      data-testid="supply-table"
      data-line={lineNo}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Item</Table.Th>
          <Table.Th w={110}>Supply</Table.Th>
          <Table.Th w={120}>Document</Table.Th>
          <Table.Th w={90} className="takt-num">
            Quantity
          </Table.Th>
          <Table.Th w={150}>Needed</Table.Th>
          <Table.Th w={190}>Due</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ peg: p, late, key }) => {
          const number = p.supplyNumber ?? (p.supplyKind === 'stock' ? 'on hand' : '—');
          return (
            <Table.Tr
              key={key}
              data-testid="supply-row"
              data-kind={p.supplyKind}
              data-number={p.supplyNumber ?? ''}
              data-late={late || undefined}
            >
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <AnchorLink to="/items/$itemId" params={{ itemId: p.itemId }} className="takt-mono" fz="sm">
                    {p.itemNumber}
                  </AnchorLink>
                  <Text fz="sm" c="dimmed" truncate maw={200}>
                    {p.itemName}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge miw="max-content" size="sm" color={kindColors[p.supplyKind]}>
                  {kindLabels[p.supplyKind]}
                </Badge>
              </Table.Td>
              <Table.Td className="takt-mono">
                {p.supplyKind === 'job' && p.documentId && mayReadJobs ? (
                  <AnchorLink to="/jobs/$jobId" params={{ jobId: p.documentId }} fz="sm">
                    {number}
                  </AnchorLink>
                ) : p.supplyKind === 'purchase-order-line' && p.documentId && mayReadPurchasing ? (
                  <AnchorLink
                    to="/purchase-orders/$purchaseOrderId"
                    params={{ purchaseOrderId: p.documentId }}
                    fz="sm"
                  >
                    {number}
                  </AnchorLink>
                ) : p.supplyKind === 'purchase-requisition' && mayReadPurchasing ? (
                  // requisitions have a list, not a page of their own
                  <AnchorLink to="/requisitions" fz="sm">
                    {number}
                  </AnchorLink>
                ) : (
                  number
                )}
              </Table.Td>
              <Table.Td className="takt-num">{formatQuantity(p.quantity)}</Table.Td>
              <Table.Td>{formatDateTime(p.neededAt, timeZone)}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text fz="sm" c={late ? 'red.7' : undefined} fw={late ? 600 : undefined}>
                    {p.supplyKind === 'stock' ? 'now' : formatDateTime(p.dueAt, timeZone)}
                  </Text>
                  {late && (
                    <Badge miw="max-content" size="xs" color="red" variant="filled">
                      late
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
