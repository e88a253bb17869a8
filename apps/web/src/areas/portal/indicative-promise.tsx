/**
 * The promise of a request, indicative until sales sends the quote: the day half of the simulated
 * futures of our plan finish by (P50) and the day nine in ten do (P90), in the customer's words.
 */
import { Text } from '@mantine/core';
import { formatPlantDate } from '../../ui/plant-time-zone';

export function IndicativePromise({
  promise,
  timeZone,
}: {
  promise: { p50At: string; p90At: string } | null;
  timeZone: string;
}) {
  if (!promise)
    return (
      <Text fz="sm" c="dimmed">
        being planned
      </Text>
    );
  return (
    <div data-testid="indicative-promise" data-p50={promise.p50At} data-p90={promise.p90At}>
      <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
        likely by <b>{formatPlantDate(promise.p50At, timeZone)}</b>
      </Text>
      <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        9 in 10 by {formatPlantDate(promise.p90At, timeZone)}
      </Text>
    </div>
  );
}
