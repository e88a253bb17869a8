/**
 * Where an item is used (GET /api/items/:id/where-used): the assemblies that hold it, level 1
 * for a direct parent and further up, indented in the order the server sorts them.
 */
import { Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatQuantity } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { type Item, whereUsedQuery } from './catalog-api';
import { ItemKindBadge } from './item-kind-badge';

export function WhereUsed({ item }: { item: Item }) {
  const whereUsed = useQuery(whereUsedQuery(item.id));
  if (whereUsed.isPending) return <PageLoader />;
  if (whereUsed.isError) return <ErrorNotice error={whereUsed.error} onRetry={() => whereUsed.refetch()} />;
  const lines = whereUsed.data.lines;
  if (lines.length === 0)
    return (
      <Text c="dimmed" fz="sm" p="md" data-testid="where-used-empty">
        No released BOM uses this item.
      </Text>
    );
  return (
    <Table className="takt-table" data-testid="where-used">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={50}>Level</Table.Th>
          <Table.Th>Used in</Table.Th>
          <Table.Th w={100}>Kind</Table.Th>
          <Table.Th w={90}>BOM rev.</Table.Th>
          <Table.Th w={130} className="takt-num">
            Qty per
          </Table.Th>
          <Table.Th w={170} className="takt-num">
            {item.number} in one
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr
            key={line.sortKey}
            data-testid="where-used-row"
            data-number={line.number}
            data-level={line.level}
          >
            <Table.Td>
              <Text fz="xs" c="dimmed" className="takt-mono">
                {line.level}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap" style={{ paddingLeft: (line.level - 1) * 18 }}>
                <AnchorLink
                  to="/items/$itemId"
                  params={{ itemId: line.itemId }}
                  search={{ tab: 'where-used' }}
                  className="takt-mono"
                  fz="sm"
                  fw={500}
                >
                  {line.number}
                </AnchorLink>
                <Text fz="sm" truncate>
                  {line.name}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <ItemKindBadge kind={line.kind} />
            </Table.Td>
            <Table.Td>{line.revision}</Table.Td>
            <Table.Td className="takt-num">{formatQuantity(line.quantityPer)}</Table.Td>
            <Table.Td className="takt-num">{formatQuantity(line.extendedQuantity, item.uom)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
