/**
 * A delivery promise in words: the date for the customer, the P50/P90 completion of the
 * simulated futures, the chance of meeting the requested date, and what the date hangs on.
 */
import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { LinePromiseDto } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format';
import { MarginText, marginPercentOf } from './margin-text';
import { type PromiseRequest, promiseQuery } from './sales-order-api';

const bindingLabels: Record<LinePromiseDto['binding']['kind'], string> = {
  capacity: 'capacity',
  material: 'material',
  none: 'no constraint',
};

export function BindingBadge({ binding }: { binding: LinePromiseDto['binding'] }) {
  const label =
    binding.kind === 'capacity'
      ? `capacity · ${binding.workCenterCode}`
      : binding.kind === 'material'
        ? `material · ${binding.itemNumber}`
        : bindingLabels.none;
  return (
    <Badge
      miw="max-content"
      size="xs"
      variant="outline"
      color={binding.kind === 'none' ? 'gray' : 'orange'}
      tt="none"
    >
      {label}
    </Badge>
  );
}

export function formatProbability(p: number | null): string {
  return p === null ? '—' : `${Math.round(p * 100)} %`;
}

/**
 * The live promise of a line being filled in: asks POST /api/promise (which writes nothing)
 * once item, quantity and requested date are set and the typing has paused. With the line's
 * net value it also shows the preliminary cost and the margin that leaves.
 */
export function LivePromise({
  quote,
  timeZone,
  lineNo,
  net,
}: {
  quote: Partial<PromiseRequest>;
  timeZone: string;
  lineNo: number;
  /** the line's net value, when a price is typed */
  net?: { amount: number; currency: string };
}) {
  const ready =
    !!quote.itemId &&
    typeof quote.quantity === 'number' &&
    quote.quantity > 0 &&
    /^\d{4}-\d{2}-\d{2}$/.test(quote.requestedDate ?? '');
  // a string key, so a re-render with the same line does not restart the pause
  const key = ready ? JSON.stringify([quote.itemId, quote.quantity, quote.requestedDate]) : '';
  const [debouncedKey] = useDebouncedValue(key, 400);
  const debounced: PromiseRequest | null =
    debouncedKey && debouncedKey === key ? (quote as PromiseRequest) : null;
  const answer = useQuery({
    ...promiseQuery(debounced ?? { itemId: '', quantity: 0, requestedDate: '' }),
    enabled: debounced !== null,
  });
  if (!ready)
    return (
      <Text fz="xs" c="dimmed">
        Choose an item, a quantity and a requested date to see the date we can promise.
      </Text>
    );
  if (!debounced || answer.isPending)
    return (
      <Group gap={6} fz="xs" c="dimmed">
        <Loader size={12} /> Asking the plan…
      </Group>
    );
  if (answer.isError)
    return (
      <Text fz="xs" c="red" role="alert">
        No promise: {answer.error.message}
      </Text>
    );
  const { promisedDate, promise, jobs, requisitions, costEstimate } = answer.data;
  const late = promisedDate > debounced.requestedDate;
  const p50 = formatDateTime(promise.p50At, timeZone);
  const p90 = formatDateTime(promise.p90At, timeZone);
  return (
    <Stack
      gap={2}
      data-testid="live-promise"
      data-line={lineNo}
      data-promised-date={promisedDate}
      data-requested-date={debounced.requestedDate}
      style={{ opacity: answer.isFetching ? 0.6 : 1 }}
    >
      <Group gap="md" fz="xs" wrap="wrap" align="baseline">
        <Text fz="sm" fw={600} c={late ? 'orange.8' : 'green.8'} data-testid="live-promised-date">
          Can promise {formatDate(promisedDate)}
        </Text>
        <Text fz="xs" c={late ? 'orange.8' : 'green.8'}>
          {late
            ? `${daysBetween(debounced.requestedDate, promisedDate)} d after the requested ${formatDate(debounced.requestedDate)}`
            : 'meets the requested date'}
        </Text>
        <span>
          <Text span c="dimmed" fz="xs">
            P50{' '}
          </Text>
          {p50}
        </span>
        <span>
          <Text span c="dimmed" fz="xs">
            P90{' '}
          </Text>
          {p90}
        </span>
        <span>
          <Text span c="dimmed" fz="xs">
            on time{' '}
          </Text>
          {formatProbability(promise.onTimeProbability)}
        </span>
      </Group>
      <Group gap="sm" wrap="wrap" align="center">
        <BindingBadge binding={promise.binding} />
        <Text fz="xs" data-testid="live-explanation">
          {capitalize(promise.explanation)}
        </Text>
        <Text fz="xs" c="dimmed">
          · needs {jobs} {jobs === 1 ? 'job' : 'jobs'} and {requisitions}{' '}
          {requisitions === 1 ? 'purchase' : 'purchases'}
        </Text>
        <Text fz="xs" data-testid="live-cost">
          <Text span c="dimmed" fz="xs">
            · preliminary cost{' '}
          </Text>
          {formatMoney({ amount: costEstimate.total, currency: costEstimate.currency })}
        </Text>
        {net && net.currency === costEstimate.currency && (
          <Text fz="xs">
            <Text span c="dimmed" fz="xs">
              margin{' '}
            </Text>
            <MarginText
              fz="xs"
              testId="live-margin"
              percent={marginPercentOf(net.amount, costEstimate.total)}
            />
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** Calendar days from one ISO date to another. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
