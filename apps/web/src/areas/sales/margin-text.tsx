/**
 * A margin in percent of the net value, coloured when it is low: under LOW_MARGIN_PERCENT in
 * orange, a loss in red. Quotes, the order's cost panel and the margin report read it the same.
 */
import { Text } from '@mantine/core';

/** Below this margin a quote or order is worth a second look before it goes out. */
export const LOW_MARGIN_PERCENT = 15;

export type MarginLevel = 'loss' | 'low' | 'fine';

export function marginLevel(percent: number): MarginLevel {
  return percent < 0 ? 'loss' : percent < LOW_MARGIN_PERCENT ? 'low' : 'fine';
}

const colors: Record<MarginLevel, string | undefined> = { loss: 'red.7', low: 'orange.8', fine: undefined };

/** (net - cost) / net in percent, one decimal, as the server rounds it; null without a net value. */
export function marginPercentOf(net: number, cost: number): number | null {
  return net > 0 ? Math.round(((net - cost) / net) * 1000) / 10 : null;
}

export const formatPercent = (p: number | null | undefined) =>
  p === null || p === undefined ? '—' : `${p.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;

export function MarginText({
  percent,
  fz = 'sm',
  testId,
}: {
  percent: number | null | undefined;
  fz?: 'xs' | 'sm';
  testId?: string;
}) {
  if (percent === null || percent === undefined)
    return (
      <Text span fz={fz} c="dimmed" data-testid={testId}>
        —
      </Text>
    );
  const level = marginLevel(percent);
  return (
    <Text
      span
      fz={fz}
      fw={level === 'fine' ? undefined : 600}
      c={colors[level]}
      data-testid={testId}
      data-margin={percent}
      data-level={level}
      title={
        level === 'fine'
          ? undefined
          : level === 'loss'
            ? 'Below cost'
            : `Margin under ${LOW_MARGIN_PERCENT} % of the net value`
      }
    >
      {formatPercent(percent)}
    </Text>
  );
}
