/**
 * A purchase order: supplier, status and lines with what has arrived. Send (with If-Match)
 * makes a draft an order; a sent order's open lines are received one at a time.
 */
import { Badge, Button, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { purchaseOrder as purchaseOrderSchema } from '@takt/contracts';
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
                <Table.Th w={100}>For</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {po.lines.map((l) => {
                const open = lineOpen(l);
                const overdue = open && receivable && Date.parse(l.dueAt) < now;
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
                      <Table.Td>
                        <Text fz="xs" c="dimmed">
                          {l.salesOrderLineId ? 'an order line' : 'pooled'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {canWrite && receivable && open && receiving !== l.id && (
                          <Button size="compact-xs" variant="default" onClick={() => setReceiving(l.id)}>
                            Receive
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                    {receiving === l.id && (
                      <Table.Tr bg="gray.0">
                        <Table.Td />
                        <Table.Td colSpan={8} py="sm" style={{ whiteSpace: 'normal' }}>
                          <ReceiptForm purchaseOrderId={po.id} line={l} onDone={() => setReceiving(null)} />
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
