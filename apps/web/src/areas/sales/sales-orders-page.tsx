import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatDate, formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { useSearchText } from '../../ui/use-search-text';
import { salesOrderListQuery, salesOrderStatuses } from './sales-order-api';
import { AtRiskBadge, SalesOrderStatusBadge } from './sales-order-status-badge';

const LIMIT = 50;

export function SalesOrdersPage() {
  const search = useSearch({ from: '/signed-in/sales-orders' });
  const navigate = useNavigate({ from: '/sales-orders' });
  const offset = search.offset ?? 0;
  const canWrite = useCan('write', 'SalesOrder');
  const timeZone = usePlantTimeZone();
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...salesOrderListQuery({ q: search.q, status: search.status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Sales orders"
        subtitle="What customers ordered, what we promised, and which orders are at risk"
        actions={
          canWrite && (
            <Button size="sm" onClick={() => navigate({ to: '/sales-orders/new' })}>
              New order
            </Button>
          )
        }
      />
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search number, customer or reference"
            aria-label="Search sales orders"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
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
                  status: (status as typeof search.status) ?? undefined,
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
            <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="sales-orders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={120}>Number</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th w={170}>Reference</Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th w={70} className="takt-num">
                    Lines
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Total
                  </Table.Th>
                  <Table.Th w={120}>Created</Table.Th>
                  <Table.Th w={190}>Promised</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((o) => (
                  <Table.Tr key={o.id} data-testid="sales-order-row" data-number={o.number}>
                    <Table.Td>
                      <AnchorLink
                        to="/sales-orders/$orderId"
                        params={{ orderId: o.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {o.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/customers/$customerId"
                        params={{ customerId: o.customerId }}
                        c="inherit"
                        fz="sm"
                      >
                        {o.customerName}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{o.customerReference ?? '—'}</Table.Td>
                    <Table.Td>
                      <SalesOrderStatusBadge status={o.status} />
                    </Table.Td>
                    <Table.Td className="takt-num">{o.lineCount}</Table.Td>
                    <Table.Td className="takt-num">
                      {formatMoney({ amount: o.totalAmount, currency: o.currency })}
                    </Table.Td>
                    <Table.Td>{formatPlantDate(o.createdAt, timeZone)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <span data-testid="promised-date">
                          {o.promisedDate
                            ? formatDate(o.promisedDate)
                            : o.status === 'draft'
                              ? 'not yet'
                              : '—'}
                        </span>
                        {o.atRisk && <AtRiskBadge size="xs" />}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.q || search.status ? 'No sales orders match.' : 'No sales orders yet.'}
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
