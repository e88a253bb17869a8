/**
 * What a supplier's receipts measured for an item, beside its nominal lead time: the measured
 * lead time (median of the last receipts, working days) and the on-time rate, and which lead time
 * planning uses. Below three receipts nothing is measured yet and the nominal one plans.
 */
import { Text, Tooltip } from '@mantine/core';
import type { SupplyPerformance } from '@takt/contracts';
import { formatQuantity } from '../../ui/format';

/** The measured lead time cell: "23 d" with the receipts behind it, or how many are still missing. */
export function MeasuredLeadTime({ performance }: { performance: SupplyPerformance | undefined }) {
  if (!performance || performance.receipts === 0)
    return (
      <Text span fz="xs" c="dimmed">
        no receipts
      </Text>
    );
  if (performance.leadTimeDays === null)
    return (
      <Tooltip label="Planning uses the nominal lead time until three receipts measure one">
        <Text span fz="xs" c="dimmed">
          {performance.receipts} of 3 receipts
        </Text>
      </Tooltip>
    );
  const slower = performance.leadTimeDays > performance.nominalLeadTimeDays;
  return (
    <Tooltip
      label={`Median of the last ${performance.receipts} receipts, order to receipt in working days; planning uses it instead of the nominal ${formatQuantity(performance.nominalLeadTimeDays)} d`}
    >
      <Text span fz="sm" fw={600} c={slower ? 'red.7' : 'green.8'} data-testid="measured-lead-time">
        {formatQuantity(performance.leadTimeDays)} d
      </Text>
    </Tooltip>
  );
}

/** The on-time rate cell, with the mean delay of the late receipts. */
export function OnTimeRate({ performance }: { performance: SupplyPerformance | undefined }) {
  if (!performance || performance.onTimeRate === null)
    return (
      <Text span fz="xs" c="dimmed">
        —
      </Text>
    );
  const rate = Math.round(performance.onTimeRate * 100);
  return (
    <Text span fz="sm" c={rate < 80 ? 'red.7' : undefined}>
      {rate} %
      {performance.meanDelayDays !== null && (
        <Text span fz="xs" c="dimmed">
          {' '}
          · late {formatQuantity(performance.meanDelayDays)} d
        </Text>
      )}
    </Text>
  );
}
