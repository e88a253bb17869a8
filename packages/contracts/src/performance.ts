/**
 * Measurement of the shop floor: OEE (availability × performance × quality) by machine, work
 * center, shift, day or job; stop and scrap Paretos; measured reliability (MTBF, MTTR,
 * availability) beside what the plan assumes; actual vs. planned setup and run times.
 */
import { z } from 'zod';
import { uuid } from './common';

const isoDate = z.iso.date();
const ratio = z.number().nullable().describe('0..1; null when there is nothing to measure');

export const oeeGrouping = z.enum(['machine', 'work-center', 'shift', 'day', 'job']);
export const oeeQuery = z.object({
  from: isoDate.describe('first local date'),
  to: isoDate.describe('last local date (inclusive)'),
  workCenterId: uuid.optional(),
  groupBy: oeeGrouping.default('work-center'),
});
export type OeeQuery = z.infer<typeof oeeQuery>;

export const oeeFigures = z.object({
  plannedMinutes: z.number().describe('planned production time: working time less planned stops'),
  downtimeMinutes: z.number().describe('unplanned stops (micro-stops are a performance loss, not here)'),
  runMinutes: z.number(),
  idealMinutes: z.number().describe('ideal cycle time × total count'),
  totalCount: z.number(),
  goodCount: z.number(),
  availability: ratio,
  performance: ratio,
  quality: ratio,
  oee: ratio,
});
export type OeeFigures = z.infer<typeof oeeFigures>;

export const oeeRow = oeeFigures.extend({ key: z.string(), label: z.string() });

export const stopParetoEntry = z.object({
  reasonCode: z.string().nullable().describe('null: no reason given yet'),
  reasonName: z.string(),
  planned: z.boolean(),
  stops: z.number().int(),
  minutes: z.number(),
});
export const scrapParetoEntry = z.object({
  reasonCode: z.string(),
  reasonName: z.string(),
  quantity: z.number(),
});

export const workCenterReliability = z.object({
  workCenterId: uuid,
  workCenterCode: z.string(),
  workCenterName: z.string(),
  machines: z.number().int(),
  plannedAvailability: z.number().describe('what the plan assumes: nominal MTBF / (MTBF + MTTR)'),
  measuredAvailability: ratio.describe(
    'run time / planned production time, from the stops; null where no machine reported anything',
  ),
  failures: z.number().int().describe('unplanned stops longer than a micro-stop'),
  mtbfMinutes: z.number().nullable().describe('run minutes per failure'),
  mttrMinutes: z.number().nullable().describe('mean minutes to repair'),
  microStops: z.number().int(),
});

export const durationAccuracy = z.object({
  workCenterId: uuid,
  workCenterCode: z.string(),
  operations: z.number().int().describe('finished operations with booked times'),
  plannedRunMinutes: z.number(),
  actualRunMinutes: z.number(),
  plannedSetupMinutes: z.number(),
  actualSetupMinutes: z.number(),
  medianRunRatio: z.number().nullable().describe('actual ÷ planned run time, the median'),
  runSigma: z.number().nullable().describe('lognormal sigma of actual ÷ planned run time'),
  medianSetupRatio: z.number().nullable(),
  setupSigma: z.number().nullable(),
});

export const oeeReport = z.object({
  from: isoDate,
  to: isoDate,
  timeZone: z.string(),
  groupBy: oeeGrouping,
  total: oeeFigures,
  rows: z.array(oeeRow),
  stopPareto: z.array(stopParetoEntry),
  scrapPareto: z.array(scrapParetoEntry),
  reliability: z.array(workCenterReliability),
  durations: z.array(durationAccuracy),
});
export type OeeReport = z.infer<typeof oeeReport>;
