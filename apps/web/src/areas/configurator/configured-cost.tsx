/**
 * What the configuration costs us and what that leaves: the plant's preliminary cost (rolled up
 * through the configured BOM and routing at today's rates, the figure a quote or order line
 * records) by material, setup and run, and the margin (price - cost) / price, marked when low.
 * Sales only: never shown to customers.
 */
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { Fact } from '../../ui/fact';
import { formatMoney, formatQuantity } from '../../ui/format';
import { MarginText, marginPercentOf } from '../sales/margin-text';
import type { ConfigurationResult } from './configurator-api';

export function ConfiguredCost({
  result,
  stale,
}: {
  result: ConfigurationResult | undefined;
  stale: boolean;
}) {
  if (!result)
    return (
      <Text fz="sm" c="dimmed">
        Costing…
      </Text>
    );
  const { cost, price } = result;
  const sum = (kind: 'material' | 'setup' | 'run') =>
    cost.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount, 0);
  const money = (amount: number, currency = cost.currency) => formatMoney({ amount, currency });
  const sameCurrency = cost.currency === price.currency;
  return (
    <Stack gap="sm" data-testid="configured-cost" style={{ opacity: stale ? 0.6 : 1 }}>
      <Text fz="xs" c="dimmed" mb={-6}>
        Configured cost of one unit
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Fact label="Material">{money(sum('material'))}</Fact>
        <Fact label="Setup">{money(sum('setup'))}</Fact>
        <Fact label="Run">{money(sum('run'))}</Fact>
        <Fact label="Per unit" testId="unit-cost">
          <b>{money(cost.unitCost)}</b>
        </Fact>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Fact label={`Cost of ${formatQuantity(price.quantity)}`} testId="configured-cost-total">
          {money(cost.total)}
        </Fact>
        <Fact label="Margin">
          {sameCurrency ? (
            <MarginText percent={marginPercentOf(price.total, cost.total)} testId="configured-margin" />
          ) : (
            '—'
          )}
        </Fact>
      </SimpleGrid>
      <Text fz="xs" c="dimmed">
        Rolled up through the configured BOM and routing and everything below them, at today's rates: the
        preliminary cost a quote or order of this configuration records.
      </Text>
    </Stack>
  );
}
