/**
 * What MRP says to buy, by when: open requisitions first (by order-by date), each with its
 * supplier and the need it serves. 'Order selected' / 'Order all open' turn them into purchase
 * orders, one per supplier (POST /api/requisitions/order), shown with links afterwards. A
 * placeholder's requisition (a part not designed yet) is marked and cannot be selected: it stays
 * open, carrying its estimated lead time into the plan, until an engineering change replaces it.
 */
import { Alert, Anchor, Badge, Button, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { purchaseOrder } from '@takt/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatMoney, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import {
  type PurchaseOrder,
  type RequisitionStatus,
  requisitionListQuery,
  requisitionStatuses,
} from './purchase-order-api';
import { RequisitionStatusBadge } from './purchase-order-status-badge';

const LIMIT = 100;

export function RequisitionsPage() {
  const search = useSearch({ from: '/signed-in/requisitions' });
  const navigate = useNavigate({ from: '/requisitions' });
  const offset = search.offset ?? 0;
  // open first: the page opens on what is still to be ordered
  const status: RequisitionStatus | undefined =
    search.status === 'all' ? undefined : (search.status ?? 'open');
  const canWrite = useCan('write', 'Requisition');
  const timeZone = usePlantTimeZone();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<PurchaseOrder[] | null>(null);
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const list = useQuery({
    ...requisitionListQuery({ status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const order = useMutation({
    mutationFn: (requisitionIds: string[] | undefined) =>
      api.post('/api/requisitions/order', requisitionIds ? { requisitionIds } : {}, {
        schema: z.array(purchaseOrder),
      }),
    onMutate: () => {
      setErrors(noFormErrors);
      setCreated(null);
    },
    onSuccess: async (orders) => {
      setCreated(orders);
      setSelected(new Set());
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['requisitions'] }),
        queryClient.invalidateQueries({ queryKey: ['purchase-orders'] }),
        queryClient.invalidateQueries({ queryKey: ['sales-orders'] }),
      ]);
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const now = Date.now();
  const openRows = list.data?.items.filter((r) => r.status === 'open') ?? [];
  const allSelected = openRows.length > 0 && openRows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title="Requisitions"
        subtitle="What planning says to buy and by when; ordering groups them into one purchase order per supplier"
        actions={
          canWrite && (
            <>
              <Button
                size="sm"
                variant="default"
                disabled={selected.size === 0}
                loading={order.isPending && order.variables !== undefined}
                onClick={() => order.mutate([...selected])}
              >
                Order selected{selected.size > 0 ? ` (${selected.size})` : ''}
              </Button>
              <Button
                size="sm"
                disabled={status === 'open' && list.data?.total === 0}
                loading={order.isPending && order.variables === undefined}
                onClick={() => order.mutate(undefined)}
              >
                Order all open
              </Button>
            </>
          )
        }
      />
      <FormErrorAlert errors={errors} onReload={() => list.refetch()} />
      {created && (
        <Alert
          color={created.length ? 'green' : 'gray'}
          variant="light"
          mb="md"
          title={created.length ? `Created ${created.length} purchase orders` : 'Nothing to order'}
          data-testid="created-purchase-orders"
          withCloseButton
          onClose={() => setCreated(null)}
        >
          {created.length === 0 ? (
            'No requisition was open.'
          ) : (
            <Group gap="lg">
              {created.map((po) => (
                <Text fz="sm" key={po.id}>
                  <AnchorLink
                    to="/purchase-orders/$purchaseOrderId"
                    params={{ purchaseOrderId: po.id }}
                    className="takt-mono"
                    fw={600}
                    data-testid="created-po-link"
                  >
                    {po.number}
                  </AnchorLink>{' '}
                  {po.supplierName} · {po.lines.length} {po.lines.length === 1 ? 'line' : 'lines'} ·{' '}
                  {formatMoney({ amount: po.totalAmount, currency: po.currency })}
                </Text>
              ))}
            </Group>
          )}
        </Alert>
      )}
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <Select
            aria-label="Status"
            w={170}
            allowDeselect={false}
            data={[...requisitionStatuses, 'all'].map((s) => ({
              value: s,
              label: s === 'all' ? 'all statuses' : s,
            }))}
            value={search.status ?? 'open'}
            onChange={(s) =>
              navigate({
                search: (old) => ({
                  ...old,
                  status: s === 'open' ? undefined : (s as typeof search.status),
                  offset: undefined,
                }),
              })
            }
          />
          <Text fz="xs" c="dimmed">
            by order-by date, the latest day to order for the supplier's lead time · dates in {timeZone}
          </Text>
        </Group>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="requisitions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    {canWrite && (
                      <Checkbox
                        size="xs"
                        aria-label="Select all open"
                        checked={allSelected}
                        indeterminate={!allSelected && selected.size > 0}
                        disabled={openRows.length === 0}
                        onChange={() =>
                          setSelected(allSelected ? new Set() : new Set(openRows.map((r) => r.id)))
                        }
                      />
                    )}
                  </Table.Th>
                  <Table.Th w={110}>Number</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th w={110} className="takt-num">
                    Quantity
                  </Table.Th>
                  <Table.Th w={220}>Supplier</Table.Th>
                  <Table.Th w={140}>Order by</Table.Th>
                  <Table.Th w={120}>Needed</Table.Th>
                  <Table.Th w={110}>Serves</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((r) => {
                  const overdue = r.status === 'open' && Date.parse(r.orderBy) < now;
                  return (
                    <Table.Tr
                      key={r.id}
                      data-testid="requisition-row"
                      data-number={r.number}
                      data-status={r.status}
                    >
                      <Table.Td>
                        {canWrite && r.status === 'open' && !r.placeholder && (
                          <Checkbox
                            size="xs"
                            aria-label={`Select ${r.number}`}
                            checked={selected.has(r.id)}
                            onChange={() => toggle(r.id)}
                          />
                        )}
                      </Table.Td>
                      <Table.Td className="takt-mono">{r.number}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <AnchorLink
                            to="/items/$itemId"
                            params={{ itemId: r.itemId }}
                            search={{ tab: 'suppliers' }}
                            className="takt-mono"
                            fz="sm"
                          >
                            {r.itemNumber}
                          </AnchorLink>
                          <Text fz="sm" c="dimmed" truncate maw={260}>
                            {r.itemName}
                          </Text>
                          {r.placeholder && (
                            <Badge
                              size="xs"
                              variant="light"
                              color="violet"
                              tt="none"
                              data-testid="requisition-placeholder"
                              title="a part not designed yet: it carries its estimated lead time into the plan; an engineering change replaces it by the designed part, which is ordered"
                            >
                              placeholder, not orderable
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td className="takt-num">{formatQuantity(r.quantity)}</Table.Td>
                      <Table.Td>
                        {r.supplierId && r.supplierName ? (
                          <AnchorLink
                            to="/suppliers/$supplierId"
                            params={{ supplierId: r.supplierId }}
                            c="inherit"
                            fz="sm"
                          >
                            {r.supplierName}
                          </AnchorLink>
                        ) : (
                          <Text fz="sm" c="red.7">
                            no supplier
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text
                          fz="sm"
                          c={overdue ? 'red.7' : undefined}
                          fw={overdue ? 600 : undefined}
                          title={overdue ? 'the order-by date has passed: order now' : undefined}
                        >
                          {formatPlantDate(r.orderBy, timeZone)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{formatPlantDate(r.neededAt, timeZone)}</Table.Td>
                      <Table.Td>
                        {r.salesOrderLineId ? (
                          <Badge miw="max-content" size="xs" variant="outline" color="indigo" tt="none">
                            an order line
                          </Badge>
                        ) : (
                          <Text
                            fz="xs"
                            c="dimmed"
                            title="not dedicated to one order line: the orders' supply trees show who it serves"
                          >
                            pooled
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <RequisitionStatusBadge status={r.status} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={9}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {status === 'open'
                          ? 'Nothing to order: no requisition is open.'
                          : 'No requisitions with this status.'}{' '}
                        <Anchor
                          fz="sm"
                          onClick={() => navigate({ search: (s) => ({ ...s, status: 'all' }) })}
                        >
                          Show all
                        </Anchor>
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
    </>
  );
}
