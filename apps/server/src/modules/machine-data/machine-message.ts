/**
 * One MQTT message of a machine, parsed at the edge: `takt/<site>/<machine>/state` with
 * `{ eventId, state, at }` or `takt/<site>/<machine>/count` with `{ eventId, cycles, rejects?, at }`.
 * Anything else is a rejection with its reason, never an exception.
 */
import { machineCountMessage, machineStateMessage, type MachineState } from '@takt/contracts';

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

function issues(list: { path: PropertyKey[]; message: string }[]): string {
  return list.map((i) => `${i.path.map(String).join('.') || 'payload'}: ${i.message}`).join('; ');
}
