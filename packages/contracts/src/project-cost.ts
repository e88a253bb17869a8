/**
 * An engineer-to-order project's cost at three stages (preliminary, committed, actual) with the
 * engineering hours split out, the remaining estimate, the cost-to-complete forecast and the
 * margin against the price at each; quoting from history (similar past projects, estimate
 * accuracy by category).
 */
import { z } from 'zod';
import { uuid } from './common';

export const projectCostStage = z.object({
  material: z.number().int(),
  /** production work (setup, machine, labour) on the line's jobs, without engineering */
  work: z.number().int(),
  /** engineering hours at the engineering work centers' rates */
  engineering: z.number().int(),
  total: z.number().int(),
  marginPercent: z.number().nullable(),
});

export const projectTaskCost = z.object({
  number: z.string(),
  name: z.string(),
  workCenterCode: z.string(),
  estimatedHours: z.number(),
  bookedHours: z.number(),
  done: z.boolean(),
  estimate: z.number().int(),
  actual: z.number().int(),
  remaining: z.number().int(),
});

export const projectCost = z.object({
  projectId: uuid,
  projectNumber: z.string(),
  currency: z.string(),
  /** the order line's net amount, else the quote line's; null without either */
  price: z.number().int().nullable(),
  priceSource: z.enum(['order', 'quote']).nullable(),
  preliminary: projectCostStage.nullable(),
  committed: projectCostStage,
  actual: projectCostStage,
  remaining: projectCostStage.extend({
    /** the part of remaining material that is placeholders still at their estimated cost */
    placeholders: z.number().int(),
  }),
  /** cost-to-complete forecast = actual + remaining */
  forecast: z.object({ total: z.number().int(), marginPercent: z.number().nullable() }),
  tasks: z.array(projectTaskCost),
});
export type ProjectCost = z.infer<typeof projectCost>;

export const similarProjectsQuery = z
  .object({
    itemId: uuid.optional(),
    projectId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .refine((q) => Boolean(q.itemId) !== Boolean(q.projectId), {
    message: 'give exactly one of itemId or projectId',
    path: ['itemId'],
  });

export const similarProject = z.object({
  projectId: uuid,
  projectNumber: z.string(),
  name: z.string(),
  status: z.enum(['quoting', 'active', 'completed', 'cancelled']),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  customerName: z.string(),
  /** 0…1: weighted item family, attributes and BOM overlap */
  score: z.number(),
  reasons: z.array(z.string()),
  engineeringHours: z.number(),
  engineeringAccuracy: z
    .object({
      estimatedHours: z.number(),
      bookedHours: z.number(),
      ratio: z.number().nullable().describe('booked ÷ estimated'),
      tasks: z.number().int(),
    })
    .nullable()
    .describe('its finished design tasks: hours booked against the estimate (null when none is finished)'),
  price: z.number().int().nullable(),
});
export type SimilarProject = z.infer<typeof similarProject>;

export const projectFromPastInput = z.object({
  sourceProjectId: uuid,
  name: z.string().trim().min(1).max(200),
  quoteLineId: uuid.optional(),
  salesOrderLineId: uuid.optional(),
  /** scale the past project's hours by the estimate accuracy of their work center (default true) */
  correctByAccuracy: z.boolean().default(false),
});

export const estimateAccuracyRow = z.object({
  category: z.string(),
  label: z.string(),
  estimate: z.number(),
  actual: z.number(),
  /** actual / estimate; null when nothing was estimated */
  ratio: z.number().nullable(),
  projects: z.number().int(),
  unit: z.enum(['hours', 'money']),
});
export const estimateAccuracy = z.object({
  projects: z.number().int(),
  rows: z.array(estimateAccuracyRow),
});
export type EstimateAccuracy = z.infer<typeof estimateAccuracy>;
