import { describe, expect, it } from 'vitest';
import { clockOf, transition } from './operation-transitions';

describe('operation transitions', () => {
  it('walks released → setup → running → paused → running → done', () => {
    const steps = [
      ['released', 'setup', 'setup'],
      ['setup', 'run', 'running'],
      ['running', 'pause', 'paused'],
      ['paused', 'run', 'running'],
      ['running', 'finish', 'done'],
    ] as const;
    for (const [from, kind, to] of steps) {
      const r = transition(from, kind);
      expect(r.ok && r.status, `${from} + ${kind}`).toBe(to);
    }
  });

  it('marks the first start and the finish', () => {
    expect(transition('released', 'run')).toMatchObject({ ok: true, started: true, finished: false });
    expect(transition('paused', 'run')).toMatchObject({ ok: true, started: false });
    expect(transition('paused', 'finish')).toMatchObject({ ok: true, finished: true });
  });

  it('keeps the status for a quantity report and for an operator joining', () => {
    expect(transition('running', 'quantity')).toMatchObject({ ok: true, status: 'running' });
    expect(transition('setup', 'setup')).toMatchObject({ ok: true, status: 'setup', started: false });
  });

  it('refuses what makes no sense, saying why', () => {
    expect(transition('planned', 'run')).toEqual({
      ok: false,
      message: 'the job is not released to the shop floor yet',
    });
    expect(transition('done', 'quantity')).toMatchObject({
      ok: false,
      message: 'the operation is already finished',
    });
    expect(transition('released', 'finish')).toMatchObject({
      ok: false,
      message: expect.stringContaining('start it first'),
    });
    expect(transition('paused', 'pause').ok).toBe(false);
  });

  it('runs the setup clock in setup and the run clock while running, none while paused', () => {
    expect(clockOf('setup')).toBe('setup');
    expect(clockOf('running')).toBe('run');
    expect(clockOf('paused')).toBeNull();
    expect(clockOf('released')).toBeNull();
  });
});
