/** Progress of an order or line by stage: material, production, shipped; a bar each, or "n/a" where a stage does not apply. */
import { Box, Group, Progress, SimpleGrid, Text } from '@mantine/core';
import { stageLabels, stages } from './order-progress';
import type { StageProgress as Stage } from './portal-api';

export function StageProgress({ progress, size = 'md' }: { progress: Stage[]; size?: 'sm' | 'md' }) {
  return (
    <SimpleGrid cols={3} spacing="sm" data-testid="stage-progress">
      {stages.map((stage) => {
        const percent = progress.find((p) => p.stage === stage)?.percent ?? null;
        const done = percent !== null && percent >= 100;
        return (
          <Box key={stage} data-testid="stage" data-stage={stage} data-percent={percent ?? 'n/a'}>
            <Group justify="space-between" gap={4} wrap="nowrap">
              <Text
                fz={size === 'sm' ? 11 : 'xs'}
                fw={600}
                c="dimmed"
                tt="uppercase"
                style={{ letterSpacing: '0.04em' }}
              >
                {stageLabels[stage]}
              </Text>
              <Text fz={size === 'sm' ? 11 : 'xs'} c={done ? 'green.8' : 'dimmed'} fw={done ? 600 : 400}>
                {percent === null ? 'n/a' : done ? 'done' : `${Math.round(percent)} %`}
              </Text>
            </Group>
            <Progress
              value={percent ?? 0}
              size={size === 'sm' ? 6 : 8}
              mt={4}
              color={done ? 'green' : 'steel'}
              bg={percent === null ? 'gray.1' : undefined}
              aria-label={`${stageLabels[stage]}: ${percent === null ? 'does not apply' : `${Math.round(percent)} %`}`}
            />
          </Box>
        );
      })}
    </SimpleGrid>
  );
}
