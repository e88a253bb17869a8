/** The shop floor: release, dispatch lists, the operator terminal's bookings, reason codes. */
import { z } from 'zod';
import { uuid } from './common';

const quantity = z.number().finite().min(0, 'a quantity cannot be negative');

export const reasonCodeKind = z.enum(['stop', 'scrap']);
export const reasonCodeInput = z.object({
  kind: reasonCodeKind,
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(100),
  planned: z.boolean().default(false).describe('stops only: a planned stop does not cost availability'),
});
export const reasonCode = reasonCodeInput.extend({
  id: uuid,
  active: z.boolean(),
  version: z.number().int(),
});
export type ReasonCode = z.infer<typeof reasonCode>;
export const reasonCodeListQuery = z.object({ kind: reasonCodeKind.optional() });

export const releaseJobsBody = z
  .object({
    jobIds: z.array(uuid).max(1000).optional().describe('release these planned jobs'),
    horizonDays: z
      .number()
      .min(0)
      .max(365)
      .optional()
      .describe('release every planned job that starts within this many days (the frozen zone)'),
  })
  .refine((b) => b.jobIds !== undefined || b.horizonDays !== undefined, {
    message: 'name the jobs to release or a horizon in days',
    path: ['jobIds'],
  });
export const releasedJobs = z.object({
  released: z.array(z.object({ id: uuid, number: z.string() })),
});

export const operationStatus = z.enum(['planned', 'released', 'setup', 'running', 'paused', 'done']);

export const bookingKind = z.enum(['setup', 'run', 'pause', 'finish', 'quantity']);
export const bookingBody = z.object({
  clientEventId: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .describe('the terminal’s id of this tap: a retry or double tap with the same id books once'),
  kind: bookingKind,
  goodQuantity: quantity.optional(),
  scrapQuantity: quantity.optional(),
  scrapReasonId: uuid.optional().describe('required with a scrap quantity'),
  machineIndex: z.number().int().min(0).optional().describe('0-based machine of the work center'),
  note: z.string().trim().max(500).optional(),
  acknowledgeMissingMaterial: z
    .boolean()
    .optional()
    .describe(
      'finish the job’s last operation although manual-issue material is not (fully) issued: without it that finish is refused (422, rule material-not-issued, listing `missing`); the acknowledgement is audited',
    ),
});
export type BookingBody = z.infer<typeof bookingBody>;

export const operatorOnOperation = z.object({
  operatorId: uuid,
  name: z.string(),
  activity: z.enum(['setup', 'run']),
  since: z.string(),
});

/** One line of a work center's dispatch list, in schedule order. */
export const dispatchOperation = z.object({
  id: uuid,
  jobId: uuid,
  jobNumber: z.string(),
  itemNumber: z.string(),
  itemName: z.string(),
  jobQuantity: z.number(),
  quantity: z
    .number()
    .describe('parts this operation handles: the job quantity, for a rework operation its non-conformance’s'),
  rework: z.boolean().describe('added by a non-conformance disposition to rework parts'),
  number: z.string(),
  name: z.string(),
  status: operationStatus,
  machineIndex: z.number().int().nullable(),
  machineCode: z.string().nullable(),
  plannedSetupStart: z.string().nullable(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  jobDue: z.string(),
  late: z.boolean().describe('planned to end after the job is due'),
  setupMinutes: z.number(),
  runMinutes: z.number(),
  goodQuantity: z.number(),
  scrapQuantity: z.number(),
  waitingFor: z.array(z.string()).describe('predecessor operations not yet done'),
  operators: z.array(operatorOnOperation),
});
export const dispatchList = z.object({
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterName: z.string(),
  machines: z.number().int(),
  operations: z.array(dispatchOperation),
});
export const dispatchListQuery = z.object({
  machineIndex: z.coerce.number().int().min(0).optional(),
});

export const bookingView = z.object({
  id: uuid,
  kind: bookingKind,
  at: z.string(),
  operatorName: z.string(),
  goodQuantity: z.number(),
  scrapQuantity: z.number(),
  scrapReason: z.string().nullable(),
  note: z.string().nullable(),
});

export const operationDetail = dispatchOperation.extend({
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterMachines: z.number().int().describe('machines of the work center: the operator may start on any'),
  instructions: z.string(),
  drawingUrl: z.string().nullable(),
  salesOrderLineId: uuid.nullable(),
  actualSetupStart: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  actualSetupMinutes: z.number(),
  actualRunMinutes: z.number(),
  machineCycles: z.number().int(),
  bookings: z.array(bookingView),
  version: z.number().int(),
});
export type OperationDetail = z.infer<typeof operationDetail>;

/** Backflush material of one component (what a booking issued, what it could not). */
export const backflushedMaterial = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  issued: z.number().describe('issued from stores by this booking'),
  short: z.number().describe('what the reported parts consumed but stores did not have (0: none)'),
});
export type BackflushedMaterial = z.infer<typeof backflushedMaterial>;

/** Manual-issue material of a job not (fully) issued when its last operation finishes. */
export const missingMaterial = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  required: z.number(),
  issued: z.number(),
});
export type MissingMaterial = z.infer<typeof missingMaterial>;

export const bookingResult = z.object({
  operation: operationDetail,
  replayed: z.boolean().describe('true when this clientEventId was booked before: nothing changed'),
  jobCompleted: z.boolean(),
  backflush: z
    .array(backflushedMaterial)
    .describe('backflush components of the job this booking issued or found short'),
});

export const badgeLoginBody = z.object({ badgeCode: z.string().trim().min(1).max(64) });

/** The plan re-scheduled from the shop floor's progress, and the lines it re-promised. */
export const progressReplan = z.object({
  moved: z.number().int().describe('operations with new planned times'),
  rePromised: z.number().int().describe('confirmed lines with a new predicted completion'),
  atRisk: z
    .array(
      z.object({
        lineId: uuid,
        orderNumber: z.string(),
        lineNo: z.number().int(),
        promisedDate: z.string().nullable(),
        p90Before: z.string().nullable(),
        p90After: z.string(),
        plannedAfter: z.string(),
      }),
    )
    .describe('lines whose P90 now falls after the promised date (an alert goes out for each)'),
  pinConflicts: z
    .array(
      z.object({
        operationId: uuid,
        jobId: uuid,
        operationNumber: z.string(),
        pinnedStart: z.string(),
        readyAt: z.string().describe('when its predecessors end; let go: where the plan now starts it'),
        held: z
          .boolean()
          .describe(
            'the pin holds; false: earlier work on its machine runs into it, it was let go and unpinned',
          ),
      }),
    )
    .describe('pinned operations the progress overtook: their predecessors now end after the pinned start'),
});

/** A job's material: what its BOM needs for the job's quantity and what was issued to it. */
export const jobMaterial = z.object({
  jobNumber: z.string(),
  lines: z.array(
    z.object({
      itemId: uuid,
      itemNumber: z.string(),
      itemName: z.string(),
      uom: z.string(),
      operationNumber: z.string().nullable(),
      required: z.number(),
      issued: z.number(),
      issueMethod: z.enum(['manual', 'backflush']),
      backflushShort: z
        .number()
        .describe(
          'backflush only: what the parts reported at its operation consumed beyond what stores could issue (0: none)',
        ),
    }),
  ),
});
export const materialIssueBody = z.object({
  scan: z.string().trim().min(1).max(100).describe('a lot number or an item number, as scanned'),
  quantity: z.number().finite().gt(0, 'issue more than 0'),
  locationId: uuid.optional().describe('default: stores'),
});
export const materialIssueResult = jobMaterial.extend({
  issued: z.object({ label: z.string(), quantity: z.number() }),
});
