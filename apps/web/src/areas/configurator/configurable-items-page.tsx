/** The configurator's start page: the configurable items, each a link into its configurator. */
import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { configurableItemsQuery } from './configurator-api';

export function ConfigurableItemsPage() {
  const items = useQuery(configurableItemsQuery);
  return (
    <>
      <PageHeader
        title="Configure"
        subtitle="Products built to the customer's choice: pick one, set its options, quote or order it"
      />
      <Panel padding={0}>
        {items.isPending ? (
          <PageLoader />
        ) : items.isError ? (
          <ErrorNotice error={items.error} onRetry={() => items.refetch()} />
        ) : items.data.length === 0 ? (
          <Text fz="sm" c="dimmed" p="md">
            No configurable item yet. Engineering marks an item configurable and gives it a configurator
            model.
          </Text>
        ) : (
          <Table className="takt-table" data-testid="configurable-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>Item</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th w={90}>Strategy</Table.Th>
                <Table.Th w={120} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.map((i) => (
                <Table.Tr key={i.id} data-testid="configurable-item" data-number={i.number}>
                  <Table.Td className="takt-mono">{i.number}</Table.Td>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="outline" color="gray">
                      {i.strategy}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink to="/configure/$itemId" params={{ itemId: i.id }} fz="sm" fw={600}>
                      Configure →
                    </AnchorLink>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </>
  );
}
