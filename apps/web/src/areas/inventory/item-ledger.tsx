/** An item's stock ledger, newest first: every move with its document, lot and who booked it. */
import { Badge, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { stockMovesQuery } from './inventory-api';

const LIMIT = 25;

const kindColor: Record<string, string> = {
  receipt: 'green',
  issue: 'blue',
  shipment: 'violet',
  adjustment: 'orange',
  transfer: 'gray',
  production: 'teal',
};

export function ItemLedger({ itemId, uom }: { itemId: string; uom?: string }) {
  const [offset, setOffset] = useState(0);
  const moves = useQuery({
    ...stockMovesQuery({ itemId, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  if (moves.isPending) return <PageLoader />;
  if (moves.isError) return <ErrorNotice error={moves.error} onRetry={() => moves.refetch()} />;
  return (
    <>
      <Table className="takt-table" data-testid="stock-ledger">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>When</Table.Th>
            <Table.Th w={110}>Kind</Table.Th>
            <Table.Th w={120}>Location</Table.Th>
            <Table.Th w={130}>Lot</Table.Th>
            <Table.Th w={120} className="takt-num">
              Quantity
            </Table.Th>
            <Table.Th w={130}>Document</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th w={140}>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {moves.data.items.map((m) => (
            <Table.Tr key={m.id} data-testid="stock-move-row">
              <Table.Td>{formatDateTime(m.at)}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={kindColor[m.kind] ?? 'gray'}>
                  {m.kind}
                </Badge>
              </Table.Td>
              <Table.Td className="takt-mono">{m.locationCode}</Table.Td>
              <Table.Td className="takt-mono">{m.lotNumber ?? '—'}</Table.Td>
              <Table.Td className="takt-num">{formatQuantity(m.quantity, uom)}</Table.Td>
              <Table.Td className="takt-mono">{m.reference ?? '—'}</Table.Td>
              <Table.Td>{m.note ?? ''}</Table.Td>
              <Table.Td>{m.actorName}</Table.Td>
            </Table.Tr>
          ))}
          {moves.data.items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={8}>
                <Text c="dimmed" fz="sm" ta="center" py="lg">
                  No stock moves for this item yet.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
        <ListFooter total={moves.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
      </div>
    </>
  );
}
