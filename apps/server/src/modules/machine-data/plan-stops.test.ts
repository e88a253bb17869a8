import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStopped, type MachineBefore, planStops, type StateChange } from './plan-stops';

const MICRO = 120_000;
const fresh: MachineBefore = { state: 'unknown', since: null, openStop: null };
const change = (state: StateChange['state'], at: number, eventId = `e${at}`): StateChange => ({
  eventId,
  state,
  at,
});

describe('planStops', () => {
  it('opens a stop at down and closes it at running, micro when shorter than the threshold', () => {
    const plan = planStops(
      fresh,
      [change('running', 0), change('down', 1000), change('running', 31_000)],
      false,
      MICRO,
    );
    expect(plan.insert).toEqual([
      { startedAt: 1000, endedAt: 31_000, micro: true, openedByEventId: 'e1000' },
    ]);
    expect(plan).toMatchObject({ state: 'running', since: 31_000, close: null });
  });

  it('leaves a stop open across batches and closes the one that was open before', () => {
    const opened = planStops(
      { state: 'running', since: 0, openStop: null },
      [change('down', 10)],
      false,
      MICRO,
    );
    expect(opened.insert).toEqual([{ startedAt: 10, endedAt: null, micro: false, openedByEventId: 'e10' }]);
    const closed = planStops(
      { state: 'down', since: 10, openStop: { id: 's1', startedAt: 10 } },
      [change('down', 50), change('running', 600_010)],
      false,
      MICRO,
    );
    expect(closed).toMatchObject({
      insert: [],
      close: { id: 's1', endedAt: 600_010, micro: false },
      since: 600_010,
    });
  });

  it('treats idle as stopped only while an operation runs, and setup as no stop', () => {
    expect(isStopped('idle', true)).toBe(true);
    expect(isStopped('idle', false)).toBe(false);
    expect(isStopped('setup', true)).toBe(false);
    const idle = planStops(
      { state: 'running', since: 0, openStop: null },
      [change('idle', 5), change('down', 9)],
      true,
      MICRO,
    );
    expect(idle.insert).toEqual([{ startedAt: 5, endedAt: null, micro: false, openedByEventId: 'e5' }]);
    const setup = planStops(
      { state: 'down', since: 0, openStop: { id: 's', startedAt: 0 } },
      [change('setup', 300_000)],
      true,
      MICRO,
    );
    expect(setup.close).toEqual({ id: 's', endedAt: 300_000, micro: false });
  });

  it('never ends a stop before it started, whatever the machine clock says', () => {
    const plan = planStops(
      { state: 'running', since: 0, openStop: { id: 'operator', startedAt: 5000 } },
      [change('running', 4000), change('idle', 4200), change('running', 4500)],
      true,
      MICRO,
    );
    expect(plan.close).toEqual({ id: 'operator', endedAt: 5000, micro: true });
  });

  it('ignores events older than the current state', () => {
    const plan = planStops(
      { state: 'running', since: 1000, openStop: null },
      [change('down', 500)],
      false,
      MICRO,
    );
    expect(plan).toEqual({ state: 'running', since: 1000, insert: [], close: null });
  });

  it('never leaves more than one stop open, and stops never overlap (property)', () => {
    const states = fc.constantFrom('running', 'idle', 'down', 'setup') as fc.Arbitrary<StateChange['state']>;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(states, fc.integer({ min: 0, max: 10_000 })), { maxLength: 40 }),
        fc.boolean(),
        (raw, running) => {
          const changes = raw.map(([s, at], i) => change(s, at, `e${i}`)).sort((a, b) => a.at - b.at);
          const plan = planStops(fresh, changes, running, 100);
          expect(plan.insert.filter((s) => s.endedAt === null).length).toBeLessThanOrEqual(1);
          const open = plan.insert.findIndex((s) => s.endedAt === null);
          if (open >= 0) expect(open).toBe(plan.insert.length - 1);
          for (let i = 1; i < plan.insert.length; i++)
            expect(plan.insert[i].startedAt).toBeGreaterThanOrEqual(plan.insert[i - 1].endedAt as number);
          for (const s of plan.insert)
            if (s.endedAt !== null) expect(s.micro).toBe(s.endedAt - s.startedAt < 100);
        },
      ),
    );
  });
});
