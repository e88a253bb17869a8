/**
 * What a configuration costs, in the configurator's words: the plant's one preliminary cost
 * (costing/estimate-cost.ts, rolled up through the configured BOM and routing at today's rates,
 * exactly what a quote of it records) split into material, setup and run per unit. Pure.
 */
import type { ConfigurationResult } from '@takt/contracts';
import type { CostBreakdown } from '../../costing/estimate-cost';

export type ConfiguredCost = ConfigurationResult['cost'];

export function costOfConfiguration(
  breakdown: CostBreakdown,
  quantity: number,
  currency: string,
): ConfiguredCost {
  // a quantity beyond any real order cannot be costed in safe integers: no estimate then
  if (!Number.isSafeInteger(breakdown.total) || quantity <= 0)
    return { currency, lines: [], unitCost: 0, total: 0 };
  const perUnit = (amount: number) => Math.round(amount / quantity);
  const lines: ConfiguredCost['lines'] = [
    {
      kind: 'material',
      label: 'Material, through the whole BOM',
      quantity,
      amount: perUnit(breakdown.material),
    },
    {
      kind: 'setup',
      label: 'Setups, spread over the quantity',
      quantity: 1,
      amount: perUnit(breakdown.setup),
    },
    {
      kind: 'run',
      label: 'Machine and labour time',
      quantity: 1,
      amount: perUnit(breakdown.machine + breakdown.labour),
    },
  ];
  return { currency, lines, unitCost: lines.reduce((sum, l) => sum + l.amount, 0), total: breakdown.total };
}
