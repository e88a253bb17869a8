/**
 * Quotes: every revision offered to customers, with its value, the date we could deliver and
 * how long the offer holds. A superseded revision stays listed, dimmed, under the newer one.
 */
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
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
import { todayIn } from '../../ui/zoned-time';
import { PortalOriginBadge } from './portal-origin-badge';
import { type QuoteStatus, quoteListQuery, quoteOpen, quoteStatuses } from './quote-api';
import { QuoteStatusBadge } from './quote-status-badge';

const LIMIT = 50;

export function QuotesPage() {
  const search = useSearch({ from: '/signed-in/quotes' });
  const navigate = useNavigate({ from: '/quotes' });
  const offset = search.offset ?? 0;
  const canWrite = useCan('write', 'Quote');
  const timeZone = usePlantTimeZone();
  const today = todayIn(timeZone);
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...quoteListQuery({ q: search.q, status: search.status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Quotes"
        subtitle="What we offered, at which price and margin, and the date the plan could keep"
        actions={
          canWrite && (
            <Button size="sm" onClick={() => navigate({ to: '/quotes/new' })}>
              New quote
            </Button>
          )
        }
      />
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search number, customer or reference"
            aria-label="Search quotes"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={170}
            data={quoteStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({ ...s, status: (status as QuoteStatus) ?? undefined, offset: undefined }),
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
            <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="quotes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={150}>Number</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th w={170}>Reference</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={70} className="takt-num">
                    Lines
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Total
                  </Table.Th>
                  <Table.Th w={130}>Promised</Table.Th>
                  <Table.Th w={150}>Valid until</Table.Th>
                  <Table.Th w={120}>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((q) => {
                  const expired = quoteOpen(q.status) && q.validUntil < today;
                  return (
                    <Table.Tr
                      key={q.id}
                      data-testid="quote-row"
                      data-number={q.number}
                      data-revision={q.revision}
                      style={q.status === 'superseded' ? { opacity: 0.6 } : undefined}
                    >
                      <Table.Td>
                        <AnchorLink
                          to="/quotes/$quoteId"
                          params={{ quoteId: q.id }}
                          className="takt-mono"
                          fw={500}
                        >
                          {q.number}
                        </AnchorLink>
                        <Text span fz="xs" c="dimmed">
                          {' '}
                          rev {q.revision}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <AnchorLink
                          to="/customers/$customerId"
                          params={{ customerId: q.customerId }}
                          c="inherit"
                          fz="sm"
                        >
                          {q.customerName}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{q.customerReference ?? '—'}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <QuoteStatusBadge status={q.status} />
                          {q.status !== 'requested' && <PortalOriginBadge quote={q} />}
                        </Group>
                      </Table.Td>
                      <Table.Td className="takt-num">{q.lineCount}</Table.Td>
                      <Table.Td className="takt-num">
                        {formatMoney({ amount: q.totalAmount, currency: q.currency })}
                      </Table.Td>
                      <Table.Td data-testid="promised-date">{formatDate(q.promisedDate)}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          {formatDate(q.validUntil)}
                          {expired && (
                            <Badge miw="max-content" size="xs" color="orange">
                              lapsed
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatPlantDate(q.createdAt, timeZone)}</Table.Td>
                    </Table.Tr>
                  );
                })}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={9}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.q || search.status ? 'No quotes match.' : 'No quotes yet.'}
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
