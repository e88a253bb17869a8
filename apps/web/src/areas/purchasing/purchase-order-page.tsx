/**
 * A purchase order: supplier, status and lines with what has arrived. Send (with If-Match)
 * makes a draft an order; a sent order's open lines are received one at a time. The supplier's
 * confirmed date of an open line is entered here: a later one re-plans and re-promises the
 * orders it hits, and the page says how their promises moved.
 */
import { Alert, Badge, Button, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { purchaseOrder as purchaseOrderSchema, type SupplierDateResult } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { PeggingLink } from '../planning/insight/pegging-link';
import { lineOpen, type PurchaseOrder, purchaseOrderQuery } from './purchase-order-api';
import { PurchaseOrderStatusBadge } from './purchase-order-status-badge';
import { ReceiptForm } from './receipt-form';
import { SupplierDateForm } from './supplier-date-form';

export function PurchaseOrderPage() {
  const { purchaseOrderId } = useParams({ from: '/signed-in/purchase-orders/$purchaseOrderId' });
  const po = useQuery(purchaseOrderQuery(purchaseOrderId));
  const timeZone = usePlantTimeZone();
  if (po.isPending) return <PageLoader />;
  if (po.isError) return <ErrorNotice error={po.error} onRetry={() => po.refetch()} />;
  return <PurchaseOrderView po={po.data} timeZone={timeZone} />;
}

function PurchaseOrderView({ po, timeZone }: { po: PurchaseOrder; timeZone: string }) {
  const canWrite = useCan('write', 'Requisition');
  const queryClient = useQueryClient();
  const [receiving, setReceiving] = useState<string | null>(null);
  const [dating, setDating] = useState<string | null>(null);
  const [dated, setDated] = useState<SupplierDateResult | null>(null);
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const send = useMutation({
    mutationFn: () =>
      api.post(
        `/api/purchase-orders/${po.id}/send`,
        { version: po.version },
        { schema: purchaseOrderSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (sent) => {
      queryClient.setQueryData(purchaseOrderQuery(po.id).queryKey, sent);
      await queryClient.invalidateQueries({ queryKey: ['purchase-orders', 'list'] });
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const receivable = po.status === 'sent' || po.status === 'partially-received';
  const orderOpen = receivable || po.status === 'draft';
  const now = Date.now();
  const complete = po.lines.filter((l) => !lineOpen(l)).length;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/purchase-orders" fz="xs" c="dimmed">
            Purchase orders
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="po-number">
              {po.number}
            </span>{' '}
            <Text span inherit fw={400}>
              {po.supplierName}
            </Text>
          </>
        }
        badges={<PurchaseOrderStatusBadge status={po.status} />}
        actions={
          <>
            <PeggingLink purchaseOrderId={po.id} label="Orders it serves (pegging)" />
            {canWrite && po.status === 'draft' && (
              <Button size="sm" onClick={() => send.mutate()} loading={send.isPending}>
                Send to supplier
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <FormErrorAlert
          errors={errors}
          onReload={async () => {
            setErrors(noFormErrors);
            await queryClient.invalidateQueries({ queryKey: purchaseOrderQuery(po.id).queryKey });
          }}
        />
        <Panel title="Purchase order">
          <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="md">
            <Fact label="Supplier">
              <AnchorLink to="/suppliers/$supplierId" params={{ supplierId: po.supplierId }} fz="sm">
                {po.supplierName}
              </AnchorLink>
            </Fact>
            <Fact label="Total">{formatMoney({ amount: po.totalAmount, currency: po.currency })}</Fact>
            <Fact label="Created">{formatDateTime(po.createdAt, timeZone)}</Fact>
            <Fact label="Sent">{po.orderedAt ? formatDateTime(po.orderedAt, timeZone) : 'not yet'}</Fact>
            <Fact label="Received">
              {complete} of {po.lines.length} lines
            </Fact>
            <Fact label="Version">{po.version}</Fact>
          </SimpleGrid>
        </Panel>
        {dated && <DateResult result={dated} timeZone={timeZone} onClose={() => setDated(null)} />}
        <Panel title="Lines" padding={0}>
          <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="po-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={50}>Line</Table.Th>
                <Table.Th>Item</Table.Th>
                <Table.Th w={110} className="takt-num">
                  Ordered
                </Table.Th>
                <Table.Th w={200}>Received</Table.Th>
                <Table.Th w={110} className="takt-num">
                  Unit price
                </Table.Th>
                <Table.Th w={120} className="takt-num">
                  Line total
                </Table.Th>
                <Table.Th w={140}>Due</Table.Th>
                <Table.Th w={200}>Supplier date</Table.Th>
                <Table.Th w={100}>For</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {po.lines.map((l) => {
                const open = lineOpen(l);
                const overdue = open && orderOpen && Date.parse(l.expectedAt) < now;
                const later = l.confirmedAt !== null && Date.parse(l.confirmedAt) > Date.parse(l.dueAt);
                return (
                  <Fragment key={l.id}>
                    <Table.Tr data-testid="po-line" data-line={l.lineNo} data-item={l.itemNumber}>
                      <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <AnchorLink
                            to="/items/$itemId"
                            params={{ itemId: l.itemId }}
                            className="takt-mono"
                            fz="sm"
                          >
                            {l.itemNumber}
                          </AnchorLink>
                          <Text fz="sm" c="dimmed" truncate maw={300}>
                            {l.itemName}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td className="takt-num">{formatQuantity(l.quantity)}</Table.Td>
                      <Table.Td>
                        <Group gap={8} wrap="nowrap">
                          <Progress
                            value={l.quantity ? Math.min(100, (l.receivedQuantity / l.quantity) * 100) : 100}
                            w={70}
                            size="sm"
                            color={open ? 'orange' : 'green'}
                          />
                          <Text fz="sm" data-testid="received-quantity">
                            {formatQuantity(l.receivedQuantity)}
                          </Text>
                          {!open && (
                            <Badge miw="max-content" size="xs" color="green">
                              complete
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td className="takt-num">
                        {formatMoney({ amount: l.unitPrice, currency: po.currency })}
                      </Table.Td>
                      <Table.Td className="takt-num">
                        {formatMoney({ amount: Math.round(l.quantity * l.unitPrice), currency: po.currency })}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text fz="sm" c={overdue ? 'red.7' : undefined} fw={overdue ? 600 : undefined}>
                            {formatPlantDate(l.dueAt, timeZone)}
                          </Text>
                          {overdue && (
                            <Badge miw="max-content" size="xs" color="red" variant="filled">
                              overdue
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td data-testid="supplier-date">
                        <Group gap={6} wrap="nowrap">
                          {l.confirmedAt ? (
                            <Text fz="sm" c={later ? 'red.7' : undefined} fw={later ? 600 : undefined}>
                              {formatPlantDate(l.confirmedAt, timeZone)}
                            </Text>
                          ) : (
                            <Text fz="sm" c="dimmed">
                              not confirmed
                            </Text>
                          )}
                          {later && l.lateSince && (
                            <Badge miw="max-content" size="xs" color="red" variant="light">
                              late
                            </Badge>
                          )}
                          {canWrite && orderOpen && open && dating !== l.id && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => {
                                setReceiving(null);
                                setDating(l.id);
                              }}
                              data-testid="supplier-date-action"
                            >
                              {l.confirmedAt ? 'Change' : 'Confirm'}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text fz="xs" c="dimmed">
                          {l.salesOrderLineId ? 'an order line' : 'pooled'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {canWrite && receivable && open && receiving !== l.id && (
                          <Button
                            size="compact-xs"
                            variant="default"
                            onClick={() => {
                              setDating(null);
                              setReceiving(l.id);
                            }}
                          >
                            Receive
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                    {receiving === l.id && (
                      <Table.Tr bg="gray.0">
                        <Table.Td />
                        <Table.Td colSpan={9} py="sm" style={{ whiteSpace: 'normal' }}>
                          <ReceiptForm purchaseOrderId={po.id} line={l} onDone={() => setReceiving(null)} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                    {dating === l.id && (
                      <Table.Tr bg="gray.0">
                        <Table.Td />
                        <Table.Td colSpan={9} py="sm" style={{ whiteSpace: 'normal' }}>
                          <SupplierDateForm
                            po={po}
                            line={l}
                            timeZone={timeZone}
                            onDone={(result) => {
                              setDating(null);
                              if (result) setDated(result);
                            }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
          {po.status === 'draft' && (
            <Text fz="xs" c="dimmed" p="sm">
              A draft is not yet ordered: send it to the supplier before goods can be received against it.
            </Text>
          )}
        </Panel>
      </Stack>
    </>
  );
}

/** What the supplier's date did: late or on time, and how the promises of the orders it hits moved. */
function DateResult({
  result,
  timeZone,
  onClose,
}: {
  result: SupplierDateResult;
  timeZone: string;
  onClose: () => void;
}) {
  const days = (a: string | null, b: string | null) =>
    a && b ? Math.round(((Date.parse(b) - Date.parse(a)) / 86_400_000) * 10) / 10 : null;
  return (
    <Alert
      color={result.late ? 'orange' : 'green'}
      title={
        result.late
          ? `Late: expected ${formatPlantDate(result.expectedAt, timeZone)}, the plan waits for it`
          : `On time: expected ${formatPlantDate(result.expectedAt, timeZone)}`
      }
      withCloseButton
      onClose={onClose}
      data-testid="supplier-date-result"
    >
      {result.promises.length === 0 ? (
        <Text fz="sm">No order line waits for this material.</Text>
      ) : (
        <Stack gap={2}>
          {result.promises.map((p) => {
            const moved = days(p.p90Before, p.p90After);
            return (
              <Text key={p.lineId} fz="sm" component="div">
                <span className="takt-mono">
                  {p.orderNumber}/{p.lineNo}
                </span>
                : 90 % by {formatDateTime(p.p90Before, timeZone)} → {formatDateTime(p.p90After, timeZone)}
                {moved !== null && moved !== 0 && (
                  <Text span fz="sm" c={moved > 0 ? 'red.7' : 'green.8'} fw={600}>
                    {' '}
                    ({moved > 0 ? '+' : ''}
                    {moved} d)
                  </Text>
                )}
                {result.atRisk.includes(p.lineId) && (
                  <Badge ml={6} size="xs" color="red">
                    now after its promised date
                  </Badge>
                )}
              </Text>
            );
          })}
          <Text fz="xs" c="dimmed">
            {result.moved} operation(s) re-planned.
          </Text>
        </Stack>
      )}
    </Alert>
  );
}
