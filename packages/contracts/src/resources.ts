/** Work centers, calendars, setup matrices and routings: capacity and how items are made. */
import { z } from 'zod';
import { listQuery, patchOf, uuid } from './common';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM');
const isoDate = z.iso.date();
const minutes = z.number().finite().min(0, 'minutes cannot be negative');
const rate = z.number().int().min(0, 'a rate cannot be negative');

export const shiftTime = z.object({ start: hhmm, end: hhmm });
export const weeklyShift = shiftTime.extend({
  weekday: z.number().int().min(1).max(7).describe('ISO weekday, Monday = 1'),
});

export const calendarInput = z.object({
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().min(1).describe('IANA time zone, e.g. Europe/Berlin'),
  shifts: z.array(weeklyShift),
  holidays: z.array(z.object({ date: isoDate, name: z.string().max(100).default('') })).default([]),
  exceptions: z
    .array(
      z.object({
        date: isoDate,
        closed: z.boolean().default(false),
        shifts: z.array(shiftTime).default([]),
        note: z.string().max(200).default(''),
      }),
    )
    .default([]),
});
export const calendar = calendarInput.extend({ id: uuid, version: z.number().int() });
export type Calendar = z.infer<typeof calendar>;
export const updateCalendarBody = patchOf(calendarInput);
export const workingTimeQuery = z.object({
  from: isoDate.describe('first local date'),
  to: isoDate.describe('last local date (inclusive)'),
});
export const workingTime = z.object({
  calendarId: uuid,
  timeZone: z.string(),
  intervals: z.array(z.object({ start: z.string(), end: z.string() })),
  workingMinutes: z.number(),
});
export type WorkingTime = z.infer<typeof workingTime>;

export const setupMatrixInput = z.object({
  name: z.string().trim().min(1).max(100),
  defaultChangeover: minutes.describe('minutes between two families missing from the entries'),
  sameFamily: minutes.default(0),
  initial: minutes.default(0).describe('minutes for the first operation on an idle machine'),
  entries: z.array(z.object({ from: z.string().min(1), to: z.string().min(1), minutes })).default([]),
});
export const setupMatrix = setupMatrixInput.extend({ id: uuid, version: z.number().int() });
export type SetupMatrix = z.infer<typeof setupMatrix>;
export const updateSetupMatrixBody = patchOf(setupMatrixInput);

const costRates = z.object({
  machine: rate.describe('per hour, minor units'),
  labour: rate.describe('per hour, minor units'),
  setup: rate.describe('per hour, minor units'),
  currency: z.string().length(3),
});

export const workCenterInput = z.object({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(100),
  machines: z.number().int().min(1, 'at least one machine').max(500),
  operationsPerMachine: z
    .number()
    .int()
    .min(1, 'at least one operation per machine')
    .max(100)
    .default(1)
    .describe('operations one machine may run at once (a furnace load, a bench with several jobs)'),
  calendarId: uuid,
  efficiency: z.number().gt(0).max(2).default(1).describe('nominal efficiency, 0.85 = 85 %'),
  costRates: costRates.default({ machine: 0, labour: 0, setup: 0, currency: 'EUR' }),
  setupMatrixId: uuid.nullable().default(null),
});
export const workCenter = workCenterInput.extend({
  id: uuid,
  calendarName: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type WorkCenter = z.infer<typeof workCenter>;
export const updateWorkCenterBody = patchOf(workCenterInput.omit({ code: true })).extend({
  active: z.boolean().optional(),
});
export const workCenterListQuery = listQuery;

export const operationInput = z.object({
  number: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'operation number is 1–4 digits, e.g. 010'),
  name: z.string().trim().min(1).max(200),
  workCenterId: uuid,
  alternatives: z
    .array(
      z.object({
        workCenterId: uuid,
        speedFactor: z.number().gt(0).max(10).default(1).describe('1.2 = 20 % faster than the primary'),
      }),
    )
    .default([]),
  setupMinutes: minutes.default(0),
  runMinutesPerUnit: minutes,
  queueMinutes: minutes.default(0),
  moveMinutes: minutes.default(0),
  predecessors: z
    .array(z.string())
    .nullable()
    .default(null)
    .describe('operation numbers that must finish first; null = the previous operation (a chain)'),
  shiftRule: z.enum(['span', 'fit']).default('span'),
  instructions: z.string().max(10_000).default(''),
  drawingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .default(null)
    .describe('link to the drawing the operator works from (http or https)'),
});
export const operation = operationInput.extend({
  id: uuid,
  workCenterCode: z.string(),
  predecessors: z.array(z.string()),
});
export type Operation = z.infer<typeof operation>;

export const routing = z.object({
  id: uuid,
  itemId: uuid,
  revision: z.string(),
  status: z.enum(['draft', 'released', 'obsolete']),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  operations: z.array(operation),
  version: z.number().int(),
});
export type Routing = z.infer<typeof routing>;
export const createRoutingBody = z.object({
  revision: z.string().trim().min(1).max(10).optional(),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
  operations: z.array(operationInput).min(1, 'a routing needs at least one operation'),
});
export const updateRoutingBody = patchOf(createRoutingBody.omit({ revision: true }));
export const releaseRoutingBody = z.object({
  validFrom: isoDate.optional(),
  version: z.number().int().min(1).optional(),
});
