/**
 * The multi-level BOM of an item as an indented tree (GET /api/items/:id/explosion): expand and
 * collapse per node or all at once; quantity per parent and extended quantity per top unit.
 */
import { ActionIcon, Box, Button, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { formatQuantity } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { parentKeys, visibleRows } from '../../ui/tree-rows';
import { BomRevisions } from './bom-revisions';
import { explosionQuery, type Item } from './catalog-api';
import { ItemKindBadge } from './item-kind-badge';

const INDENT = 18;

interface BomRow {
  key: string;
  level: number;
  itemId: string;
  number: string;
  name: string;
  kind: Item['kind'];
  uom: string;
  quantityPer: number;
  extendedQuantity: number;
  /** revision of the BOM this row's own children come from */
  revision: string | null;
  operationNumber: string | null;
}

export function BomTree({ item }: { item: Item }) {
  const explosion = useQuery(explosionQuery(item.id));
  // the explosion lists the components (level 1 and down); the item itself is the root row
  const rows = useMemo<BomRow[]>(() => {
    const lines = explosion.data?.lines ?? [];
    const childRevision = (i: number) =>
      (lines[i + 1]?.level ?? 0) > lines[i].level ? lines[i + 1].revision : null;
    return [
      {
        key: 'root',
        level: 0,
        itemId: item.id,
        number: item.number,
        name: item.name,
        kind: item.kind,
        uom: item.uom,
        quantityPer: 1,
        extendedQuantity: 1,
        revision: lines[0]?.revision ?? null,
        operationNumber: null,
      },
      ...lines.map((line, i) => ({ ...line, key: line.sortKey, revision: childRevision(i) })),
    ];
  }, [explosion.data, item]);
  // the top item and its direct components show at first
  const [expanded, setExpanded] = useState<ReadonlySet<string> | null>(null);
  const open = expanded ?? new Set(rows.filter((r) => r.level === 0).map((r) => r.key));
  const shown = visibleRows(rows, open);
  const maxLevel = rows.reduce((m, r) => Math.max(m, r.level), 0);

  if (explosion.isPending) return <PageLoader />;
  if (explosion.isError) return <ErrorNotice error={explosion.error} onRetry={() => explosion.refetch()} />;
  if (rows.length <= 1)
    return (
      <Group p="md" justify="space-between">
        <Text c="dimmed" fz="sm">
          No released BOM of this item is effective today.
        </Text>
        <BomRevisions itemId={item.id} />
      </Group>
    );

  const toggle = (key: string) => {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded(next);
  };

  return (
    <Box data-testid="bom-tree">
      <Group justify="space-between" px="sm" py={6}>
        <Text fz="xs" c="dimmed">
          {rows.length - 1} lines · {maxLevel} levels · quantities per one {item.uom} of {item.number}
        </Text>
        <Group gap={6}>
          <BomRevisions itemId={item.id} />
          <Button size="compact-xs" variant="default" onClick={() => setExpanded(new Set(parentKeys(rows)))}>
            Expand all
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => setExpanded(new Set())}>
            Collapse all
          </Button>
        </Group>
      </Group>
      <Table className="takt-table" withRowBorders verticalSpacing={3}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Level</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th w={100}>Kind</Table.Th>
            <Table.Th w={70}>Op</Table.Th>
            <Table.Th w={90}>BOM rev.</Table.Th>
            <Table.Th w={120} className="takt-num">
              Qty per
            </Table.Th>
            <Table.Th w={130} className="takt-num">
              Extended qty
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map(({ row, hasChildren, expanded: isOpen }) => (
            <Table.Tr key={row.key} data-testid="bom-row" data-level={row.level} data-number={row.number}>
              <Table.Td>
                <Text fz="xs" c="dimmed" className="takt-mono">
                  {'.'.repeat(row.level)}
                  {row.level}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" style={{ paddingLeft: row.level * INDENT }}>
                  {hasChildren ? (
                    <ActionIcon
                      size="xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(row.key)}
                      aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${row.number}`}
                      aria-expanded={isOpen}
                    >
                      <Chevron open={isOpen} />
                    </ActionIcon>
                  ) : (
                    <Box w={18} />
                  )}
                  <AnchorLink
                    to="/items/$itemId"
                    params={{ itemId: row.itemId }}
                    search={{ tab: 'bom' }}
                    className="takt-mono"
                    fz="sm"
                    fw={row.level === 0 ? 600 : 500}
                  >
                    {row.number}
                  </AnchorLink>
                  <Text fz="sm" truncate>
                    {row.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <ItemKindBadge kind={row.kind} />
              </Table.Td>
              <Table.Td className="takt-mono">{row.operationNumber ?? ''}</Table.Td>
              <Table.Td>
                <Text fz="sm">{row.revision ?? ''}</Text>
              </Table.Td>
              <Table.Td className="takt-num">
                {row.level === 0 ? '' : formatQuantity(row.quantityPer, row.uom)}
              </Table.Td>
              <Table.Td className="takt-num">
                <Text fz="sm" fw={hasChildren ? 400 : 500}>
                  {formatQuantity(row.extendedQuantity, row.uom)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

export function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      width="12"
      height="12"
      viewBox="0 0 12 12"
      aria-hidden="true"
      style={{ transform: open ? 'rotate(90deg)' : 'none', transition: 'transform 120ms' }}
    >
      <path
        d="M4 2.5 7.5 6 4 9.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
