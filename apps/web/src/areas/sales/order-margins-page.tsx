/**
 * Margins across orders: the net value of each order against its cost at three stages
 * (preliminary, committed, actual), sortable by the margin of a stage, low margins marked.
 * The report comes newest first and has no sort of its own, so the page reads the newest
 * REPORT_LIMIT orders in one request and sorts and pages those.
 */
import { Group, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment } from 'react';
import { formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { LOW_MARGIN_PERCENT, MarginText, marginLevel, marginPercentOf } from './margin-text';
import {
  type OrderCost,
  orderMarginsQuery,
  type SalesOrderStatus,
  type StageCost,
  salesOrderStatuses,
} from './sales-order-api';
import { SalesOrderStatusBadge } from './sales-order-status-badge';

const PAGE = 50;
const REPORT_LIMIT = 500;

export const marginStages = ['preliminary', 'committed', 'actual'] as const;
export type MarginStage = (typeof marginStages)[number];
export const marginSorts = [
  'newest',
  ...marginStages.flatMap((s) => [`${s}-asc`, `${s}-desc`] as const),
] as const;
export type MarginSort = (typeof marginSorts)[number];

const stageLabels: Record<MarginStage, string> = {
  preliminary: 'Preliminary',
  committed: 'Committed',
  actual: 'Actual',
};

/** A stage's margin, or null while nothing is estimated or spent at that stage. */
function marginAt(o: OrderCost, stage: MarginStage): number | null {
  const cost: StageCost | null = o[stage];
  if (!cost || (stage !== 'preliminary' && cost.total === 0)) return null;
  return cost.marginPercent;
}

function sorted(orders: OrderCost[], sort: MarginSort): OrderCost[] {
  if (sort === 'newest') return orders;
  const [stage, direction] = sort.split('-') as [MarginStage, 'asc' | 'desc'];
  const sign = direction === 'asc' ? 1 : -1;
  // orders without a margin at the stage go last either way
  return [...orders].sort((a, b) => {
    const ma = marginAt(a, stage);
    const mb = marginAt(b, stage);
    if (ma === null || mb === null) return ma === mb ? 0 : ma === null ? 1 : -1;
    return (ma - mb) * sign;
  });
}

export function OrderMarginsPage() {
  const search = useSearch({ from: '/signed-in/order-margins' });
  const navigate = useNavigate({ from: '/order-margins' });
  const sort = search.sort ?? 'newest';
  const offset = search.offset ?? 0;
  const report = useQuery({
    ...orderMarginsQuery({ status: search.status, offset: 0, limit: REPORT_LIMIT }),
    placeholderData: keepPreviousData,
  });
  const sortBy = (stage: MarginStage) =>
    navigate({
      search: (s) => ({
        ...s,
        // lowest first is what a margin review looks for; a second click turns it round
        sort: sort === `${stage}-asc` ? (`${stage}-desc` as const) : (`${stage}-asc` as const),
        offset: undefined,
      }),
    });

  return (
    <>
      <PageHeader
        title="Margins"
        subtitle={`Net value of each order against its cost: preliminary when entered, committed as supply is placed, actual as it arrives. Under ${LOW_MARGIN_PERCENT} % is marked.`}
      />
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={170}
            data={salesOrderStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({
                  ...s,
                  status: (status as SalesOrderStatus) ?? undefined,
                  offset: undefined,
                }),
              })
            }
          />
          <Select
            aria-label="Sort"
            w={250}
            allowDeselect={false}
            data={marginSorts.map((s) => ({ value: s, label: sortLabel(s) }))}
            value={sort}
            onChange={(s) =>
              navigate({
                search: (old) => ({
                  ...old,
                  sort: s === 'newest' ? undefined : (s as MarginSort),
                  offset: undefined,
                }),
              })
            }
          />
          {report.data && <Totals orders={report.data.items} />}
        </Group>
        {report.isPending ? (
          <PageLoader />
        ) : report.isError ? (
          <ErrorNotice error={report.error} onRetry={() => report.refetch()} />
        ) : (
          <MarginTable
            orders={sorted(report.data.items, sort).slice(offset, offset + PAGE)}
            sort={sort}
            onSort={sortBy}
            filtered={!!search.status}
          />
        )}
        {report.data && (
          <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
            <ListFooter
              total={report.data.items.length}
              limit={PAGE}
              offset={offset}
              onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
            />
            {report.data.total > report.data.items.length && (
              <Text fz="xs" c="dimmed" mt={4}>
                The newest {report.data.items.length} of {report.data.total} orders; filter by status to see
                older ones.
              </Text>
            )}
          </div>
        )}
      </Panel>
    </>
  );
}

function sortLabel(s: MarginSort): string {
  if (s === 'newest') return 'Newest first';
  const [stage, direction] = s.split('-') as [MarginStage, 'asc' | 'desc'];
  return `${stageLabels[stage]} margin, ${direction === 'asc' ? 'lowest' : 'highest'} first`;
}

/** Net value and preliminary margin of all orders shown, when they share one currency. */
function Totals({ orders }: { orders: OrderCost[] }) {
  const currencies = new Set(orders.map((o) => o.currency));
  if (orders.length === 0 || currencies.size !== 1) return null;
  const currency = orders[0].currency;
  const costed = orders.filter((o) => o.preliminary);
  const net = costed.reduce((s, o) => s + o.netAmount, 0);
  const cost = costed.reduce((s, o) => s + (o.preliminary?.total ?? 0), 0);
  return (
    <Text fz="sm" c="dimmed" ml="auto" data-testid="margin-totals">
      {orders.length} orders · net {formatMoney({ amount: net, currency })} · preliminary cost{' '}
      {formatMoney({ amount: cost, currency })} · <MarginText percent={marginPercentOf(net, cost)} />
    </Text>
  );
}

function MarginTable({
  orders,
  sort,
  onSort,
  filtered,
}: {
  orders: OrderCost[];
  sort: MarginSort;
  onSort: (stage: MarginStage) => void;
  filtered: boolean;
}) {
  return (
    <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="margins-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={120}>Order</Table.Th>
          <Table.Th>Customer</Table.Th>
          <Table.Th w={120}>Status</Table.Th>
          <Table.Th w={130} className="takt-num">
            Net value
          </Table.Th>
          {marginStages.map((stage) => (
            <Fragment key={stage}>
              <Table.Th
                w={130}
                className="takt-num"
                style={{ borderLeft: '1px solid var(--mantine-color-gray-2)' }}
              >
                {stageLabels[stage]} cost
              </Table.Th>
              <Table.Th w={90} className="takt-num">
                <UnstyledButton
                  fz={12}
                  fw={600}
                  onClick={() => onSort(stage)}
                  data-testid={`sort-${stage}`}
                  title={`Sort by the ${stage} margin`}
                >
                  Margin {sort === `${stage}-asc` ? '↑' : sort === `${stage}-desc` ? '↓' : '↕'}
                </UnstyledButton>
              </Table.Th>
            </Fragment>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orders.map((o) => {
          const preliminary = marginAt(o, 'preliminary');
          const level = preliminary === null ? 'fine' : marginLevel(preliminary);
          return (
            <Table.Tr
              key={o.orderId}
              data-testid="margin-row"
              data-number={o.orderNumber}
              data-level={level}
              bg={level === 'loss' ? 'red.0' : level === 'low' ? 'orange.0' : undefined}
            >
              <Table.Td>
                <AnchorLink
                  to="/sales-orders/$orderId"
                  params={{ orderId: o.orderId }}
                  className="takt-mono"
                  fw={500}
                >
                  {o.orderNumber}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{o.customerName}</Table.Td>
              <Table.Td>
                <SalesOrderStatusBadge status={o.status as SalesOrderStatus} />
              </Table.Td>
              <Table.Td className="takt-num">
                {formatMoney({ amount: o.netAmount, currency: o.currency })}
              </Table.Td>
              {marginStages.map((stage) => {
                const cost = o[stage];
                return (
                  <Fragment key={stage}>
                    <Table.Td
                      className="takt-num"
                      c={cost && cost.total > 0 ? undefined : 'dimmed'}
                      style={{ borderLeft: '1px solid var(--mantine-color-gray-2)' }}
                    >
                      {cost ? formatMoney({ amount: cost.total, currency: o.currency }) : '—'}
                    </Table.Td>
                    <Table.Td className="takt-num" data-stage={stage}>
                      <MarginText percent={marginAt(o, stage)} testId={`margin-${stage}`} />
                    </Table.Td>
                  </Fragment>
                );
              })}
            </Table.Tr>
          );
        })}
        {orders.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={10}>
              <Text c="dimmed" fz="sm" ta="center" py="lg">
                {filtered ? 'No orders with this status.' : 'No sales orders yet.'}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
