import { Group, Text } from '@mantine/core';
import type { SupplyTerms } from '@takt/contracts';
import { formatMoney, formatQuantity } from '../../ui/format';

/** Unit prices by quantity, one step each: "from 500 · €1.85". */
export function PriceBreaks({ terms, uom }: { terms: SupplyTerms; uom?: string }) {
  return (
    <Group gap="md" wrap="wrap">
      {terms.priceBreaks.map((p) => (
        <Text key={p.fromQuantity} fz="xs" style={{ whiteSpace: 'nowrap' }}>
          <Text span c="dimmed" inherit>
            from {formatQuantity(p.fromQuantity)}
          </Text>{' '}
          {formatMoney({ amount: p.unitPrice, currency: terms.currency })}
          {uom ? `/${uom}` : ''}
        </Text>
      ))}
    </Group>
  );
}
