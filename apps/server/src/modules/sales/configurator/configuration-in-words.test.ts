import type { ConfiguratorModelBody } from '@takt/contracts';
import { describe, expect, it } from 'vitest';
import { configurationInWords } from './configuration-in-words';

const model: ConfiguratorModelBody = {
  options: [
    { kind: 'number', code: 'length', label: 'Length', min: 100, max: 900, unit: 'mm', default: 500 },
    {
      kind: 'choice',
      code: 'flange',
      label: 'Flange',
      choices: [
        { value: 'none', label: 'No flange' },
        { value: 'bolted', label: 'Bolted flange' },
      ],
      default: 'none',
    },
    {
      kind: 'text',
      code: 'marking',
      label: 'Marking',
      maxLength: 20,
      default: '',
      visibleWhen: "flange != 'none'",
    },
    { kind: 'number', code: 'holes', label: 'Holes', min: 0, max: 12, default: 4 },
  ],
  computed: [],
  rules: [],
  pricing: { currency: 'EUR', base: 0, deltas: [], formulas: [], quantityBreaks: [] },
  routing: {},
};

describe('a configuration in words', () => {
  it('names every option that applies by its label, choices by theirs and numbers with their unit', () => {
    expect(configurationInWords(model, { length: 640, flange: 'bolted', marking: 'A-7', holes: 8 })).toEqual([
      { option: 'Length', value: '640 mm' },
      { option: 'Flange', value: 'Bolted flange' },
      { option: 'Marking', value: 'A-7' },
      { option: 'Holes', value: '8' },
    ]);
  });

  it('leaves out hidden options and empty texts, and fills in defaults as the configurator does', () => {
    expect(configurationInWords(model, { flange: 'none', marking: 'ignored' })).toEqual([
      { option: 'Length', value: '500 mm' },
      { option: 'Flange', value: 'No flange' },
      { option: 'Holes', value: '4' },
    ]);
    expect(configurationInWords(model, { flange: 'bolted' }).map((w) => w.option)).not.toContain('Marking');
  });

  it('keeps a value the model no longer knows, by its code: it was sold', () => {
    expect(configurationInWords(model, { colour: 'red' }).at(-1)).toEqual({ option: 'colour', value: 'red' });
    expect(configurationInWords(undefined, { colour: 'red', length: 300 })).toEqual([
      { option: 'colour', value: 'red' },
      { option: 'length', value: '300' },
    ]);
  });
});
