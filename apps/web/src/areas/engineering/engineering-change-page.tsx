/**
 * One engineering change: what it proposes, its impact computed now (jobs, purchases, stock,
 * cost and each affected order line's promise), the price of a customer's change, approve or
 * reject, implement, and its history.
 */
import { Badge, Button, Group, NumberInput, SimpleGrid, Stack, Table, Text, Timeline } from '@mantine/core';
import { type EngineeringChangeImpact, engineeringChange } from '@takt/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { formatDate, formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { ecoImpactQuery, ecoQuery, ecoStatusColors } from './eco-api';

export function EngineeringChangePage() {
  const { ecoId } = useParams({ from: '/signed-in/engineering-changes/$ecoId' });
  const queryClient = useQueryClient();
  const eco = useQuery(ecoQuery(ecoId));
  const open = eco.data && (eco.data.status === 'requested' || eco.data.status === 'approved');
  const impact = useQuery({ ...ecoImpactQuery(ecoId), enabled: !!open });
  const canWrite = useCan('write', 'EngineeringChange');
  const canDecide = useCan('write', 'EngineeringChangeApproval');
  const [margin, setMargin] = useState<number | string>(20);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (eco.isPending) return <PageLoader />;
  if (eco.isError) return <ErrorNotice error={eco.error} onRetry={() => eco.refetch()} />;
  const c = eco.data;
  const act = async (path: string, body: Record<string, unknown> = {}) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(
        `/api/engineering-changes/${c.id}/${path}`,
        { version: c.version, ...body },
        { schema: engineeringChange },
      );
      await queryClient.invalidateQueries({ queryKey: ['engineering-changes'] });
      await queryClient.invalidateQueries({ queryKey: ['items'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const shown: EngineeringChangeImpact | null | undefined = open ? impact.data : c.impact;
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/engineering-changes" fz="xs" c="dimmed">
            Engineering changes
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono">{c.number}</span>{' '}
            <Text span inherit fw={400}>
              {c.title}
            </Text>
          </>
        }
        badges={
          <Badge color={ecoStatusColors[c.status]} data-testid="eco-status">
            {c.status}
          </Badge>
        }
        actions={
          <Group gap="xs">
            {canDecide && c.status === 'requested' && (
              <>
                <Button size="sm" variant="default" color="red" loading={busy} onClick={() => act('reject')}>
                  Reject
                </Button>
                <Button size="sm" loading={busy} onClick={() => act('approve')}>
                  Approve
                </Button>
              </>
            )}
            {canWrite && c.status === 'approved' && (
              <Button size="sm" loading={busy} onClick={() => act('implement')} data-testid="eco-implement">
                Implement
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="md">
        {error && (
          <Text c="red" fz="sm" role="alert">
            {error}
          </Text>
        )}
        <Panel title="Request">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Fact label="Item">
              <AnchorLink to="/items/$itemId" params={{ itemId: c.itemId }} className="takt-mono">
                {c.itemNumber}
              </AnchorLink>{' '}
              {c.itemName}
            </Fact>
            <Fact label="Revision">
              {c.baseBom ? `${c.baseBom.revision} (${c.baseBom.status})` : 'none'} → {c.proposedBom.revision}{' '}
              ({c.proposedBom.status})
            </Fact>
            <Fact label="Requested by">{c.requestedBy}</Fact>
            <Fact label="Reason">{c.reason}</Fact>
          </SimpleGrid>
        </Panel>
        {c.requestedBy === 'customer' && (
          <Panel title="Price of the customer's change" testId="eco-pricing">
            {c.pricing ? (
              <SimpleGrid cols={3}>
                <Fact label="Cost delta">
                  {formatMoney({ amount: c.pricing.costDelta, currency: c.pricing.currency })}
                </Fact>
                <Fact label="Margin">{c.pricing.marginPercent} %</Fact>
                <Fact label="Price delta">
                  {formatMoney({ amount: c.pricing.priceDelta, currency: c.pricing.currency })}
                </Fact>
              </SimpleGrid>
            ) : (
              <Text fz="sm" c="dimmed">
                Not priced yet: a customer's change is priced before it is approved.
              </Text>
            )}
            {canWrite && c.status === 'requested' && (
              <Group mt="sm" align="flex-end">
                <NumberInput
                  label="Margin on the cost delta (%)"
                  value={margin}
                  onChange={setMargin}
                  w={220}
                />
                <Button
                  variant="light"
                  loading={busy}
                  onClick={() => act('price', { marginPercent: Number(margin) })}
                >
                  Price it
                </Button>
              </Group>
            )}
          </Panel>
        )}
        <Panel
          title={open ? 'Impact if implemented now (computed, nothing changed)' : 'Impact as implemented'}
          testId="eco-impact"
        >
          {open && impact.isPending ? (
            <Text fz="sm" c="dimmed">
              Computing the impact with the planning engine…
            </Text>
          ) : open && impact.isError ? (
            <ErrorNotice error={impact.error} onRetry={() => impact.refetch()} />
          ) : shown ? (
            <ImpactView impact={shown} />
          ) : (
            <Text fz="sm" c="dimmed">
              No impact recorded.
            </Text>
          )}
        </Panel>
        <Panel title="History" testId="eco-history">
          <Timeline active={c.history.length} bulletSize={14} lineWidth={2}>
            {c.history.map((h) => (
              <Timeline.Item key={`${h.at}-${h.action}`} title={`${h.action} → ${h.toStatus}`}>
                <Text fz="xs" c="dimmed">
                  {formatDateTime(h.at)} · {h.actorName}
                  {h.note ? ` · ${h.note}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Panel>
      </Stack>
    </>
  );
}

function ImpactView({ impact: i }: { impact: EngineeringChangeImpact }) {
  const money = (amount: number) => formatMoney({ amount, currency: i.cost.currency });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label="Unit cost">
          {money(i.cost.unitBefore)} → {money(i.cost.unitAfter)}
        </Fact>
        <Fact label="Cost delta, affected lines">{money(i.cost.linesDelta)}</Fact>
        <Fact label="Jobs">
          {i.cancelledJobs.length} re-planned · {i.keptJobs.length} started (decide) · {i.createdJobs.length}{' '}
          new
        </Fact>
        <Fact label="Purchases">
          {i.cancelledRequisitions.length} requisitions cancelled · {i.createdRequisitions.length} new ·{' '}
          {i.purchasesOfRemovedItems.length + i.orderedPurchases.length} PO lines to decide
        </Fact>
      </SimpleGrid>
      <Text fw={600} fz="sm">
        BOM changes
      </Text>
      <Table fz="sm" withTableBorder>
        <Table.Tbody>
          {i.bomChanges
            .filter((b) => b.change !== 'unchanged')
            .map((b) => (
              <Table.Tr key={`${b.change}${b.position}${b.childNumber}`}>
                <Table.Td w={110}>
                  <Badge color={b.change === 'added' ? 'green' : b.change === 'removed' ? 'red' : 'orange'}>
                    {b.change}
                  </Badge>
                </Table.Td>
                <Table.Td w={60}>{b.position}</Table.Td>
                <Table.Td className="takt-mono">{b.childNumber}</Table.Td>
                <Table.Td>{b.childName}</Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(b.quantityBefore)} → {formatQuantity(b.quantityAfter)}
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} fz="sm">
        Order lines re-promised
      </Text>
      <Table fz="sm" withTableBorder data-testid="eco-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th>Promised</Table.Th>
            <Table.Th>New promise</Table.Th>
            <Table.Th ta="right">Days</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {i.lines.map((l) => (
            <Table.Tr key={l.salesOrderLineId}>
              <Table.Td className="takt-mono">
                {l.orderNumber}/{l.lineNo}
              </Table.Td>
              <Table.Td className="takt-mono">{l.itemNumber}</Table.Td>
              <Table.Td>{formatDate(l.before.promisedDate)}</Table.Td>
              <Table.Td>{formatDate(l.after.promisedDate)}</Table.Td>
              <Table.Td
                ta="right"
                c={
                  (l.promiseDeltaDays ?? 0) > 0 ? 'red' : (l.promiseDeltaDays ?? 0) < 0 ? 'green' : undefined
                }
              >
                {l.promiseDeltaDays === null
                  ? '—'
                  : `${l.promiseDeltaDays > 0 ? '+' : ''}${l.promiseDeltaDays}`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(i.stock.length > 0 || i.purchasesOfRemovedItems.length > 0 || i.keptJobs.length > 0) && (
        <Stack gap={4}>
          {i.stock.map((s) => (
            <Text key={s.itemNumber} fz="sm">
              Stock <b className="takt-mono">{s.itemNumber}</b> {formatQuantity(s.onHand)}: {s.status}
              {s.usedIn.length ? ` (used in ${s.usedIn.join(', ')})` : ''}
            </Text>
          ))}
          {i.purchasesOfRemovedItems.map((p) => (
            <Text key={`${p.purchaseOrderNumber}/${p.lineNo}`} fz="sm">
              Purchase order {p.purchaseOrderNumber}/{p.lineNo} {p.itemNumber}: {formatQuantity(p.open)} open
              at {p.supplierName}, no longer needed by this item
            </Text>
          ))}
          {i.keptJobs.map((j) => (
            <Text key={j.number} fz="sm">
              Job {j.number} ({j.itemNumber}) is {j.status}: it stays, to be modified or finished as is
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
