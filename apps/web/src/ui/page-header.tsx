import { Box, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Title row of a page: what it is, a line under it, and the page's actions on the right. */
export function PageHeader({
  title,
  subtitle,
  eyebrow,
  actions,
  badges,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  eyebrow?: ReactNode;
  actions?: ReactNode;
  badges?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="nowrap">
      <Box miw={0}>
        {eyebrow && (
          <Text fz="xs" c="dimmed" fw={500}>
            {eyebrow}
          </Text>
        )}
        <Group gap="sm" align="center">
          <Title order={2} fz={22} lh={1.25}>
            {title}
          </Title>
          {badges}
        </Group>
        {subtitle && (
          <Text fz="sm" c="dimmed" mt={2}>
            {subtitle}
          </Text>
        )}
      </Box>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
