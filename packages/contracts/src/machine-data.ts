/**
 * Machine data: what the machines report over MQTT (`takt/<site>/<machine>/state|count`), the
 * latest state of each machine, its stops and their reasons, and the ingestion counters.
 */
import { z } from 'zod';
import { listQuery, uuid } from './common';

export const machineState = z.enum(['running', 'idle', 'down', 'setup']);
export type MachineState = z.infer<typeof machineState>;

const eventId = z.string().min(1, 'an event needs its machine’s event id').max(100);
const machineAt = z.iso.datetime({ offset: true, error: 'at must be an ISO timestamp' });

/** Payload of `takt/<site>/<machine>/state`: the machine entered this state at `at`. */
export const machineStateMessage = z.object({ eventId, state: machineState, at: machineAt });
/** Payload of `takt/<site>/<machine>/count`: cycles (of those, rejects) since the previous count. */
export const machineCountMessage = z.object({
  eventId,
  cycles: z.number().int().min(0).max(1_000_000),
  rejects: z.number().int().min(0).max(1_000_000).optional(),
  at: machineAt,
});

const machineCode = z.string().trim().min(3).max(60).describe('`<work center code>-<n>`, n from 1');

export const machineOperation = z.object({
  jobOperationId: uuid,
  jobId: uuid,
  status: z.enum(['setup', 'running', 'paused']),
});

export const machineStopBrief = z.object({
  id: uuid,
  startedAt: z.string(),
  source: z.enum(['machine', 'operator']),
  reasonId: uuid.nullable(),
});

/** A machine of a work center with its latest reported state (GET /api/machines). */
export const machineView = z.object({
  machineCode: z.string(),
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterName: z.string(),
  machineIndex: z.number().int().describe('0-based, as the planner counts'),
  configured: z
    .boolean()
    .describe('false: the machine reports data but lies beyond the work center’s machine count'),
  state: z.enum(['running', 'idle', 'down', 'setup', 'unknown']),
  since: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  totalCycles: z.number().int(),
  totalRejects: z.number().int(),
  events: z.number().int(),
  currentOperation: machineOperation.nullable(),
  openStop: machineStopBrief.nullable(),
});
export type MachineView = z.infer<typeof machineView>;

export const machineListQuery = z.object({
  workCenterId: uuid.optional(),
  state: z.enum(['running', 'idle', 'down', 'setup', 'unknown']).optional(),
});

export const machineStop = z.object({
  id: uuid,
  machineCode: z.string(),
  workCenterId: uuid,
  workCenterCode: z.string(),
  machineIndex: z.number().int(),
  jobOperationId: uuid.nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().describe('so far, for an open stop'),
  micro: z.boolean().describe('shorter than the micro-stop threshold: counted, never asked about'),
  source: z.enum(['machine', 'operator']),
  reasonId: uuid.nullable(),
  reasonCode: z.string().nullable(),
  reasonName: z.string().nullable(),
  planned: z.boolean().describe('the reason is a planned stop (outside planned production time)'),
  waitingForReason: z.boolean().describe('unplanned, not micro, and no reason yet'),
  version: z.number().int(),
});
export type MachineStop = z.infer<typeof machineStop>;

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const machineStopListQuery = listQuery.omit({ q: true }).extend({
  workCenterId: uuid.optional(),
  machineCode: z.string().trim().min(1).max(60).optional(),
  open: flag.describe('true: only stops still open; false: only closed ones'),
  waitingForReason: flag.describe('true: only stops that still need a reason'),
});
export type MachineStopListQuery = z.infer<typeof machineStopListQuery>;

/** An operator reports a stop at the terminal: it opens now and closes when the machine runs again. */
export const reportMachineStopBody = z.object({
  machineCode,
  reasonId: uuid.optional().describe('a stop reason, if the operator knows it already'),
});
export type ReportMachineStopBody = z.infer<typeof reportMachineStopBody>;

export const setMachineStopReasonBody = z.object({
  reasonId: uuid.describe('a reason code of kind stop'),
  version: z.number().int().min(1).optional().describe('or send If-Match'),
});
export type SetMachineStopReasonBody = z.infer<typeof setMachineStopReasonBody>;

export const closeMachineStopBody = z.object({
  version: z.number().int().min(1).optional().describe('or send If-Match'),
});

/** Counters of this server process's machine-data ingestion (GET /api/machine-data/ingestion). */
export const machineDataIngestion = z.object({
  bus: z.object({
    mode: z.enum(['embedded', 'external', 'off']),
    url: z.string().nullable(),
    clientId: z.string().nullable(),
    topics: z.array(z.string()),
    connected: z.boolean(),
  }),
  received: z.number().int().describe('messages taken from the broker'),
  inserted: z.number().int().describe('new events stored'),
  duplicates: z.number().int().describe('redeliveries of events already stored'),
  rejected: z.number().int().describe('bad topic, JSON or fields: logged and dropped'),
  unknownMachines: z.number().int().describe('events of machine codes no work center has'),
  setAside: z
    .number()
    .int()
    .describe('messages the database refused on their own: kept in machine_event_rejects, the rest stored'),
  batches: z.number().int(),
  pending: z.number().int().describe('received, not yet committed'),
  lastFlush: z
    .object({ at: z.string(), events: z.number().int(), milliseconds: z.number() })
    .nullable()
    .describe('the last committed batch and how long its transaction took'),
  latencyMs: z
    .object({ p50: z.number(), p99: z.number(), max: z.number(), samples: z.number().int() })
    .nullable()
    .describe('machine timestamp to committed, over the recent events'),
});
export type MachineDataIngestion = z.infer<typeof machineDataIngestion>;
