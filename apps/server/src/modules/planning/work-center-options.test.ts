import { describe, expect, it } from 'vitest';
import { routingOperationKey } from '../catalog/routing-operation-options';
import { processingMinutes, runMinutesOn, workCenterOptionsOf } from './work-center-options';

const press16 = { efficiency: 0.8, speedFactor: 1 };
const press40 = { efficiency: 0.75, speedFactor: 1.3 };

describe('where a planned operation may run, and for how long', () => {
  it('takes the routing’s standard minutes when they explain the stored minutes exactly', () => {
    // 120 standard minutes: 150 on the 1600 t press, 124 on the 4000 t press (×1.3)
    expect(processingMinutes(120, press16)).toBe(150);
    expect(processingMinutes(120, press40)).toBe(124);
    expect(runMinutesOn(124, press40, press16, 120)).toBe(150);
    expect(runMinutesOn(150, press16, press40, 120)).toBe(124);
  });

  it('recovers the standard minutes from the stored ones when the routing does not explain them', () => {
    // a configured line's own run time: 200 stored minutes on the 1600 t press are 160 standard
    expect(runMinutesOn(200, press16, press40, 120)).toBe(Math.ceil(160 / 0.975));
    expect(runMinutesOn(200, press16, press40)).toBe(165);
    // a minute never becomes nothing
    expect(runMinutesOn(1, press40, { efficiency: 1, speedFactor: 5 })).toBe(1);
  });

  it('offers the routing’s own work center and its alternatives, and always the one it is on', () => {
    const options = new Map([
      [
        routingOperationKey('r', '020'),
        {
          options: [
            { workCenterId: 'FP16', speedFactor: 1 },
            { workCenterId: 'FP40', speedFactor: 1.3 },
          ],
          runMinutesPerUnit: 3,
        },
      ],
    ]);
    expect(workCenterOptionsOf({ routingId: 'r', number: '020', workCenterId: 'FP40' }, options)).toEqual([
      { workCenterId: 'FP16', speedFactor: 1 },
      { workCenterId: 'FP40', speedFactor: 1.3 },
    ]);
    // moved off its routing's work centers by a revision since: where it is stays an option
    expect(workCenterOptionsOf({ routingId: 'r', number: '020', workCenterId: 'HT' }, options)).toEqual([
      { workCenterId: 'HT', speedFactor: 1 },
      { workCenterId: 'FP16', speedFactor: 1 },
      { workCenterId: 'FP40', speedFactor: 1.3 },
    ]);
    expect(workCenterOptionsOf({ routingId: null, number: '025', workCenterId: 'LATHE' }, options)).toEqual([
      { workCenterId: 'LATHE', speedFactor: 1 },
    ]);
  });
});
