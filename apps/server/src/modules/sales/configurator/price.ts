/**
 * The price of one configured unit and of the quantity: base price, a delta per chosen option
 * value, formula lines (by length, by weight, …), then the highest quantity break reached as a
 * discount on the unit total. Integer minor units throughout: each formula line is rounded to
 * the cent on its own, so the lines always add up to the unit price. Pure.
 */
import type { BrokenRule, ConfigurationResult } from '@takt/contracts';
import type { CompiledModel } from './compile-model';
import { evaluateExpression, type Variables } from './expression';

export type Price = ConfigurationResult['price'];

export function priceConfiguration(
  model: CompiledModel,
  vars: Variables,
  quantity: number,
): { price: Price; issues: BrokenRule[] } {
  const { pricing, options } = model.model;
  const issues: BrokenRule[] = [];
  const lines: Price['lines'] = [{ kind: 'base', label: 'Base price', amount: pricing.base }];

  for (const delta of pricing.deltas) {
    if (vars[delta.option] !== delta.value) continue;
    const option = options.find((o) => o.code === delta.option);
    const choice =
      option?.kind === 'choice' ? option.choices.find((c) => c.value === delta.value) : undefined;
    lines.push({
      kind: 'delta',
      label: delta.label ?? `${option?.label ?? delta.option}: ${choice?.label ?? String(delta.value)}`,
      amount: delta.amount,
    });
  }

  for (const f of model.priceFormulas) {
    const formula = pricing.formulas[f.index];
    const field = `pricing.formulas.${f.index}`;
    const issue = (message: string, names: string[]) =>
      issues.push({
        ruleId: `price-formula-${f.index}`,
        kind: 'expression',
        field,
        options: [...new Set(names.flatMap(model.optionsBehind))],
        message: `${formula.label}: ${message}`,
      });
    if (f.when) {
      const when = evaluateExpression(f.when.expr, vars);
      if (!when.ok || typeof when.value !== 'boolean') {
        issue(when.ok ? 'its condition is not a yes/no value' : when.error.message, f.when.names);
        continue;
      }
      if (!when.value) continue;
    }
    if (!f.expression) continue;
    const amount = evaluateExpression(f.expression.expr, vars);
    if (!amount.ok || typeof amount.value !== 'number') {
      issue(amount.ok ? 'the formula does not give a number' : amount.error.message, f.expression.names);
      continue;
    }
    if (!Number.isSafeInteger(Math.round(amount.value))) {
      issue(`the formula gives ${amount.value}, beyond any price`, f.expression.names);
      continue;
    }
    lines.push({ kind: 'formula', label: formula.label, amount: Math.round(amount.value) });
  }

  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const reached = pricing.quantityBreaks
    .filter((b) => quantity >= b.fromQuantity)
    .sort((a, b) => b.fromQuantity - a.fromQuantity)[0];
  if (reached && reached.discountPercent > 0)
    lines.push({
      kind: 'quantity-break',
      label: `Quantity from ${reached.fromQuantity}: ${reached.discountPercent} % off`,
      amount: -Math.round((subtotal * reached.discountPercent) / 100),
    });
  const unitPrice = lines.reduce((sum, l) => sum + l.amount, 0);
  let total = Math.round(unitPrice * quantity);
  if (!Number.isSafeInteger(total)) {
    issues.push({
      ruleId: 'price-total',
      kind: 'expression',
      field: 'pricing',
      options: [],
      message: `the total of ${quantity} × ${unitPrice} is beyond any price`,
    });
    total = 0;
  }
  return { price: { currency: pricing.currency, lines, unitPrice, quantity, total }, issues };
}
