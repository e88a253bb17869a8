import { Badge, Button, Group, Modal, Select, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { useSearchText } from '../../ui/use-search-text';
import { itemKindLabels, itemKinds, itemListQuery, strategies, strategyLabels } from './catalog-api';
import { ItemCreateForm } from './item-create-form';
import { ItemKindBadge } from './item-kind-badge';

const LIMIT = 50;

export function ItemsPage() {
  const search = useSearch({ from: '/signed-in/items' });
  const navigate = useNavigate({ from: '/items' });
  const offset = search.offset ?? 0;
  const canWrite = useCan('write', 'Item');
  const [creating, { open, close }] = useDisclosure(false);
  // the search text goes into the address, so a search can be bookmarked and shared
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );

  const items = useQuery({
    ...itemListQuery({ q: search.q, kind: search.kind, strategy: search.strategy, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Items"
        subtitle="Parts, assemblies and materials, with their BOMs and routings"
        actions={
          canWrite && (
            <Button size="sm" onClick={open}>
              New item
            </Button>
          )
        }
      />
      <Modal opened={creating} onClose={close} title="New item" size="lg">
        <ItemCreateForm
          onCancel={close}
          onCreated={(created) => {
            close();
            void navigate({ to: '/items/$itemId', params: { itemId: created.id } });
          }}
        />
      </Modal>
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search number or name"
            aria-label="Search items"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
          <Select
            placeholder="All kinds"
            aria-label="Kind"
            clearable
            w={170}
            data={itemKinds.map((k) => ({ value: k, label: itemKindLabels[k] }))}
            value={search.kind ?? null}
            onChange={(kind) =>
              navigate({ search: (s) => ({ ...s, kind: kind ?? undefined, offset: undefined }) })
            }
          />
          <Select
            placeholder="All strategies"
            aria-label="Strategy"
            clearable
            w={200}
            data={strategies.map((k) => ({ value: k, label: strategyLabels[k] }))}
            value={search.strategy ?? null}
            onChange={(strategy) =>
              navigate({ search: (s) => ({ ...s, strategy: strategy ?? undefined, offset: undefined }) })
            }
          />
          {items.isFetching && !items.isPending && (
            <Text fz="xs" c="dimmed">
              updating…
            </Text>
          )}
        </Group>
        {items.isPending ? (
          <PageLoader />
        ) : items.isError ? (
          <ErrorNotice error={items.error} onRetry={() => items.refetch()} />
        ) : (
          <>
            <Table className="takt-table" data-testid="items-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={160}>Number</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={130}>Kind</Table.Th>
                  <Table.Th w={210}>Strategy</Table.Th>
                  <Table.Th w={70}>Unit</Table.Th>
                  <Table.Th w={120} className="takt-num">
                    Std cost
                  </Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/items/$itemId"
                        params={{ itemId: item.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {item.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{item.name}</Table.Td>
                    <Table.Td>
                      <ItemKindBadge kind={item.kind} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{strategyLabels[item.strategy]}</Text>
                    </Table.Td>
                    <Table.Td>{item.uom}</Table.Td>
                    <Table.Td className="takt-num">{formatMoney(item.standardCost)}</Table.Td>
                    <Table.Td>
                      {item.active === false ? (
                        <Badge color="gray" size="sm">
                          inactive
                        </Badge>
                      ) : (
                        <Badge color="green" size="sm">
                          active
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {items.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        No items match this search.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
              <ListFooter
                total={items.data.total}
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
