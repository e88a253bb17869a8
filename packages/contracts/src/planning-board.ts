/**
 * The planning board: the whole plan in a time window (GET /api/planning/board) as machines
 * with their scheduled operations, the non-working time of each work center, and the capacity
 * load per work center and day or week (also alone: GET /api/planning/load).
 */
import { z } from 'zod';
import { uuid } from './common';

const instant = z.iso.datetime({ offset: true });

/** `a,b,c` in a query string, or the parameter repeated: a list of work center ids. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(uuid).max(500));

export const loadBucket = z.enum(['day', 'week']);
export type LoadBucket = z.infer<typeof loadBucket>;

export const planningBoardQuery = z.object({
  from: instant
    .optional()
    .describe('start of the window (UTC instant); default: the start of yesterday in the plant time zone'),
  to: instant.optional().describe('end of the window (exclusive); default: 28 days after from'),
  workCenterIds: idList.optional().describe('only these work centers (comma-separated ids); default: all'),
  bucket: loadBucket.default('day').describe('capacity load per plant-local day or ISO week'),
});
export type PlanningBoardQuery = z.infer<typeof planningBoardQuery>;

export const boardOperationStatus = z.enum(['planned', 'released', 'setup', 'running', 'paused', 'done']);
export type BoardOperationStatus = z.infer<typeof boardOperationStatus>;

export const boardOperation = z.object({
  id: uuid,
  jobId: uuid,
  jobNumber: z.string(),
  jobStatus: z.enum(['planned', 'released', 'in-progress', 'done']),
  jobDue: instant,
  quantity: z.number(),
  /** the sales order the job serves: its own line (MTO) or, for shared supply, the first demand pegged to it */
  salesOrderId: uuid.nullable(),
  orderNumber: z.string().nullable(),
  orderLineNo: z.number().int().nullable(),
  customerName: z.string().nullable(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  operationNumber: z.string(),
  name: z.string(),
  setupMinutes: z.number(),
  runMinutes: z.number(),
  plannedSetupStart: instant,
  plannedStart: instant,
  plannedEnd: instant,
  status: boardOperationStatus,
  late: z.boolean().describe("the job's planned end is after its due date"),
  family: z.string().nullable(),
  pinnedAt: instant.nullable().describe('when a planner pinned it: re-plans keep its machine and start'),
  pinnedBy: z.string().nullable().describe('who pinned it'),
  alternativeWorkCenterIds: z
    .array(uuid)
    .describe(
      'the other work centers it may be moved to: its routing operation’s own and alternative work centers, less the one it is on',
    ),
});
export type BoardOperation = z.infer<typeof boardOperation>;

const interval = z.object({ start: instant, end: instant });

export const boardMachine = z.object({
  /** 0-based, as the schedule counts */
  index: z.number().int(),
  /** as the shop floor names it: CNC-1, CNC-2, ... */
  code: z.string(),
  /** operations on this machine intersecting the window, by planned setup start */
  operations: z.array(boardOperation),
});

export const boardWorkCenter = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  efficiency: z.number(),
  calendarId: uuid,
  timeZone: z.string(),
  machines: z.array(boardMachine),
  /** the window's non-working time on the work center's calendar (for shading) */
  nonWorking: z.array(interval),
});
export type BoardWorkCenter = z.infer<typeof boardWorkCenter>;

export const loadCell = z.object({
  /** working minutes on the calendar × machines × efficiency: standard minutes the bucket can take */
  availableMinutes: z.number(),
  /** standard minutes of the scheduled operations in the bucket (setup + run) */
  loadMinutes: z.number(),
  /** load / available in percent (0 when nothing is available) */
  utilisation: z.number(),
});
export type LoadCell = z.infer<typeof loadCell>;

export const capacityLoad = z.object({
  bucket: loadBucket,
  timeZone: z.string(),
  /** buckets in order: plant-local days (or ISO weeks from Monday), clipped to the window */
  buckets: z.array(
    z.object({ date: z.iso.date().describe('the local day, or the Monday of the week'), ...interval.shape }),
  ),
  workCenters: z.array(
    z.object({
      workCenterId: uuid,
      code: z.string(),
      name: z.string(),
      machines: z.number().int(),
      /** one per bucket, in the buckets' order */
      cells: z.array(loadCell),
      total: loadCell,
      bottleneck: z.boolean().describe('the highest utilisation over the window'),
    }),
  ),
  bottleneckWorkCenterId: uuid.nullable(),
});
export type CapacityLoad = z.infer<typeof capacityLoad>;

export const planningBoard = z.object({
  from: instant,
  to: instant,
  now: instant,
  timeZone: z.string().describe('the plant time zone: times are shown in it'),
  workCenters: z.array(boardWorkCenter),
  capacity: capacityLoad,
});
export type PlanningBoard = z.infer<typeof planningBoard>;

/**
 * Moving work on the board: one operation to another time or another machine of its work
 * center or of an alternative work center its routing names (POST /api/planning/moves/preview,
 * then /apply). The preview re-plans around the moved operation and says what that does to the
 * other work and to the orders' promises; it writes nothing. Apply writes that plan, if the plan
 * it was previewed against is still the current one, and pins the moved operation there.
 */
export const moveOperationRequest = z.object({
  operationId: uuid,
  workCenterId: uuid
    .optional()
    .describe(
      'the work center to move it to: its own (default) or an alternative its routing operation names (its duration is then recomputed with that work center’s efficiency and speed factor)',
    ),
  machineIndex: z.number().int().min(0).describe('0-based machine of that work center'),
  start: instant.describe(
    'where the operation’s bar should begin (its setup start); the earliest feasible time at or after it is taken',
  ),
});
export type MoveOperationRequest = z.infer<typeof moveOperationRequest>;

export const applyMoveRequest = moveOperationRequest.extend({
  planFingerprint: z.string().min(1).max(200).describe('the preview’s planFingerprint'),
  previewedAt: instant.describe('the preview’s previewedAt: the plan is re-computed as of that moment'),
});
export type ApplyMoveRequest = z.infer<typeof applyMoveRequest>;

const placedOn = z.object({
  workCenterId: uuid,
  workCenterCode: z.string(),
  machineIndex: z.number().int(),
  machineCode: z.string(),
  ...interval.shape,
  setupStart: instant,
  runMinutes: z.number().describe('processing minutes on this work center (setup excluded)'),
});

export const movedOperation = z.object({
  id: uuid,
  jobId: uuid,
  jobNumber: z.string(),
  operationNumber: z.string(),
  /** the work center it is planned on after the move */
  workCenterId: uuid,
  workCenterCode: z.string(),
  before: placedOn,
  after: placedOn,
  /** how far its end moved, in minutes (negative: earlier) */
  shiftMinutes: z.number(),
});
export type MovedOperation = z.infer<typeof movedOperation>;

export const moveLineImpact = z.object({
  lineId: uuid,
  orderId: uuid,
  orderNumber: z.string(),
  lineNo: z.number().int(),
  customerName: z.string().nullable(),
  promisedDate: z.iso.date().nullable(),
  plannedBefore: instant,
  plannedAfter: instant,
  p90Before: instant,
  p90After: instant,
  /** how far the planned completion moves, in minutes */
  plannedShiftMinutes: z.number(),
  p90ShiftMinutes: z.number(),
  lateBefore: z.boolean().describe('P90 after the end of the promised date, before the move'),
  lateAfter: z.boolean(),
});
export type MoveLineImpact = z.infer<typeof moveLineImpact>;

export const movePreview = z.object({
  operation: movedOperation,
  requestedStart: instant,
  /** as-requested, or later: the earliest feasible start after the requested one, and why */
  placement: z.enum(['as-requested', 'later']),
  placementReason: z.string().nullable(),
  /** the moved operation changes work center: to an alternative, or back to its routing's own */
  workCenterChange: z
    .object({
      fromCode: z.string(),
      toCode: z.string(),
      /** the routing's speed factor of the new work center (1: the routing operation's own) */
      speedFactor: z.number(),
      runMinutesBefore: z.number(),
      runMinutesAfter: z.number(),
    })
    .nullable(),
  /** every other operation whose planned times or machine change */
  moved: z.array(movedOperation),
  /** order lines whose planned completion or P90 change (confirmed lines with their own jobs) */
  lines: z.array(moveLineImpact),
  planFingerprint: z.string(),
  previewedAt: instant,
  applied: z.boolean(),
});
export type MovePreview = z.infer<typeof movePreview>;

/** A planner's pin on an operation (POST /api/planning/operations/:id/pin, /unpin). */
export const operationPin = z.object({
  operationId: uuid,
  pinnedAt: instant.nullable(),
  pinnedBy: z.string().nullable(),
});
export type OperationPin = z.infer<typeof operationPin>;
