/**
 * One MQTT message of a machine, parsed at the edge: `takt/<site>/<machine>/state` with
 * `{ eventId, state, at }` or `takt/<site>/<machine>/count` with `{ eventId, cycles, rejects?, at }`.
 * Anything else is a rejection with its reason, never an exception.
 */
import { type MachineState, machineCountMessage, machineStateMessage } from '@takt/contracts';
import { regexes } from 'zod';

export interface MachineEvent {
  machineCode: string;
  eventId: string;
  kind: 'state' | 'count';
  state: MachineState | null;
  cycles: number | null;
  rejects: number | null;
  /** the machine's clock, epoch milliseconds */
  at: number;
}

export type ParsedMessage = { ok: true; event: MachineEvent } | { ok: false; reason: string };

/** The topic filters of a site ('+' for every site). */
export function machineTopics(site: string): string[] {
  return [`takt/${site}/+/state`, `takt/${site}/+/count`];
}

export function machineTopic(site: string, machineCode: string, kind: 'state' | 'count'): string {
  return `takt/${site}/${machineCode}/${kind}`;
}

export function parseMachineMessage(topic: string, payload: Buffer | string): ParsedMessage {
  const levels = topic.split('/');
  if (levels.length !== 4 || levels[0] !== 'takt' || !levels[2]) {
    return { ok: false, reason: `topic ${topic} is not takt/<site>/<machine>/state|count` };
  }
  const kind = levels[3];
  if (kind !== 'state' && kind !== 'count') {
    return { ok: false, reason: `topic ${topic}: the last level must be state or count` };
  }
  let body: unknown;
  try {
    body = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, reason: `topic ${topic}: the payload is not JSON` };
  }
  const machineCode = levels[2];
  const fast = wellFormed(body, kind);
  if (fast) return { ok: true, event: { machineCode, kind, ...fast } };
  if (kind === 'state') {
    const parsed = machineStateMessage.safeParse(body);
    if (!parsed.success) return { ok: false, reason: `topic ${topic}: ${issues(parsed.error.issues)}` };
    const { eventId, state, at } = parsed.data;
    return {
      ok: true,
      event: { machineCode, eventId, kind, state, cycles: null, rejects: null, at: Date.parse(at) },
    };
  }
  const parsed = machineCountMessage.safeParse(body);
  if (!parsed.success) return { ok: false, reason: `topic ${topic}: ${issues(parsed.error.issues)}` };
  const { eventId, cycles, rejects, at } = parsed.data;
  if (rejects !== undefined && rejects > cycles) {
    return { ok: false, reason: `topic ${topic}: rejects (${rejects}) exceed cycles (${cycles})` };
  }
  return {
    ok: true,
    event: { machineCode, eventId, kind, state: null, cycles, rejects: rejects ?? 0, at: Date.parse(at) },
  };
}

/** the contract's rule for `at` (z.iso.datetime({ offset: true })) */
const instant = regexes.datetime({ offset: true });
const states = new Set<string>(['running', 'idle', 'down', 'setup']);
const isCount = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 1_000_000;

/**
 * The common case without the schema's allocations (machine data is the hot path): a body that
 * meets the contract's rules exactly, or null to let the schema decide and say why.
 */
function wellFormed(
  body: unknown,
  kind: 'state' | 'count',
): Omit<MachineEvent, 'machineCode' | 'kind'> | null {
  if (typeof body !== 'object' || body === null) return null;
  const { eventId, at, state, cycles, rejects } = body as Record<string, unknown>;
  if (typeof eventId !== 'string' || eventId.length < 1 || eventId.length > 100) return null;
  if (typeof at !== 'string' || !instant.test(at)) return null;
  if (kind === 'state') {
    if (typeof state !== 'string' || !states.has(state)) return null;
    return { eventId, state: state as MachineState, cycles: null, rejects: null, at: Date.parse(at) };
  }
  if (!isCount(cycles) || (rejects !== undefined && (!isCount(rejects) || rejects > cycles))) return null;
  return { eventId, state: null, cycles, rejects: rejects ?? 0, at: Date.parse(at) };
}

function issues(list: { path: PropertyKey[]; message: string }[]): string {
  return list.map((i) => `${i.path.map(String).join('.') || 'payload'}: ${i.message}`).join('; ');
}
