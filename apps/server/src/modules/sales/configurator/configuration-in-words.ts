/**
 * A configuration as a customer reads it: the options that apply (hidden ones and empty texts
 * left out, defaults filled in, as the configurator evaluates it), each by its label with the chosen value's label
 * or the number with its unit, in the model's order. An option the model no longer has is shown
 * by its code and raw value rather than dropped: it was sold. Pure.
 */
import type { ConfiguratorModelBody, OptionValue } from '@takt/contracts';
import { compileModel } from './compile-model';
import { evaluateConfiguration } from './evaluate-configuration';

export interface ChosenOption {
  option: string;
  value: string;
}

export function configurationInWords(
  model: ConfiguratorModelBody | undefined,
  values: Record<string, OptionValue>,
): ChosenOption[] {
  if (!model) return Object.entries(values).map(([code, value]) => ({ option: code, value: String(value) }));
  const resolved = evaluateConfiguration(compileModel(model), values);
  const known = new Set(model.options.map((o) => o.code));
  const words = model.options
    .filter((o) => resolved.visible.get(o.code) !== false && resolved.values[o.code] !== '')
    .map((o) => {
      const value = resolved.values[o.code];
      if (o.kind === 'choice')
        return { option: o.label, value: o.choices.find((c) => c.value === value)?.label ?? String(value) };
      if (o.kind === 'number')
        return { option: o.label, value: o.unit ? `${value} ${o.unit}` : String(value) };
      return { option: o.label, value: String(value) };
    });
  const gone = Object.entries(values)
    .filter(([code]) => !known.has(code))
    .map(([code, value]) => ({ option: code, value: String(value) }));
  return [...words, ...gone];
}
