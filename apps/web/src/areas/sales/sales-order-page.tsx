/**
 * A sales order: its header, its lines with the promise each got (date, P50/P90, what it hangs
 * on), Confirm for a draft (plans the supply and keeps the promise, with If-Match), Change line
 * and Cancel for a confirmed order (impact previewed first), its cost and margin at three
 * stages, the confirmation as PDF, and the supply tree of every line.
 */
import { Alert, Badge, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { type SalesOrder, salesOrder as salesOrderSchema } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { PeggingLink } from '../planning/insight/pegging-link';
import { PromiseCells, PromiseHeadCells } from './line-promise-cells';
import { OrderCancelModal } from './order-cancel-modal';
import { OrderChangeModal } from './order-change-modal';
import { OrderCostPanel } from './order-cost-panel';
import { OrderDeliveryPanel } from './order-delivery-panel';
import { OrderSupplyTable, pegLate } from './order-supply-table';
import {
  lineAtRisk,
  type OrderImpact,
  orderSupplyQuery,
  type SalesOrderLine,
  type SalesOrderStatus,
  salesOrderQuery,
} from './sales-order-api';
import { AtRiskBadge, SalesOrderStatusBadge } from './sales-order-status-badge';

/** Orders that may still be changed or cancelled, as the server allows it. */
const changeable: SalesOrderStatus[] = ['confirmed', 'in-production', 'ready'];

/** One sentence for what an applied change or cancellation did. */
function impactSummary(m: OrderImpact): string {
  const counts = [
    `${m.cancelledJobs.length} jobs and ${m.cancelledRequisitions.length} requisitions cancelled`,
    ...(m.createdJobs.length || m.createdRequisitions.length
      ? [`${m.createdJobs.length} jobs and ${m.createdRequisitions.length} requisitions planned`]
      : []),
  ].join(', ');
  if (m.order.status === 'cancelled') return `Cancelled ${m.order.number}: ${counts}.`;
  const moves = m.lines
    .filter((l) => l.before.promisedDate !== l.after.promisedDate)
    .map((l) => `line ${l.lineNo} now promised ${formatDate(l.after.promisedDate)}`);
  return `Changed ${m.order.number}: ${counts}${moves.length ? `; ${moves.join(', ')}` : '; the promise holds'}.`;
}

export function SalesOrderPage() {
  const { orderId } = useParams({ from: '/signed-in/sales-orders/$orderId' });
  const order = useQuery(salesOrderQuery(orderId));
  const timeZone = usePlantTimeZone();
  if (order.isPending) return <PageLoader />;
  if (order.isError) return <ErrorNotice error={order.error} onRetry={() => order.refetch()} />;
  return <SalesOrderView order={order.data} timeZone={timeZone} />;
}

function SalesOrderView({ order: o, timeZone }: { order: SalesOrder; timeZone: string }) {
  const canWrite = useCan('write', 'SalesOrder');
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const [confirmedNow, setConfirmedNow] = useState(false);
  const [dialog, setDialog] = useState<'change' | 'cancel' | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: () =>
      api.post(`/api/sales-orders/${o.id}/confirm`, { version: o.version }, { schema: salesOrderSchema }),
    onMutate: () => {
      setErrors(noFormErrors);
      setApplied(null);
    },
    onSuccess: async (confirmed) => {
      queryClient.setQueryData(salesOrderQuery(o.id).queryKey, confirmed);
      setConfirmedNow(true);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sales-orders', 'list'] }),
        queryClient.invalidateQueries({ queryKey: orderSupplyQuery(o.id).queryKey }),
        queryClient.invalidateQueries({ queryKey: ['sales-orders', o.id, 'cost'] }),
        queryClient.invalidateQueries({ queryKey: ['jobs'] }),
        queryClient.invalidateQueries({ queryKey: ['requisitions'] }),
      ]);
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const total = o.lines.reduce((s, l) => s + l.netAmount, 0);
  const atRisk = o.lines.some(lineAtRisk);
  const promised = o.lines.map((l) => l.promisedDate).filter((d): d is string => !!d);
  const latest = promised.sort().at(-1) ?? null;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/sales-orders" fz="xs" c="dimmed">
            Sales orders
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="order-number">
              {o.number}
            </span>{' '}
            <Text span inherit fw={400}>
              {o.customerName}
            </Text>
          </>
        }
        badges={
          <>
            <SalesOrderStatusBadge status={o.status} />
            {atRisk && <AtRiskBadge />}
          </>
        }
        actions={
          <>
            {o.status !== 'draft' && (
              <Button
                size="sm"
                variant="default"
                component="a"
                href={`/api/sales-orders/${o.id}/confirmation.pdf`}
                target="_blank"
                rel="noopener"
              >
                Confirmation PDF
              </Button>
            )}
            {canWrite && changeable.includes(o.status) && (
              <>
                <Button size="sm" variant="default" c="red.7" onClick={() => setDialog('cancel')}>
                  Cancel order
                </Button>
                <Button size="sm" variant="default" onClick={() => setDialog('change')}>
                  Change line
                </Button>
              </>
            )}
            {canWrite && o.status === 'draft' && (
              <Button size="sm" onClick={() => confirm.mutate()} loading={confirm.isPending}>
                Confirm order
              </Button>
            )}
          </>
        }
      />
      {dialog === 'change' && (
        <OrderChangeModal
          order={o}
          timeZone={timeZone}
          onClose={() => setDialog(null)}
          onApplied={(m) => {
            setConfirmedNow(false);
            setApplied(impactSummary(m));
          }}
        />
      )}
      {dialog === 'cancel' && (
        <OrderCancelModal
          order={o}
          timeZone={timeZone}
          onClose={() => setDialog(null)}
          onApplied={(m) => {
            setConfirmedNow(false);
            setApplied(impactSummary(m));
          }}
        />
      )}
      <Stack gap="md">
        <FormErrorAlert
          errors={errors}
          onReload={async () => {
            setErrors(noFormErrors);
            await queryClient.invalidateQueries({ queryKey: salesOrderQuery(o.id).queryKey });
          }}
        />
        {confirmedNow && o.status !== 'draft' && (
          <Text
            fz="sm"
            c="green.9"
            bg="green.0"
            p="sm"
            style={{ borderRadius: 4, border: '1px solid var(--mantine-color-green-3)' }}
            data-testid="confirm-result"
          >
            Confirmed {o.number}: supply is planned and pegged to its lines.{' '}
            {o.lines.map((l) => `Line ${l.lineNo} promised ${formatDate(l.promisedDate)}`).join(' · ')}.
          </Text>
        )}
        {applied && (
          <Alert
            color="green"
            variant="light"
            data-testid="impact-result"
            withCloseButton
            onClose={() => setApplied(null)}
          >
            {applied}
          </Alert>
        )}
        <Panel title="Order">
          <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} spacing="md">
            <Fact label="Customer">
              <AnchorLink to="/customers/$customerId" params={{ customerId: o.customerId }} fz="sm">
                {o.customerName}
              </AnchorLink>
            </Fact>
            <Fact label="Customer reference">{o.customerReference ?? '—'}</Fact>
            <Fact label="Net value">{formatMoney({ amount: total, currency: o.currency })}</Fact>
            <Fact label="Created">{formatDateTime(o.createdAt, timeZone)}</Fact>
            <Fact label="Confirmed">
              {o.confirmedAt ? formatDateTime(o.confirmedAt, timeZone) : 'not yet'}
            </Fact>
            <Fact label="Promised" testId="order-promised">
              {o.status === 'cancelled' ? 'cancelled' : latest ? formatDate(latest) : '—'}
            </Fact>
            <Fact label="Version">{o.version}</Fact>
          </SimpleGrid>
        </Panel>
        <Panel title="Lines" padding={0}>
          <OrderLinesTable order={o} timeZone={timeZone} />
        </Panel>
        {o.status !== 'draft' && o.status !== 'cancelled' && (
          <OrderDeliveryPanel order={o} timeZone={timeZone} />
        )}
        <OrderCostPanel orderId={o.id} />
        <OrderSupply order={o} timeZone={timeZone} />
      </Stack>
    </>
  );
}

function OrderLinesTable({ order: o, timeZone }: { order: SalesOrder; timeZone: string }) {
  return (
    <Table className="takt-table" data-testid="order-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={50}>Line</Table.Th>
          <Table.Th miw={160}>Item</Table.Th>
          <Table.Th w={80} className="takt-num">
            Qty
          </Table.Th>
          <Table.Th w={110} className="takt-num">
            Net
          </Table.Th>
          <PromiseHeadCells />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {o.lines.map((l) => (
          <OrderLineRow key={l.id} line={l} currency={o.currency} timeZone={timeZone} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function OrderLineRow({
  line: l,
  currency,
  timeZone,
}: {
  line: SalesOrderLine;
  currency: string;
  timeZone: string;
}) {
  return (
    <Table.Tr data-testid="order-line-row" data-line={l.lineNo} style={{ verticalAlign: 'top' }}>
      <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
      <Table.Td>
        <AnchorLink to="/items/$itemId" params={{ itemId: l.itemId }} className="takt-mono" fz="sm">
          {l.itemNumber}
        </AnchorLink>
        <Text fz="xs" c="dimmed">
          {l.itemName}
        </Text>
      </Table.Td>
      <Table.Td className="takt-num" data-testid="line-quantity">
        {formatQuantity(l.quantity)}
      </Table.Td>
      <Table.Td className="takt-num">
        {formatMoney({ amount: l.netAmount, currency })}
        <Text fz="xs" c="dimmed">
          {formatMoney({ amount: l.unitPrice, currency })} each
        </Text>
      </Table.Td>
      <PromiseCells
        line={l}
        timeZone={timeZone}
        notPromised="on confirmation"
        notPlanned="Confirm the order to plan this line."
      />
    </Table.Tr>
  );
}

function OrderSupply({ order: o, timeZone }: { order: SalesOrder; timeZone: string }) {
  const planned = o.status !== 'draft' && o.status !== 'cancelled';
  const supply = useQuery({ ...orderSupplyQuery(o.id), enabled: planned });
  if (o.status === 'cancelled')
    return (
      <Panel title="Supply">
        <Text fz="sm" c="dimmed">
          The order is cancelled: its jobs that had not started and its open requisitions were cancelled, and
          its stock reservations released.
        </Text>
      </Panel>
    );
  if (!planned)
    return (
      <Panel title="Supply">
        <Text fz="sm" c="dimmed">
          A draft has no supply yet. Confirming plans jobs and purchases for every line and pegs them to it.
        </Text>
      </Panel>
    );
  if (supply.isPending) return <PageLoader />;
  if (supply.isError) return <ErrorNotice error={supply.error} onRetry={() => supply.refetch()} />;
  const itemOf = new Map(o.lines.map((l) => [l.id, l]));
  return (
    <>
      <PeggingLink salesOrderId={o.id} label="Open the pegging tree (jobs, child jobs, purchases, stock)" />
      {supply.data.lines.map((line) => {
        const orderLine = itemOf.get(line.lineId);
        const late = line.pegs.filter(pegLate).length;
        return (
          <Panel
            key={line.lineId}
            testId="line-supply"
            padding={0}
            title={
              <>
                Supply of line {line.lineNo}
                {orderLine && (
                  <Text span fz="sm" fw={400} c="dimmed">
                    {' '}
                    · {formatQuantity(orderLine.quantity)} × {orderLine.itemNumber}
                  </Text>
                )}
              </>
            }
            actions={
              <Group gap={6}>
                <Badge miw="max-content" size="sm" color="gray">
                  {line.pegs.length} pegs
                </Badge>
                {late > 0 && (
                  <Badge miw="max-content" size="sm" color="red">
                    {late} late
                  </Badge>
                )}
              </Group>
            }
          >
            <OrderSupplyTable pegs={line.pegs} timeZone={timeZone} lineNo={line.lineNo} />
          </Panel>
        );
      })}
    </>
  );
}
