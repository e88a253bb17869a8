import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled value on a detail page: small caps label above, the value below. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Box>
      <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz="sm" data-testid={testId} component="div">
        {children}
      </Text>
    </Box>
  );
}
