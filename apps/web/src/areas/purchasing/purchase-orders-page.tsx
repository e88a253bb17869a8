import { Group, Progress, Select, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import {
  type PurchaseOrderStatus,
  purchaseOrderListQuery,
  purchaseOrderStatuses,
} from './purchase-order-api';
import { PurchaseOrderStatusBadge } from './purchase-order-status-badge';

const LIMIT = 50;

export function PurchaseOrdersPage() {
  const search = useSearch({ from: '/signed-in/purchase-orders' });
  const navigate = useNavigate({ from: '/purchase-orders' });
  const offset = search.offset ?? 0;
  const timeZone = usePlantTimeZone();
  const list = useQuery({
    ...purchaseOrderListQuery({ status: search.status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Purchase orders"
        subtitle="What we ordered from suppliers, what has arrived, what is due"
      />
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={190}
            data={purchaseOrderStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({
                  ...s,
                  status: (status as PurchaseOrderStatus | null) ?? undefined,
                  offset: undefined,
                }),
              })
            }
          />
        </Group>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <Table
              className="takt-table"
              style={{ whiteSpace: 'nowrap' }}
              data-testid="purchase-orders-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={120}>Number</Table.Th>
                  <Table.Th>Supplier</Table.Th>
                  <Table.Th w={170}>Status</Table.Th>
                  <Table.Th w={70} className="takt-num">
                    Lines
                  </Table.Th>
                  <Table.Th w={170}>Received</Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Total
                  </Table.Th>
                  <Table.Th w={120}>Sent</Table.Th>
                  <Table.Th w={120}>First due</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((po) => {
                  const done = po.lines.filter((l) => l.receivedQuantity >= l.quantity).length;
                  const firstDue = po.lines.map((l) => l.dueAt).sort()[0];
                  return (
                    <Table.Tr key={po.id} data-testid="purchase-order-row" data-number={po.number}>
                      <Table.Td>
                        <AnchorLink
                          to="/purchase-orders/$purchaseOrderId"
                          params={{ purchaseOrderId: po.id }}
                          className="takt-mono"
                          fw={500}
                        >
                          {po.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <AnchorLink
                          to="/suppliers/$supplierId"
                          params={{ supplierId: po.supplierId }}
                          c="inherit"
                          fz="sm"
                        >
                          {po.supplierName}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <PurchaseOrderStatusBadge status={po.status} />
                      </Table.Td>
                      <Table.Td className="takt-num">{po.lines.length}</Table.Td>
                      <Table.Td>
                        <Group gap={8} wrap="nowrap">
                          <Progress
                            value={po.lines.length ? (done / po.lines.length) * 100 : 0}
                            w={80}
                            size="sm"
                            color="green"
                          />
                          <Text fz="xs" c="dimmed">
                            {done}/{po.lines.length} lines
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td className="takt-num">
                        {formatMoney({ amount: po.totalAmount, currency: po.currency })}
                      </Table.Td>
                      <Table.Td>
                        {po.orderedAt ? formatPlantDate(po.orderedAt, timeZone) : 'not yet'}
                      </Table.Td>
                      <Table.Td>{formatPlantDate(firstDue, timeZone)}</Table.Td>
                    </Table.Tr>
                  );
                })}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.status
                          ? 'No purchase orders with this status.'
                          : 'No purchase orders yet: order open requisitions to create them.'}
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
