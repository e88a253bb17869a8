/**
 * Engineer-to-order projects: phases with planned and actual dates, milestones, the engineering
 * tasks planned on engineering capacity (they feed the order's promise), and the payment plan.
 */
import { z } from 'zod';
import { listQuery, uuid } from './common';
import { linePromise } from './orders';

const isoDate = z.iso.date();
const versionField = z.number().int().min(1).optional().describe('the version you edited (or If-Match)');

export const projectStatus = z.enum(['quoting', 'active', 'completed', 'cancelled']);
export const projectPhaseKind = z.enum([
  'specification',
  'design',
  'approval',
  'procurement',
  'production',
  'delivery',
]);
export const projectPhaseStatus = z.enum(['not-started', 'in-progress', 'done']);
export const milestoneKind = z.enum([
  'order',
  'design-review',
  'customer-approval',
  'fat',
  'delivery',
  'commissioning',
  'other',
]);
export const projectPaymentStatus = z.enum(['planned', 'due', 'invoiced', 'paid']);

const taskNumber = z
  .string()
  .trim()
  .regex(/^E\d{2,4}$/, 'an engineering task number is E followed by 2–4 digits, e.g. E010');

export const engineeringTaskInput = z.object({
  number: taskNumber,
  name: z.string().trim().min(1).max(200),
  workCenterId: uuid.describe('the engineering work center: its machines are the engineers'),
  hours: z.number().finite().gt(0, 'hours must be greater than 0').max(10_000),
  predecessors: z.array(taskNumber).max(50).default([]).describe('task numbers that must finish first'),
  description: z.string().trim().max(2000).default(''),
  ownerId: uuid
    .nullable()
    .optional()
    .describe('who answers for the task (the engineer who does it is the machine the plan puts it on)'),
});
export type EngineeringTaskInput = z.infer<typeof engineeringTaskInput>;

export const projectInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    salesOrderLineId: uuid.optional().describe('the order line the project delivers'),
    quoteLineId: uuid.optional().describe('or the quote line it is being quoted on'),
    ownerId: uuid.nullable().optional().describe('the project manager'),
    description: z.string().trim().max(4000).default(''),
    approvalDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(10)
      .describe('calendar days the customer takes to approve the design (the plan waits that long)'),
    engineeringTasks: z.array(engineeringTaskInput).max(200).default([]),
  })
  .refine((p) => (p.salesOrderLineId === undefined) !== (p.quoteLineId === undefined), {
    message: 'name exactly one of salesOrderLineId and quoteLineId',
    path: ['salesOrderLineId'],
  });
export type ProjectInput = z.infer<typeof projectInput>;

export const projectPatch = z.object({
  version: versionField,
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(4000).optional(),
  ownerId: uuid.nullable().optional(),
  approvalDays: z.number().int().min(0).max(365).optional(),
  status: projectStatus.optional(),
  salesOrderLineId: uuid
    .optional()
    .describe('link the order line the quote became (same customer and item); the project becomes active'),
});
export type ProjectPatch = z.infer<typeof projectPatch>;

export const phasePatch = z.object({
  version: versionField,
  name: z.string().trim().min(1).max(200).optional(),
  ownerId: uuid.nullable().optional(),
  status: projectPhaseStatus.optional(),
  plannedStart: isoDate.nullable().optional(),
  plannedEnd: isoDate.nullable().optional(),
  actualStart: isoDate.nullable().optional(),
  actualEnd: isoDate.nullable().optional(),
  note: z.string().trim().max(2000).optional(),
});
export type PhasePatch = z.infer<typeof phasePatch>;

export const milestonePatch = z.object({
  version: versionField,
  name: z.string().trim().min(1).max(200).optional(),
  dueDate: isoDate.nullable().optional(),
});
export type MilestonePatch = z.infer<typeof milestonePatch>;

export const completeMilestoneBody = z.object({
  version: versionField,
  completedAt: z.iso.datetime({ offset: true }).optional().describe('default: now'),
});

export const paymentPlanInput = z.object({
  version: versionField.describe("the project's version"),
  payments: z
    .array(
      z.object({
        id: uuid.optional().describe('an existing payment; invoiced and paid ones must stay as they are'),
        label: z.string().trim().min(1).max(200),
        percent: z.number().finite().gt(0).max(100),
        milestoneId: uuid.describe('the milestone that makes it due'),
      }),
    )
    .min(1, 'a payment plan needs at least one payment')
    .max(20),
});
export type PaymentPlanInput = z.infer<typeof paymentPlanInput>;

export const engineeringTasksInput = z.object({
  version: versionField.describe("the project's version"),
  tasks: z
    .array(engineeringTaskInput)
    .max(200)
    .describe(
      'the whole list; once planned, tasks not started can be removed or moved to another work center, open ones re-estimated, and new ones are added to the job',
    ),
});
export type EngineeringTasksInput = z.infer<typeof engineeringTasksInput>;

export const invoicePaymentBody = z.object({
  version: versionField,
  invoiceNumber: z.string().trim().min(1).max(60).describe("the accounting system's invoice number"),
});
export const paidPaymentBody = z.object({
  version: versionField,
  paidAt: z.iso.datetime({ offset: true }).optional().describe('default: now'),
});

export const projectParams = z.object({ id: uuid });
export const projectPhaseParams = z.object({ id: uuid, phaseId: uuid });
export const projectMilestoneParams = z.object({ id: uuid, milestoneId: uuid });
export const projectPaymentParams = z.object({ id: uuid, paymentId: uuid });

const dateRange = z.object({ start: z.string(), end: z.string() });

export const projectPhase = z.object({
  id: uuid,
  kind: projectPhaseKind,
  position: z.number().int(),
  name: z.string(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  status: projectPhaseStatus,
  plannedStart: isoDate.nullable().describe('set by people'),
  plannedEnd: isoDate.nullable(),
  actualStart: isoDate.nullable(),
  actualEnd: isoDate.nullable(),
  scheduled: dateRange
    .nullable()
    .describe('what the plan says (engineering operations, jobs, purchases, the promise), when it knows'),
  note: z.string(),
  version: z.number().int(),
});

export const projectMilestone = z.object({
  id: uuid,
  phaseId: uuid.nullable(),
  kind: milestoneKind,
  position: z.number().int(),
  name: z.string(),
  dueDate: isoDate.nullable(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  version: z.number().int(),
});

export const projectPayment = z.object({
  id: uuid,
  milestoneId: uuid,
  milestoneName: z.string(),
  position: z.number().int(),
  label: z.string(),
  percent: z.number(),
  amount: z.number().int().describe('minor units'),
  currency: z.string(),
  status: projectPaymentStatus,
  dueAt: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  invoicedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  version: z.number().int(),
});

export const engineeringTask = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterName: z.string(),
  hours: z.number(),
  predecessors: z.array(z.string()),
  description: z.string(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  operation: z
    .object({
      id: uuid,
      jobId: uuid,
      jobNumber: z.string(),
      status: z.string(),
      engineer: z.string().nullable().describe('the machine of the engineering work center, e.g. ENG-MECH-2'),
      plannedStart: z.string().nullable(),
      plannedEnd: z.string().nullable(),
      actualStart: z.string().nullable(),
      actualEnd: z.string().nullable(),
      bookedMinutes: z.number(),
    })
    .nullable()
    .describe('the operation planning made of it on the project item’s job; null until the line is planned'),
});

const paymentTotals = z.object({
  percent: z.number(),
  amount: z.number().int(),
  planned: z.number().int(),
  due: z.number().int(),
  invoiced: z.number().int(),
  paid: z.number().int(),
});

export const project = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  description: z.string(),
  status: projectStatus,
  customerId: uuid,
  customerName: z.string(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  quoteLineId: uuid.nullable(),
  quoteId: uuid.nullable(),
  quoteNumber: z.string().nullable(),
  salesOrderLineId: uuid.nullable(),
  salesOrderId: uuid.nullable(),
  salesOrderNumber: z.string().nullable(),
  orderStatus: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  approvalDays: z.number().int(),
  orderValue: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
  requestedDate: isoDate.nullable(),
  promisedDate: isoDate.nullable(),
  promise: linePromise
    .nullable()
    .describe("the line's promise: engineering on engineering capacity included"),
  createdAt: z.string(),
  version: z.number().int(),
  phases: z.array(projectPhase),
  milestones: z.array(projectMilestone),
  payments: z.array(projectPayment),
  paymentTotals,
  engineeringTasks: z.array(engineeringTask),
});
export type Project = z.infer<typeof project>;

export const projectSummary = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  status: projectStatus,
  customerName: z.string(),
  itemNumber: z.string(),
  salesOrderId: uuid.nullable(),
  salesOrderNumber: z.string().nullable(),
  quoteNumber: z.string().nullable(),
  currentPhase: projectPhaseKind.nullable().describe('the first phase not done'),
  nextMilestone: z.object({ name: z.string(), dueDate: isoDate.nullable() }).nullable(),
  promisedDate: isoDate.nullable(),
  orderValue: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
  dueAmount: z.number().int().describe('payments due and not yet invoiced, minor units'),
  version: z.number().int(),
});
export type ProjectSummary = z.infer<typeof projectSummary>;

export const projectListQuery = listQuery.extend({ status: projectStatus.optional() });

/** Someone who can own a project, a phase or a task: an active internal user. */
export const projectPerson = z.object({ id: uuid, name: z.string(), roles: z.array(z.string()) });
export type ProjectPerson = z.infer<typeof projectPerson>;
