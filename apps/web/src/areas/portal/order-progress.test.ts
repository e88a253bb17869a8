import { describe, expect, it } from 'vitest';
import { formatConfidence, orderConfidence, orderProgress } from './order-progress';
import type { PortalOrder, PortalOrderLine } from './portal-api';

const line = (lineNo: number, confidence: number | null, percents: (number | null)[]): PortalOrderLine => ({
  lineNo,
  itemNumber: `IT-${lineNo}`,
  itemName: 'item',
  quantity: 1,
  shippedQuantity: 0,
  configuration: [],
  promisedDate: '2027-01-15',
  confidence,
  progress: (['material', 'production', 'shipped'] as const).map((stage, i) => ({
    stage,
    percent: percents[i],
  })),
});

const order = (lines: PortalOrderLine[]): PortalOrder => ({
  id: '00000000-0000-4000-8000-000000000001',
  number: 'SO-000001',
  customerReference: null,
  status: 'confirmed',
  confirmedAt: null,
  promisedDate: '2027-01-15',
  currency: 'EUR',
  totalAmount: 0,
  lines,
});

describe('order progress in the portal', () => {
  it('averages each stage over the lines it applies to', () => {
    const o = order([line(10, 0.9, [100, 50, 0]), line(20, 0.95, [0, null, 100])]);
    expect(orderProgress(o)).toEqual([
      { stage: 'material', percent: 50 },
      { stage: 'production', percent: 50 },
      { stage: 'shipped', percent: 50 },
    ]);
  });

  it('says a stage does not apply when it applies to no line', () => {
    expect(orderProgress(order([line(10, null, [null, null, 0])]))[0]).toEqual({
      stage: 'material',
      percent: null,
    });
  });

  it('is as sure as its least sure line, and says so in words', () => {
    const o = order([line(10, 0.97, [0, 0, 0]), line(20, 0.9, [0, 0, 0]), line(30, null, [0, 0, 0])]);
    expect(orderConfidence(o)).toBe(0.9);
    expect(formatConfidence(orderConfidence(o))).toBe('90 % sure');
    expect(orderConfidence(order([line(10, null, [0, 0, 0])]))).toBeNull();
    expect(formatConfidence(null)).toBe('—');
  });

  it('has no confidence once shipped: the date is no longer a forecast', () => {
    const o = order([line(10, 0.9, [100, 100, 100])]);
    expect(orderConfidence({ ...o, status: 'shipped' })).toBeNull();
    expect(orderConfidence({ ...o, status: 'invoiced' })).toBeNull();
  });
});
