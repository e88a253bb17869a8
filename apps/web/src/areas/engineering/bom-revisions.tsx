/** The BOM revisions of an item in one line: which is released, from when, and open drafts. */
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatDate } from '../../ui/format';
import { bomsQuery } from './catalog-api';

const statusColors = { released: 'green', draft: 'yellow', obsolete: 'gray' } as const;

export function BomRevisions({ itemId }: { itemId: string }) {
  const boms = useQuery(bomsQuery(itemId));
  if (!boms.data || boms.data.length === 0) return null;
  return (
    <Group gap={6} data-testid="bom-revisions">
      <Text fz="xs" c="dimmed">
        Revisions
      </Text>
      {[...boms.data]
        .sort((a, b) => a.revision.localeCompare(b.revision))
        .map((b) => (
          <Tooltip
            key={b.id}
            label={`${b.status}${b.validFrom ? `, valid from ${formatDate(b.validFrom)}` : ''}${b.validTo ? ` until ${formatDate(b.validTo)}` : ''} · ${b.lines.length} lines`}
          >
            <Badge size="sm" color={statusColors[b.status]} tt="none">
              {b.revision} · {b.status}
            </Badge>
          </Tooltip>
        ))}
    </Group>
  );
}
