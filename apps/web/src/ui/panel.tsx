import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A white card with a small caption, the building block of detail pages. */
export function Panel({
  title,
  actions,
  children,
  padding = 'md',
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  padding?: 'xs' | 'sm' | 'md' | 0;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="sm" bg="white" data-testid={testId}>
      {(title || actions) && (
        <Group
          justify="space-between"
          px="md"
          py={8}
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
          wrap="nowrap"
        >
          <Text fz="sm" fw={600}>
            {title}
          </Text>
          {actions && <Group gap="xs">{actions}</Group>}
        </Group>
      )}
      <div style={{ padding: padding === 0 ? 0 : `var(--mantine-spacing-${padding})` }}>{children}</div>
    </Paper>
  );
}
