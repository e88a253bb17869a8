import { machineCountMessage, machineStateMessage } from '@takt/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { machineTopics, parseMachineMessage } from './machine-message';

const at = '2026-03-02T06:00:00.000Z';

describe('parseMachineMessage', () => {
  it('reads a state and a count message of a machine', () => {
    expect(
      parseMachineMessage('takt/plant/LATHE-2/state', JSON.stringify({ eventId: 'a1', state: 'down', at })),
    ).toEqual({
      ok: true,
      event: {
        machineCode: 'LATHE-2',
        eventId: 'a1',
        kind: 'state',
        state: 'down',
        cycles: null,
        rejects: null,
        at: Date.parse(at),
      },
    });
    expect(
      parseMachineMessage(
        'takt/north/MILL-1/count',
        Buffer.from(JSON.stringify({ eventId: 'b', cycles: 12, rejects: 1, at })),
      ),
    ).toMatchObject({
      ok: true,
      event: { machineCode: 'MILL-1', kind: 'count', cycles: 12, rejects: 1 },
    });
    expect(
      parseMachineMessage(
        'takt/plant/SAW-1/count',
        JSON.stringify({ eventId: 'c', cycles: 3, at: '2026-03-02T07:00:00+01:00' }),
      ),
    ).toMatchObject({
      ok: true,
      event: { rejects: 0, at: Date.parse(at) },
    });
  });

  it('rejects with a reason, never throws', () => {
    const reasons = [
      parseMachineMessage('takt/plant/SAW-1', '{}'),
      parseMachineMessage('takt/plant/SAW-1/power', '{}'),
      parseMachineMessage('takt/plant/SAW-1/count', '{"eventId":'),
      parseMachineMessage('takt/plant/SAW-1/count', JSON.stringify({ eventId: 'x', cycles: 1.5, at })),
      parseMachineMessage(
        'takt/plant/SAW-1/count',
        JSON.stringify({ eventId: 'x', cycles: 1, rejects: 2, at }),
      ),
      parseMachineMessage('takt/plant/SAW-1/state', JSON.stringify({ eventId: '', state: 'running', at })),
      parseMachineMessage(
        'takt/plant/SAW-1/state',
        JSON.stringify({ eventId: 'x', state: 'running', at: 'now' }),
      ),
      parseMachineMessage('takt/plant/SAW-1/state', 'null'),
    ];
    for (const r of reasons) expect(r.ok).toBe(false);
    expect((reasons[4] as { reason: string }).reason).toContain('rejects (2) exceed cycles (1)');
    expect((reasons[3] as { reason: string }).reason).toContain('cycles');
  });

  it('accepts exactly what the contract’s schemas accept (property)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.integer({ min: -5, max: 2_000_000 }),
      fc.double(),
      fc.constant(null),
      fc.constantFrom('running', 'idle', 'down', 'setup', 'RUNNING', ''),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(
        '2026-02-30T10:00:00Z',
        '2026-03-02T06:00:00+01:00',
        '2026-03-02T06:00Z',
        '2026-03-02 06:00:00Z',
      ),
    );
    const body = fc.record(
      { eventId: value, state: value, cycles: value, rejects: value, at: value },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, fc.constantFrom('state' as const, 'count' as const), (b, kind) => {
        const text = JSON.stringify(b);
        const parsed = parseMachineMessage(`takt/plant/SAW-1/${kind}`, text);
        const schema = kind === 'state' ? machineStateMessage : machineCountMessage;
        const result = schema.safeParse(JSON.parse(text));
        const data = result.data as { cycles?: number; rejects?: number } | undefined;
        const expected =
          result.success && !(data?.rejects !== undefined && data.rejects > (data.cycles ?? 0));
        expect(parsed.ok).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('subscribes to the state and count topics of one site or all', () => {
    expect(machineTopics('plant')).toEqual(['takt/plant/+/state', 'takt/plant/+/count']);
    expect(machineTopics('+')).toEqual(['takt/+/+/state', 'takt/+/+/count']);
  });
});
