import { Group, Pagination, Text } from '@mantine/core';

/** "51–100 of 230" and the page buttons under a list. */
export function ListFooter({
  total,
  limit,
  offset,
  onOffset,
}: {
  total: number;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(offset / limit) + 1;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  return (
    <Group justify="space-between" mt="sm">
      <Text fz="sm" c="dimmed" data-testid="list-range">
        {first}–{last} of {total}
      </Text>
      {pages > 1 && (
        <Pagination size="sm" total={pages} value={current} onChange={(p) => onOffset((p - 1) * limit)} />
      )}
    </Group>
  );
}
