/** Non-conformances, newest first: what failed, where, how many, and what was decided for them. */
import { Group, Select, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import { useSearchText } from '../../ui/use-search-text';
import { NonConformanceStatusBadge } from './non-conformance-status-badge';
import {
  dispositionLabels,
  type NonConformanceStatus,
  nonConformanceListQuery,
  nonConformanceStatuses,
} from './quality-api';

const LIMIT = 50;

export function NonConformancesPage() {
  const search = useSearch({ from: '/signed-in/quality/non-conformances' });
  const navigate = useNavigate({ from: '/quality/non-conformances' });
  const offset = search.offset ?? 0;
  const timeZone = usePlantTimeZone();
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...nonConformanceListQuery({ status: search.status, q: search.q, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  return (
    <>
      <PageHeader
        title="Non-conformances"
        subtitle="Parts that failed on the shop floor and what is decided for them: scrap, rework or use as is"
      />
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search NCR, job, item or text"
            aria-label="Search non-conformances"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={170}
            data={nonConformanceStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({
                  ...s,
                  status: (status as NonConformanceStatus | null) ?? undefined,
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
              data-testid="non-conformances-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Operation</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th className="takt-num">Parts</Table.Th>
                  <Table.Th>What is wrong</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Disposition</Table.Th>
                  <Table.Th className="takt-num">Cost</Table.Th>
                  <Table.Th>Reported</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((n) => (
                  <Table.Tr key={n.id} data-testid="ncr-row" data-number={n.number}>
                    <Table.Td>
                      <AnchorLink
                        to="/quality/non-conformances/$nonConformanceId"
                        params={{ nonConformanceId: n.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {n.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/jobs/$jobId"
                        params={{ jobId: n.jobId }}
                        c="inherit"
                        className="takt-mono"
                      >
                        {n.jobNumber}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'normal' }}>
                      {n.operationNumber} {n.operationName}
                      <Text span c="dimmed" fz="xs">
                        {' '}
                        · {n.workCenterCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" className="takt-mono" span>
                        {n.itemNumber}
                      </Text>
                    </Table.Td>
                    <Table.Td className="takt-num">{formatQuantity(n.quantity)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'normal', minWidth: 200 }}>
                      <Text fz="sm" lineClamp={2} title={n.description}>
                        {n.description}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <NonConformanceStatusBadge status={n.status} />
                    </Table.Td>
                    <Table.Td>{n.disposition ? dispositionLabels[n.disposition] : '—'}</Table.Td>
                    <Table.Td className="takt-num">
                      {n.disposition ? formatMoney({ amount: n.cost, currency: n.currency }) : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatDateTime(n.createdAt, timeZone)}</Text>
                      <Text fz="xs" c="dimmed">
                        {n.reportedByName ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={10}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.status || search.q
                          ? 'No non-conformances match.'
                          : 'No non-conformances yet: operators report them at the terminal.'}
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
