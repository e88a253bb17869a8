import { describe, expect, it } from 'vitest';
import { frequencyText, limitsText } from './inspection-format';

const characteristic = (lowerLimit: number | null, upperLimit: number | null, unit = 'mm') => ({
  id: '00000000-0000-4000-8000-000000000001',
  routingOperationId: '00000000-0000-4000-8000-000000000002',
  name: 'Diameter',
  unit,
  nominal: null,
  lowerLimit,
  upperLimit,
  frequency: 1,
  version: 1,
});

describe('inspection format', () => {
  it('writes the limits a characteristic has', () => {
    expect(limitsText(characteristic(59.97, 60))).toBe('59.97 – 60 mm');
    expect(limitsText(characteristic(null, 0.4, 'µm'))).toBe('≤ 0.4 µm');
    expect(limitsText(characteristic(430, null, ''))).toBe('≥ 430');
  });

  it('says how often to measure', () => {
    expect(frequencyText(1)).toBe('every part');
    expect(frequencyText(2)).toBe('every 2nd part');
    expect(frequencyText(3)).toBe('every 3rd part');
    expect(frequencyText(5)).toBe('every 5th part');
    expect(frequencyText(11)).toBe('every 11th part');
    expect(frequencyText(21)).toBe('every 21st part');
  });
});
