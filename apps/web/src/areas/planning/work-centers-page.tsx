import { Group, Table, Text, TextInput } from '@mantine/core';
import type { WorkCenter } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatMoney, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useSearchText } from '../../ui/use-search-text';
import { workCenterListQuery } from './resources-api';

export const rate = (wc: WorkCenter, kind: 'machine' | 'labour' | 'setup') => ({
  amount: wc.costRates[kind],
  currency: wc.costRates.currency,
});

const LIMIT = 50;

export function WorkCentersPage() {
  const search = useSearch({ from: '/signed-in/work-centers' });
  const navigate = useNavigate({ from: '/work-centers' });
  const offset = search.offset ?? 0;
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...workCenterListQuery({ q: search.q, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Work centers"
        subtitle="Machines, cells and stations: their capacity and working calendars"
      />
      <Panel padding={0}>
        <Group p="sm">
          <TextInput
            placeholder="Search code or name"
            aria-label="Search work centers"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
        </Group>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <Table className="takt-table" data-testid="work-centers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>Code</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={110} className="takt-num">
                    Machines
                  </Table.Th>
                  <Table.Th w={110} className="takt-num">
                    Efficiency
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Machine rate / h
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Labour rate / h
                  </Table.Th>
                  <Table.Th w={200}>Calendar</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((wc) => (
                  <Table.Tr key={wc.id} data-testid="work-center-row">
                    <Table.Td>
                      <AnchorLink
                        to="/work-centers/$workCenterId"
                        params={{ workCenterId: wc.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {wc.code}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{wc.name}</Table.Td>
                    <Table.Td className="takt-num">{wc.machines}</Table.Td>
                    <Table.Td className="takt-num">{formatQuantity(wc.efficiency * 100)} %</Table.Td>
                    <Table.Td className="takt-num">{formatMoney(rate(wc, 'machine'))}</Table.Td>
                    <Table.Td className="takt-num">{formatMoney(rate(wc, 'labour'))}</Table.Td>
                    <Table.Td>{wc.calendarName}</Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        No work centers match.
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
