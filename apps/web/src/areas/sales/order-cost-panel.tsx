/**
 * What an order costs against what it sells for, at three stages (GET /api/sales-orders/:id/cost):
 * preliminary (estimated from BOM and routing when quoted or entered), committed (purchase
 * orders placed, stock set aside, work released) and actual (material received, time reported).
 * Committed and actual grow while the order runs, so their margin is what is left so far.
 */
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney, formatQuantity } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { MarginText } from './margin-text';
import { type OrderCost, orderCostQuery, type StageCost } from './sales-order-api';

const stages = [
  { key: 'preliminary', label: 'Preliminary', note: 'estimated from BOM and routing' },
  { key: 'committed', label: 'Committed', note: 'purchases placed, stock set aside, work released' },
  { key: 'actual', label: 'Actual', note: 'material received, time reported' },
] as const;

type StageKey = (typeof stages)[number]['key'];

/** Margin of a stage; a stage with nothing spent yet has no margin to speak of. */
const stageMargin = (key: StageKey, cost: StageCost | null) =>
  !cost || (key !== 'preliminary' && cost.total === 0) ? null : cost.marginPercent;

export function OrderCostPanel({ orderId }: { orderId: string }) {
  const cost = useQuery(orderCostQuery(orderId));
  return (
    <Panel
      title="Cost and margin"
      padding={0}
      testId="order-cost"
      actions={
        <Text fz="xs" c="dimmed">
          committed and actual grow while the order runs: their margin is what is left so far
        </Text>
      }
    >
      {cost.isPending ? (
        <PageLoader />
      ) : cost.isError ? (
        <div style={{ padding: 'var(--mantine-spacing-sm)' }}>
          <ErrorNotice error={cost.error} onRetry={() => cost.refetch()} />
        </div>
      ) : (
        <OrderCostTables cost={cost.data} />
      )}
    </Panel>
  );
}

function OrderCostTables({ cost: c }: { cost: OrderCost }) {
  const money = (amount: number) => formatMoney({ amount, currency: c.currency });
  return (
    <>
      <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="cost-stages">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Stage</Table.Th>
            <Table.Th w={130} className="takt-num">
              Material
            </Table.Th>
            <Table.Th w={130} className="takt-num">
              Work
            </Table.Th>
            <Table.Th w={130} className="takt-num">
              Total
            </Table.Th>
            <Table.Th w={90} className="takt-num">
              Margin
            </Table.Th>
            <Table.Th>
              <Text span fz={12} fw={600}>
                against the net value of {money(c.netAmount)}
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stages.map((s) => {
            const stage = c[s.key];
            return (
              <Table.Tr
                key={s.key}
                data-testid="cost-stage"
                data-stage={s.key}
                data-total={stage?.total ?? ''}
              >
                <Table.Td fw={500}>{s.label}</Table.Td>
                <Table.Td className="takt-num">{stage ? money(stage.material) : '—'}</Table.Td>
                <Table.Td className="takt-num">{stage ? money(stage.work) : '—'}</Table.Td>
                <Table.Td className="takt-num" fw={600}>
                  {stage ? money(stage.total) : '—'}
                </Table.Td>
                <Table.Td className="takt-num">
                  <MarginText percent={stageMargin(s.key, stage)} testId={`margin-${s.key}`} />
                </Table.Td>
                <Table.Td>
                  <Text fz="xs" c="dimmed">
                    {!stage
                      ? 'no estimate: the order was entered without one'
                      : s.key !== 'preliminary' && stage.total === 0
                        ? `nothing yet · ${s.note}`
                        : s.note}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {c.lines.length > 1 && (
        <Table
          className="takt-table"
          style={{ whiteSpace: 'nowrap', borderTop: '1px solid var(--mantine-color-gray-3)' }}
          data-testid="cost-lines"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={50}>Line</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th w={110} className="takt-num">
                Net
              </Table.Th>
              {stages.map((s) => (
                <Table.Th key={s.key} w={170} className="takt-num">
                  {s.label} · margin
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.lines.map((l) => (
              <Table.Tr key={l.lineId} data-testid="cost-line" data-line={l.lineNo}>
                <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
                <Table.Td>
                  <Text span className="takt-mono" fz="sm">
                    {l.itemNumber}
                  </Text>{' '}
                  <Text span fz="xs" c="dimmed">
                    {formatQuantity(l.quantity)} × {l.itemName}
                  </Text>
                </Table.Td>
                <Table.Td className="takt-num">{money(l.netAmount)}</Table.Td>
                {stages.map((s) => {
                  const stage = l[s.key];
                  return (
                    <Table.Td key={s.key} className="takt-num">
                      {stage ? money(stage.total) : '—'} · <MarginText percent={stageMargin(s.key, stage)} />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
