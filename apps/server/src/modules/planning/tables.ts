import type { ScenarioChange, ScenarioResult } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';
import type { LinePromise } from '../sales/tables';

/**
 * Pegging: which supply (stock, a job, a purchase order line or requisition) serves which
 * demand (a sales order line, or a forecast / reorder point for shared stock), and how much.
 * Written by planning in the transaction that creates the supply; read both ways.
 */
export const supplyPegs = pgTable(
  'supply_pegs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** the top-level demand served: a sales order line id, or 'stock:<item id>' for MTS refill */
    demandId: text('demand_id').notNull(),
    salesOrderLineId: uuid('sales_order_line_id'),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    supplyKind: text('supply_kind', {
      enum: ['stock', 'job', 'purchase-requisition', 'purchase-order-line'],
    }).notNull(),
    supplyId: uuid('supply_id'),
    quantity: numeric('quantity').notNull(),
    /** when the demand needs it */
    neededAt: timestamp('needed_at', { withTimezone: true }).notNull(),
    /** when the supply is due */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('supply_pegs_demand_idx').on(t.demandId),
    index('supply_pegs_line_idx').on(t.salesOrderLineId),
    index('supply_pegs_supply_idx').on(t.supplyKind, t.supplyId),
    check('supply_pegs_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/**
 * What-if scenarios: a copy of the live plan with typed changes, re-planned apart from it. The
 * changes, the computed comparison (`result`) and the scenario's planned times (`plan`) are
 * jsonb documents: each is written and read whole, never queried across scenarios (see README).
 */
export const planningScenarios = pgTable(
  'planning_scenarios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    status: text('status', {
      enum: ['draft', 'computing', 'computed', 'adopted', 'discarded', 'failed'],
    })
      .notNull()
      .default('draft'),
    /** the typed changes (contracts `scenarioChange`), in the order they apply */
    changes: jsonb('changes').$type<ScenarioChange[]>().notNull().default([]),
    /** fingerprint of the live plan (and its inputs) the result was computed from */
    baseFingerprint: text('base_fingerprint'),
    /** KPIs live vs scenario, the lines whose completion changes (contracts `scenarioResult`) */
    result: jsonb('result').$type<ScenarioResult>(),
    /** the scenario's planned times of live operations that change, and the lines' new promises */
    plan: jsonb('plan').$type<ScenarioPlanDocument>(),
    error: text('error'),
    runId: uuid('run_id'),
    computeStartedAt: timestamp('compute_started_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    adoptedBy: text('adopted_by'),
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('planning_scenarios_status_idx').on(t.status, t.createdAt)],
);

/** The part of a computed scenario that adopt writes. */
export interface ScenarioPlanDocument {
  writes: { id: string; machineIndex: number; setupStart: string; start: string; end: string }[];
  promises: { lineId: string; promise: LinePromise; becameLate: boolean }[];
}

/**
 * Demand forecasts: how much of an item is expected to be ordered in a period (ATO items: their
 * components are planned to it; MTS items: the item itself). Orders for the item requested in
 * the period consume it (`forecast-demands.ts`).
 */
export const demandForecasts = pgTable(
  'demand_forecasts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    /** first and last local day of the period, inclusive */
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    quantity: numeric('quantity').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('demand_forecasts_item_idx').on(t.itemId, t.periodStart),
    check('demand_forecasts_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
    check('demand_forecasts_quantity_check', sql`${t.quantity} > 0`),
  ],
);
