import { Badge, Group, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useSearchText } from '../../ui/use-search-text';
import { supplierListQuery } from './purchasing-api';

const LIMIT = 50;

export function SuppliersPage() {
  const search = useSearch({ from: '/signed-in/suppliers' });
  const navigate = useNavigate({ from: '/suppliers' });
  const offset = search.offset ?? 0;
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...supplierListQuery({ q: search.q, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title="Suppliers" subtitle="Who we buy from: terms, lead times and contacts" />
      <Panel padding={0}>
        <Group p="sm">
          <TextInput
            placeholder="Search number or name"
            aria-label="Search suppliers"
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
            <Table className="takt-table" data-testid="suppliers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={200}>City</Table.Th>
                  <Table.Th w={160}>Payment terms</Table.Th>
                  <Table.Th w={80}>Currency</Table.Th>
                  <Table.Th w={110} className="takt-num">
                    Lead time
                  </Table.Th>
                  <Table.Th w={100} className="takt-num">
                    On time
                  </Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((s) => (
                  <Table.Tr key={s.id} data-testid="supplier-row">
                    <Table.Td>
                      <AnchorLink
                        to="/suppliers/$supplierId"
                        params={{ supplierId: s.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {s.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.address ? `${s.address.city}, ${s.address.country}` : '—'}</Table.Td>
                    <Table.Td>{s.paymentTerms}</Table.Td>
                    <Table.Td>{s.currency}</Table.Td>
                    <Table.Td className="takt-num">{s.defaultLeadTimeDays} d</Table.Td>
                    <Table.Td className="takt-num">
                      {s.onTimeRate == null ? '—' : `${Math.round(s.onTimeRate * 100)} %`}
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={s.active ? 'green' : 'gray'}>
                        {s.active ? 'active' : 'inactive'}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        No suppliers match.
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
