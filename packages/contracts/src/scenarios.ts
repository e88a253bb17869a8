/**
 * What-if scenarios on the plan (/api/planning/scenarios) and long planning runs with live
 * progress (/api/planning/runs). A scenario copies the live plan, applies typed changes (an
 * extra shift, a hypothetical order line, a machine down, a supplier late), re-plans in a
 * worker thread and compares its KPIs with the live plan's; it touches the live plan only when
 * it is adopted.
 */
import { z } from 'zod';
import { listQuery, page, uuid } from './common';

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');

export const addShiftChangeInput = z.object({
  kind: z.literal('add-shift'),
  workCenterId: uuid,
  from: localDate.describe('first local date the extra shift is worked'),
  to: localDate.describe('last local date (inclusive)'),
  start: clock.describe('local start time'),
  end: clock.describe('local end time; at or before start: the shift ends the next day'),
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .optional()
    .describe('ISO weekdays (Monday = 1) within the range; default every day'),
  note: z.string().trim().max(200).optional(),
});

export const machineDownChangeInput = z.object({
  kind: z.literal('machine-down'),
  workCenterId: uuid,
  machineIndex: z
    .number()
    .int()
    .min(0)
    .nullable()
    .default(null)
    .describe('0-based machine of the work center; null: the whole work center'),
  from: instant,
  to: instant,
  note: z.string().trim().max(200).optional(),
});

export const addOrderChangeInput = z.object({
  kind: z.literal('add-order'),
  itemId: uuid,
  quantity: z.number().positive().max(1_000_000),
  dueDate: localDate,
  customerId: uuid.nullable().optional(),
  note: z.string().trim().max(200).optional(),
});

export const delaySupplierChangeInput = z.object({
  kind: z.literal('delay-supplier'),
  supplierId: uuid,
  days: z.number().int().min(1).max(365),
  purchaseOrderId: uuid
    .nullable()
    .optional()
    .describe('only this purchase order of the supplier; default: all its open ones'),
  note: z.string().trim().max(200).optional(),
});

export const scenarioChangeInput = z.discriminatedUnion('kind', [
  addShiftChangeInput,
  machineDownChangeInput,
  addOrderChangeInput,
  delaySupplierChangeInput,
]);
export type ScenarioChangeInput = z.infer<typeof scenarioChangeInput>;

export const scenarioChange = z.discriminatedUnion('kind', [
  addShiftChangeInput.extend({ id: z.string() }),
  machineDownChangeInput.extend({ id: z.string() }),
  addOrderChangeInput.extend({ id: z.string() }),
  delaySupplierChangeInput.extend({ id: z.string() }),
]);
export type ScenarioChange = z.infer<typeof scenarioChange>;

export const scenarioStatus = z.enum(['draft', 'computing', 'computed', 'adopted', 'discarded', 'failed']);
export type ScenarioStatus = z.infer<typeof scenarioStatus>;

export const workCenterUtilization = z.object({
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterName: z.string(),
  /** share of the machines' working minutes in the window the plan occupies (setup and run), 0–100 */
  percent: z.number(),
  busyMinutes: z.number(),
  availableMinutes: z.number(),
});

export const planKpis = z.object({
  /** order lines with work in the plan (and the scenario's hypothetical lines) */
  lines: z.number().int(),
  /** share of lines whose planned completion is at or before the promised (else requested) date */
  onTimePercent: z.number(),
  /** share of lines finished by the promised date in 90 % of the Monte Carlo samples */
  p90OnTimePercent: z.number(),
  lateLines: z.number().int(),
  /** planned completion past the promised date, summed over lines, in minutes */
  totalLatenessMinutes: z.number(),
  /** over all lines */
  meanLatenessMinutes: z.number(),
  setups: z.number().int(),
  setupMinutes: z.number(),
  /** lines whose P90 completion falls on another date than in the live plan (0 for the live plan) */
  promiseChanges: z.number().int(),
  utilizationWindow: z.object({ from: instant, to: instant }),
  utilization: z.array(workCenterUtilization),
});
export type PlanKpis = z.infer<typeof planKpis>;

export const scenarioLine = z.object({
  /** the sales order line; null for a hypothetical line */
  lineId: uuid.nullable(),
  /** the add-order change of a hypothetical line */
  changeId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  lineNo: z.number().int().nullable(),
  customerName: z.string().nullable(),
  promisedDate: localDate.nullable(),
  dueDate: localDate.nullable(),
  plannedLive: instant.nullable(),
  plannedScenario: instant,
  p90Live: instant.nullable(),
  p90Scenario: instant,
  lateLive: z.boolean(),
  lateScenario: z.boolean(),
  /** the P90 date differs from the live plan's */
  promiseChanged: z.boolean(),
});
export type ScenarioLine = z.infer<typeof scenarioLine>;

/** A pinned operation the scenario let go (for the scenario alone: the live pin stays) */
export const scenarioPinReleased = z.object({
  operationId: uuid,
  jobId: uuid,
  jobNumber: z.string(),
  operationNumber: z.string(),
  workCenterCode: z.string(),
  pinnedStart: instant,
  /** where the scenario plans it instead */
  scenarioStart: instant.nullable(),
  /** machine-not-working: its machine does not work at the pinned start; work-ahead: work ahead of it on its machine ends after it */
  cause: z.enum(['machine-not-working', 'work-ahead']),
  reason: z.string(),
});
export type ScenarioPinReleased = z.infer<typeof scenarioPinReleased>;

export const scenarioResult = z.object({
  computedAt: instant,
  live: planKpis,
  /** the live plan re-planned the same way without the changes (null without changes): the changes' own effect is scenario − replanned */
  replanned: planKpis.nullable(),
  scenario: planKpis,
  /** every line whose planned completion or P90 differs, and every hypothetical line */
  lines: z.array(scenarioLine),
  /** operations of the live plan whose planned times or machine change */
  operationsMoved: z.number().int(),
  /** operations of the hypothetical orders' jobs */
  hypotheticalOperations: z.number().int(),
  /** what the scenario assumed, in words (purchase order lines delayed, machines' calendars) */
  notes: z.array(z.string()),
  /** pins that could not hold in the scenario, and why (results computed before carry none) */
  pinsReleased: z.array(scenarioPinReleased).default([]),
  stats: z.object({
    operations: z.number().int(),
    searchIterations: z.number().int(),
    scheduleMs: z.number(),
    totalMs: z.number(),
  }),
});
export type ScenarioResult = z.infer<typeof scenarioResult>;

export const scenario = z.object({
  id: uuid,
  name: z.string(),
  status: scenarioStatus,
  changes: z.array(scenarioChange),
  /** fingerprint of the live plan the result was computed from (adopt needs it unchanged) */
  baseFingerprint: z.string().nullable(),
  result: scenarioResult.nullable(),
  error: z.string().nullable(),
  /** the run computing it, while it computes */
  runId: uuid.nullable(),
  createdBy: z.string(),
  createdAt: instant,
  computedAt: instant.nullable(),
  adoptedAt: instant.nullable(),
  adoptedBy: z.string().nullable(),
  discardedAt: instant.nullable(),
  version: z.number().int(),
});
export type Scenario = z.infer<typeof scenario>;

export const scenarioSummary = scenario.omit({ result: true }).extend({
  changeCount: z.number().int(),
  onTimePercentLive: z.number().nullable(),
  onTimePercentScenario: z.number().nullable(),
});
export type ScenarioSummary = z.infer<typeof scenarioSummary>;

export const scenarioList = page(scenarioSummary);

export const scenarioListQuery = listQuery.extend({ status: scenarioStatus.optional() });

export const createScenarioRequest = z.object({
  name: z.string().trim().min(1).max(120),
  changes: z.array(scenarioChangeInput).max(50).default([]),
});
export type CreateScenarioRequest = z.infer<typeof createScenarioRequest>;

export const addScenarioChangeRequest = z.object({
  version: z.number().int().min(1).optional(),
  change: scenarioChangeInput,
});

export const scenarioVersionBody = z.object({ version: z.number().int().min(1).optional() }).default({});

export const scenarioChangeParams = z.object({ id: uuid, changeId: z.string().min(1).max(40) });

export const adoptScenarioResult = z.object({
  scenario,
  operationsMoved: z.number().int(),
  rePromised: z.number().int(),
  /** lines whose P90 now passes the promised date (an order.line.at-risk event each) */
  atRisk: z.number().int(),
  /** what became real: calendars changed, purchase order lines moved */
  applied: z.array(z.string()),
  /** what did not: hypothetical order lines, one machine of several down */
  notApplied: z.array(z.string()),
});
export type AdoptScenarioResult = z.infer<typeof adoptScenarioResult>;

export const planningRunKind = z.enum(['replan', 'scenario']);
export const planningRunStatus = z.enum(['running', 'done', 'failed', 'cancelled']);
export const planningRunPhase = z.enum([
  'reading',
  'mrp',
  'scheduling',
  'monte-carlo',
  'writing',
  'finished',
]);
export type PlanningRunPhase = z.infer<typeof planningRunPhase>;

export const planningRun = z.object({
  id: uuid,
  kind: planningRunKind,
  scenarioId: uuid.nullable(),
  status: planningRunStatus,
  phase: planningRunPhase,
  /** 0–100 */
  percent: z.number(),
  message: z.string(),
  startedAt: instant,
  finishedAt: instant.nullable(),
  error: z.string().nullable(),
  /** what the run did when done (the re-plan's summary) */
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type PlanningRun = z.infer<typeof planningRun>;

export const startPlanningRunRequest = z.object({ kind: z.literal('replan') });

export const computeScenarioResponse = z.object({ run: planningRun, scenario });
