import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { boms } from '../catalog/tables/boms';
import { items } from '../catalog/tables/items';
import { routings } from '../catalog/tables/routings';
import { users } from '../identity/tables';
import { etoProjects } from '../projects/tables';
import { salesOrderLines } from '../sales/tables';

export const engineeringChangeStatuses = [
  'requested',
  'approved',
  'rejected',
  'implemented',
  'cancelled',
] as const;

/**
 * An engineering change order (ECO-000001): a proposed new revision of an item's BOM (and
 * optionally its routing) with its reason, who asked for it, the impact last computed, the price
 * of a customer-requested change, and who approved and implemented it.
 */
export const engineeringChanges = pgTable(
  'engineering_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    projectId: uuid('project_id').references(() => etoProjects.id),
    /** the customer's order line a customer-requested change is priced on */
    salesOrderLineId: uuid('sales_order_line_id').references(() => salesOrderLines.id),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    requestedBy: text('requested_by', { enum: ['customer', 'internal'] }).notNull(),
    status: text('status', { enum: engineeringChangeStatuses }).notNull().default('requested'),
    /** the revision the change starts from (released when requested), null for a first BOM */
    baseBomId: uuid('base_bom_id').references(() => boms.id),
    /** the draft revision that implementing releases */
    proposedBomId: uuid('proposed_bom_id')
      .notNull()
      .references(() => boms.id),
    proposedRoutingId: uuid('proposed_routing_id').references(() => routings.id),
    /** the line changes as requested, kept for the record */
    lineChanges: jsonb('line_changes'),
    /** the last impact analysis computed (recomputed before approval and implementation) */
    impact: jsonb('impact'),
    analysedAt: timestamp('analysed_at', { withTimezone: true }),
    /** pricing of a customer-requested change, minor units */
    costDeltaAmount: integer('cost_delta_amount'),
    marginPercent: numeric('margin_percent'),
    priceDeltaAmount: integer('price_delta_amount'),
    currency: text('currency'),
    requestedById: uuid('requested_by_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('engineering_changes_item_idx').on(t.itemId),
    index('engineering_changes_status_idx').on(t.status),
    index('engineering_changes_project_idx').on(t.projectId),
  ],
);

/** The history of an ECO: every status transition (and pricing), who and when. Append-only. */
export const engineeringChangeEvents = pgTable(
  'engineering_change_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    changeId: uuid('change_id')
      .notNull()
      .references(() => engineeringChanges.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    detail: jsonb('detail'),
  },
  (t) => [index('engineering_change_events_change_idx').on(t.changeId, t.at)],
);

/**
 * A release of (part of) a draft BOM for procurement: the lines released become a new released
 * revision, so long-lead items are planned and bought before the whole design is done.
 */
export const bomReleases = pgTable(
  'bom_releases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    draftBomId: uuid('draft_bom_id')
      .notNull()
      .references(() => boms.id),
    releasedBomId: uuid('released_bom_id')
      .notNull()
      .references(() => boms.id),
    scope: text('scope', { enum: ['partial', 'full'] }).notNull(),
    /** positions of the draft's lines released by this release */
    positions: jsonb('positions').notNull(),
    projectId: uuid('project_id').references(() => etoProjects.id),
    note: text('note'),
    releasedById: uuid('released_by_id').references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('bom_releases_item_idx').on(t.itemId, t.releasedAt),
    index('bom_releases_draft_idx').on(t.draftBomId),
    check('bom_releases_positions_check', sql`jsonb_typeof(${t.positions}) = 'array'`),
  ],
);
