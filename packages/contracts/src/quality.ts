/**
 * Quality: inspection plans on routing operations, results measured at the terminal, and
 * non-conformances with their disposition (scrap, rework, use as is) and its cost.
 */
import { z } from 'zod';
import { listQuery, patchOf, uuid } from './common';

const limit = z.number().finite().nullable();

export const inspectionCharacteristicInput = z.object({
  name: z.string().trim().min(1, 'name the characteristic').max(100),
  unit: z.string().trim().max(20).default('').describe('e.g. mm, µm, bar; empty for a count'),
  nominal: limit.default(null),
  lowerLimit: limit.default(null).describe('lowest value that passes; null: no lower limit'),
  upperLimit: limit.default(null).describe('highest value that passes; null: no upper limit'),
  frequency: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1)
    .describe('measure every n-th part (1: every part; the first part is always measured)'),
});
export const updateInspectionCharacteristicBody = patchOf(inspectionCharacteristicInput);

export const inspectionCharacteristic = z.object({
  id: uuid,
  routingOperationId: uuid,
  name: z.string(),
  unit: z.string(),
  nominal: z.number().nullable(),
  lowerLimit: z.number().nullable(),
  upperLimit: z.number().nullable(),
  frequency: z.number().int(),
  version: z.number().int(),
});
export type InspectionCharacteristic = z.infer<typeof inspectionCharacteristic>;

export const inspectionResult = z.object({
  id: uuid,
  characteristicId: uuid,
  characteristicName: z.string(),
  value: z.number(),
  pass: z.boolean(),
  operatorName: z.string().nullable(),
  at: z.string(),
});
export type InspectionResult = z.infer<typeof inspectionResult>;

export const nonConformanceStatus = z.enum(['open', 'dispositioned', 'closed']);
export const disposition = z.enum(['scrap', 'rework', 'use-as-is']);
export type Disposition = z.infer<typeof disposition>;

/** A non-conformance as a line of a list, at the terminal and on the NCR page. */
export const nonConformance = z.object({
  id: uuid,
  number: z.string(),
  jobOperationId: uuid,
  jobId: uuid,
  jobNumber: z.string(),
  jobQuantity: z.number(),
  jobStatus: z.string(),
  operationNumber: z.string(),
  operationName: z.string(),
  operationRunMinutesPerPiece: z
    .number()
    .describe('run minutes per piece of the operation where the defect was found: the default rework time'),
  workCenterCode: z.string(),
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  description: z.string(),
  status: nonConformanceStatus,
  disposition: disposition.nullable(),
  cost: z.number().int().describe('cost of the disposition in minor units (see quality/README.md)'),
  currency: z.string(),
  reportedByName: z.string().nullable(),
  createdAt: z.string(),
  reworkOperation: z
    .object({
      id: uuid,
      number: z.string(),
      name: z.string(),
      status: z.string(),
      workCenterCode: z.string(),
    })
    .nullable()
    .describe('the operation a rework disposition added to the job'),
  version: z.number().int(),
});
export type NonConformance = z.infer<typeof nonConformance>;

/** What the terminal shows for an operation: its routing operation's plan and what was measured. */
export const operationInspection = z.object({
  jobOperationId: uuid,
  operationNumber: z.string(),
  routingOperationId: uuid
    .nullable()
    .describe('null when the job has no routing or the routing lacks the operation'),
  characteristics: z.array(inspectionCharacteristic),
  results: z.array(inspectionResult).describe('newest first'),
  nonConformances: z.array(nonConformance),
});
export type OperationInspection = z.infer<typeof operationInspection>;

export const inspectionResultsBody = z.object({
  clientEventId: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .describe('the terminal’s id of this booking: a retry with the same id records once'),
  results: z
    .array(z.object({ characteristicId: uuid, value: z.number().finite() }))
    .min(1, 'measure at least one characteristic')
    .max(200),
});
export type InspectionResultsBody = z.infer<typeof inspectionResultsBody>;

export const inspectionResultsOutcome = z.object({
  results: z.array(inspectionResult),
  failed: z
    .array(inspectionResult)
    .describe('the results outside their limits: the terminal offers to report a non-conformance'),
  replayed: z.boolean().describe('true when this clientEventId was recorded before: nothing changed'),
});

export const createNonConformanceBody = z.object({
  jobOperationId: uuid,
  quantity: z.number().finite().positive('a non-conformance concerns at least some parts'),
  description: z.string().trim().min(1, 'say what is wrong').max(2000),
});

export const nonConformanceListQuery = listQuery.extend({
  status: nonConformanceStatus.optional(),
  jobId: uuid.optional(),
});

/** Minutes are checked by the service (a rule, 422), so the form shows the message at the field. */
export const reworkOperationInput = z.object({
  name: z.string().trim().min(1, 'name the rework operation').max(200),
  workCenterId: uuid
    .optional()
    .describe(
      'where the parts are reworked; default: the work center of the operation where the defect was found',
    ),
  setupMinutes: z.number().finite().default(0).describe('at least 0'),
  runMinutesPerPiece: z
    .number()
    .finite()
    .optional()
    .describe(
      'rework minutes per piece, more than 0; default: the failed operation’s run minutes per piece. The operation runs this × the non-conformance’s quantity',
    ),
});

export const dispositionBody = z.object({
  disposition,
  version: z.number().int().min(1).optional().describe('or If-Match'),
  reworkOperation: reworkOperationInput.optional().describe('required for rework, only for rework'),
});
export type DispositionBody = z.infer<typeof dispositionBody>;

export const closeNonConformanceBody = z.object({
  version: z.number().int().min(1).optional().describe('or If-Match'),
});
