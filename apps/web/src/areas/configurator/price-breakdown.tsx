/**
 * The price of the configuration, line by line as the model builds it: base, a delta per
 * chosen option, formula lines, the quantity break; then the unit price, quantity and total.
 * Every amount is per unit except the total.
 */
import { Table, Text } from '@mantine/core';
import { formatMoney, formatQuantity } from '../../ui/format';
import type { ConfiguratorModel } from './configurator-api';
import type { ConfigurationState } from './use-configuration';

export function PriceBreakdown({ state }: { state: ConfigurationState }) {
  const { result, stale } = state;
  if (!result)
    return (
      <Text fz="sm" c="dimmed" p="md">
        Pricing…
      </Text>
    );
  const { price } = result;
  const money = (amount: number) => formatMoney({ amount, currency: price.currency });
  return (
    <Table
      className="takt-table"
      data-testid="price-breakdown"
      data-total={price.total}
      data-unit-price={price.unitPrice}
      data-stale={stale || undefined}
      style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }}
    >
      <Table.Tbody>
        {price.lines.map((line) => (
          <Table.Tr key={`${line.kind}-${line.label}`} data-testid="price-line" data-kind={line.kind}>
            <Table.Td>
              <Text fz="sm" c={line.kind === 'quantity-break' ? 'green.8' : undefined}>
                {line.label}
              </Text>
            </Table.Td>
            <Table.Td className="takt-num" c={line.amount < 0 ? 'green.8' : undefined}>
              {line.amount > 0 && line.kind !== 'base' ? '+' : ''}
              {money(line.amount)}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }}>
          <Table.Td fw={600}>Unit price</Table.Td>
          <Table.Td className="takt-num" fw={600} data-testid="unit-price">
            {money(price.unitPrice)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td c="dimmed">× quantity</Table.Td>
          <Table.Td className="takt-num" c="dimmed">
            {formatQuantity(price.quantity)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td fw={700} fz="md">
            Total
          </Table.Td>
          <Table.Td className="takt-num" fw={700} fz="md" data-testid="price-total">
            {money(price.total)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** "from 5: 5 % off · from 20: 10 % off", the model's quantity breaks, for the quantity input. */
export function QuantityBreaks({ model }: { model: ConfiguratorModel }) {
  const breaks = [...model.pricing.quantityBreaks].sort((a, b) => a.fromQuantity - b.fromQuantity);
  if (breaks.length === 0) return null;
  return (
    <span data-testid="quantity-breaks">
      {breaks.map((b) => `from ${formatQuantity(b.fromQuantity)}: ${b.discountPercent} % off`).join(' · ')}
    </span>
  );
}
