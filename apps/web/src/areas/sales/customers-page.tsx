import { Badge, Group, Table, Text, TextInput } from '@mantine/core';
import type { Customer } from '@takt/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useSearchText } from '../../ui/use-search-text';
import { customerListQuery } from './sales-api';

const LIMIT = 50;

export const defaultAddress = (c: Customer) =>
  c.deliveryAddresses.find((a) => a.isDefault) ?? c.deliveryAddresses[0] ?? null;

export function CustomersPage() {
  const search = useSearch({ from: '/signed-in/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const offset = search.offset ?? 0;
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...customerListQuery({ q: search.q, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title="Customers" subtitle="Who we build for: delivery addresses, terms and contacts" />
      <Panel padding={0}>
        <Group p="sm">
          <TextInput
            placeholder="Search number or name"
            aria-label="Search customers"
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
            <Table className="takt-table" data-testid="customers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={220}>Ships to</Table.Th>
                  <Table.Th w={160}>Payment terms</Table.Th>
                  <Table.Th w={80}>Currency</Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => {
                  const address = defaultAddress(c);
                  return (
                    <Table.Tr key={c.id} data-testid="customer-row">
                      <Table.Td>
                        <AnchorLink
                          to="/customers/$customerId"
                          params={{ customerId: c.id }}
                          className="takt-mono"
                          fw={500}
                        >
                          {c.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>{address ? `${address.city}, ${address.country}` : '—'}</Table.Td>
                      <Table.Td>{c.paymentTerms}</Table.Td>
                      <Table.Td>{c.currency}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" color={c.active ? 'green' : 'gray'}>
                          {c.active ? 'active' : 'inactive'}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        No customers match.
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
