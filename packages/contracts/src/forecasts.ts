/**
 * Demand forecasts (GET/POST /api/planning/forecasts, PATCH/DELETE /api/planning/forecasts/:id):
 * how much of an assemble-to-order or make-to-stock item is expected to be ordered in a period.
 * Planning buys and makes an ATO item's components to the forecast (the final assembly waits for
 * the order) and an MTS item itself; orders for the item requested in the period consume it.
 */
import { z } from 'zod';
import { listQuery, uuid } from './common';

const localDate = z.iso.date();

export const forecastInput = z
  .object({
    itemId: uuid,
    periodStart: localDate.describe('first plant-local day of the period'),
    periodEnd: localDate.describe('last plant-local day of the period (inclusive)'),
    quantity: z.number().finite().positive('a forecast needs a quantity above 0'),
    note: z.string().trim().max(500).default(''),
  })
  .refine((f) => f.periodEnd >= f.periodStart, {
    message: 'the period ends before it starts',
    path: ['periodEnd'],
  });
export type ForecastInput = z.infer<typeof forecastInput>;

export const updateForecastBody = z
  .object({
    periodStart: localDate.optional(),
    periodEnd: localDate.optional(),
    quantity: z.number().finite().positive('a forecast needs a quantity above 0').optional(),
    note: z.string().trim().max(500).optional(),
    version: z.number().int().min(1).optional(),
  })
  .refine((f) => !f.periodStart || !f.periodEnd || f.periodEnd >= f.periodStart, {
    message: 'the period ends before it starts',
    path: ['periodEnd'],
  });
export type UpdateForecastBody = z.infer<typeof updateForecastBody>;

export const forecastListQuery = listQuery.omit({ q: true }).extend({
  itemId: uuid.optional(),
  past: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('also periods that have ended (they no longer plan anything)'),
});

export const deleteForecastQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const forecast = z.object({
  id: uuid,
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  strategy: z.enum(['MTS', 'ATO', 'MTO', 'ETO']),
  periodStart: localDate,
  periodEnd: localDate,
  quantity: z.number(),
  /** ordered in the period: confirmed (and later) orders for the item requested in it */
  consumedQuantity: z.number(),
  /** what planning still plans to: the forecast less what orders consumed, 0 once the period ended */
  remainingQuantity: z.number(),
  /** the period has ended: it plans nothing more */
  past: z.boolean(),
  note: z.string(),
  version: z.number().int(),
});
export type Forecast = z.infer<typeof forecast>;

/** What saving a forecast planned: the supply it created (and what it took back). */
export const forecastChange = z.object({
  forecast: forecast.nullable().describe('null after a delete'),
  createdRequisitions: z.array(z.string()),
  createdJobs: z.array(z.string()),
  cancelledRequisitions: z.array(z.string()),
  cancelledJobs: z.array(z.string()),
});
export type ForecastChange = z.infer<typeof forecastChange>;
