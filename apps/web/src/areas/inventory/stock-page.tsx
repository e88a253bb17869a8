/**
 * Stock on hand by item, location and lot (the sum of the ledger), searchable; choosing an item
 * shows its ledger, and writers can book an adjustment from a line or from scratch.
 */
import { Anchor, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { useCan } from '../../ui/session';
import { useSearchText } from '../../ui/use-search-text';
import { stockListQuery } from './inventory-api';
import { ItemLedger } from './item-ledger';
import { type AdjustmentTarget, StockAdjustmentForm } from './stock-adjustment-form';

const LIMIT = 50;

export function StockPage() {
  const search = useSearch({ from: '/signed-in/stock' });
  const navigate = useNavigate({ from: '/stock' });
  const offset = search.offset ?? 0;
  const canWrite = useCan('write', 'Stock');
  const [adjusting, setAdjusting] = useState<{ target?: AdjustmentTarget } | null>(null);
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...stockListQuery({ q: search.q, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const chosen = search.itemId ? list.data?.items.find((l) => l.itemId === search.itemId) : undefined;

  return (
    <>
      <PageHeader
        title="Stock"
        subtitle="On hand by item, location and lot: the sum of the stock ledger"
        actions={
          canWrite && (
            <Button size="xs" onClick={() => setAdjusting({})} data-testid="adjust-stock">
              Adjust stock
            </Button>
          )
        }
      />
      {adjusting && (
        <Panel title="Stock adjustment" testId="stock-adjustment">
          <StockAdjustmentForm
            key={adjusting.target ? `${adjusting.target.item.id}|${adjusting.target.locationId}` : 'new'}
            target={adjusting.target}
            onDone={() => setAdjusting(null)}
          />
        </Panel>
      )}
      <div style={{ height: adjusting ? 'var(--mantine-spacing-md)' : 0 }} />
      <Panel padding={0}>
        <Group p="sm">
          <TextInput
            placeholder="Search item, lot or location"
            aria-label="Search stock"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
        </Group>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <Table className="takt-table" data-testid="stock-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>Item</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={130}>Location</Table.Th>
                  <Table.Th w={140}>Lot</Table.Th>
                  <Table.Th w={130} className="takt-num">
                    On hand
                  </Table.Th>
                  {canWrite && <Table.Th w={90} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((l) => (
                  <Table.Tr
                    key={`${l.itemId}|${l.locationId}|${l.lotId ?? ''}`}
                    data-testid="stock-row"
                    bg={l.itemId === search.itemId ? 'blue.0' : undefined}
                  >
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        className="takt-mono"
                        fw={500}
                        onClick={() => navigate({ search: (s) => ({ ...s, itemId: l.itemId }) })}
                      >
                        {l.itemNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{l.itemName}</Table.Td>
                    <Table.Td className="takt-mono">{l.locationCode}</Table.Td>
                    <Table.Td className="takt-mono">{l.lotNumber ?? '—'}</Table.Td>
                    <Table.Td className="takt-num">{formatQuantity(l.quantity, l.uom)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() =>
                            setAdjusting({
                              target: {
                                item: { id: l.itemId, number: l.itemNumber, name: l.itemName, uom: l.uom },
                                locationId: l.locationId,
                                lotId: l.lotId,
                                lotNumber: l.lotNumber,
                              },
                            })
                          }
                        >
                          Adjust
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={canWrite ? 6 : 5}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        No stock matches.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
              <ListFooter
                total={list.data.total}
                limit={LIMIT}
                offset={offset}
                onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
              />
            </div>
          </>
        )}
      </Panel>
      {search.itemId && (
        <>
          <div style={{ height: 'var(--mantine-spacing-md)' }} />
          <Panel
            title={chosen ? `Ledger of ${chosen.itemNumber} · ${chosen.itemName}` : 'Ledger'}
            padding={0}
            testId="item-ledger"
            actions={
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => navigate({ search: (s) => ({ ...s, itemId: undefined }) })}
              >
                Close
              </Button>
            }
          >
            <ItemLedger key={search.itemId} itemId={search.itemId} uom={chosen?.uom} />
          </Panel>
        </>
      )}
    </>
  );
}
