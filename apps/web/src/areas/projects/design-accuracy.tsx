/** How well a past project's design hours were estimated: booked ÷ estimated over its finished tasks. */
import { Text } from '@mantine/core';
import type { SimilarProject } from '@takt/contracts';
import { formatQuantity } from '../../ui/format';

export function DesignAccuracy({ accuracy }: { accuracy: SimilarProject['engineeringAccuracy'] }) {
  if (!accuracy)
    return (
      <Text fz="xs" c="dimmed" data-testid="design-accuracy">
        no design task finished yet
      </Text>
    );
  const ratio = accuracy.ratio;
  // within 10 % reads as well estimated; beyond 25 % over as a warning
  const color = ratio === null ? 'dimmed' : ratio > 1.25 ? 'red.7' : ratio > 1.1 ? 'orange.8' : 'green.8';
  return (
    <Text fz="xs" data-testid="design-accuracy">
      <Text span fz="xs" fw={600} c={color}>
        ×{ratio === null ? '—' : ratio.toFixed(2)}
      </Text>{' '}
      <Text span fz="xs" c="dimmed">
        {formatQuantity(accuracy.bookedHours)} h booked of {formatQuantity(accuracy.estimatedHours)} h
        estimated · {accuracy.tasks} {accuracy.tasks === 1 ? 'task' : 'tasks'} done
      </Text>
    </Text>
  );
}
