import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { users } from '../identity/tables';
import { customers, salesOrderLines } from '../sales/tables';

/**
 * An engineer-to-order project: the product is designed after (or while) it is sold. The project
 * starts from a quote line or a sales order line and owns the item being designed (strategy ETO),
 * whose BOM grows in revisions during design (engineering module).
 */
export const etoProjects = pgTable(
  'eto_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    name: text('name').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    /**
     * the quote line it was quoted on; no foreign key: re-promising a quote writes its lines again
     * under the same ids (a revision gets new lines; the project is then linked to the new one)
     */
    quoteLineId: uuid('quote_line_id'),
    salesOrderLineId: uuid('sales_order_line_id').references(() => salesOrderLines.id),
    status: text('status', { enum: ['quoting', 'active', 'completed', 'cancelled'] })
      .notNull()
      .default('quoting'),
    ownerId: uuid('owner_id').references(() => users.id),
    /** what is being built, in the customer's words (the specification's summary) */
    description: text('description').notNull().default(''),
    /** calendar days the customer takes to approve the design: the plan's wait between design and production */
    approvalDays: integer('approval_days').notNull().default(10),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('eto_projects_sales_order_line_idx').on(t.salesOrderLineId),
    index('eto_projects_item_idx').on(t.itemId),
    index('eto_projects_customer_idx').on(t.customerId),
    // one project per order line and per quote line; one open project designs an item
    uniqueIndex('eto_projects_sales_order_line_unique').on(t.salesOrderLineId),
    uniqueIndex('eto_projects_quote_line_unique').on(t.quoteLineId),
    uniqueIndex('eto_projects_open_item_unique')
      .on(t.itemId)
      .where(sql`${t.status} in ('quoting', 'active')`),
    check('eto_projects_approval_days_check', sql`${t.approvalDays} >= 0`),
  ],
);

export const projectPhaseKinds = [
  'specification',
  'design',
  'approval',
  'procurement',
  'production',
  'delivery',
] as const;

/**
 * A phase of a project (specification and quote, design and engineering, approval, procurement,
 * production, delivery and commissioning): the dates people set, and the actual ones. The dates
 * the plan knows (engineering operations, jobs, purchases) are read from the plan, not stored.
 */
export const etoProjectPhases = pgTable(
  'eto_project_phases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => etoProjects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: projectPhaseKinds }).notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    status: text('status', { enum: ['not-started', 'in-progress', 'done'] })
      .notNull()
      .default('not-started'),
    plannedStart: date('planned_start'),
    plannedEnd: date('planned_end'),
    actualStart: date('actual_start'),
    actualEnd: date('actual_end'),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('eto_project_phases_kind_unique').on(t.projectId, t.kind),
    check(
      'eto_project_phases_dates_check',
      sql`(${t.plannedEnd} is null or ${t.plannedStart} is null or ${t.plannedEnd} >= ${t.plannedStart}) and (${t.actualEnd} is null or ${t.actualStart} is null or ${t.actualEnd} >= ${t.actualStart})`,
    ),
  ],
);

export const milestoneKinds = [
  'order',
  'design-review',
  'customer-approval',
  'fat',
  'delivery',
  'commissioning',
  'other',
] as const;

/** A milestone of a project: due on a date, completed once; completing it makes its payments due. */
export const etoProjectMilestones = pgTable(
  'eto_project_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => etoProjects.id, { onDelete: 'cascade' }),
    phaseId: uuid('phase_id').references(() => etoProjectPhases.id),
    kind: text('kind', { enum: milestoneKinds }).notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    dueDate: date('due_date'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: text('completed_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('eto_project_milestones_project_idx').on(t.projectId, t.position)],
);

/**
 * One payment of a project's payment plan: a share of the order value, invoiced when its
 * milestone completes (planned → due → invoiced → paid). The invoice itself is the accounting
 * system's; the plan keeps its number and dates.
 */
export const etoProjectPayments = pgTable(
  'eto_project_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => etoProjects.id, { onDelete: 'cascade' }),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => etoProjectMilestones.id),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    percent: numeric('percent').notNull(),
    /** minor units of `currency`: the share of the order value (the last payment takes the rounding rest) */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['planned', 'due', 'invoiced', 'paid'] })
      .notNull()
      .default('planned'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    invoiceNumber: text('invoice_number'),
    invoicedAt: timestamp('invoiced_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('eto_project_payments_project_idx').on(t.projectId, t.position),
    index('eto_project_payments_milestone_idx').on(t.milestoneId),
    check('eto_project_payments_percent_check', sql`${t.percent} > 0 and ${t.percent} <= 100`),
  ],
);

/**
 * The design work of a project as engineers estimate it: each task is work content on an
 * engineering work center (its machines are the engineers, with their calendar). Planning makes
 * them operations of the project item's job, scheduled on finite capacity before production.
 */
export const etoEngineeringTasks = pgTable(
  'eto_engineering_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => etoProjects.id, { onDelete: 'cascade' }),
    /** the operation number on the job: E010, E020, ... */
    number: text('number').notNull(),
    name: text('name').notNull(),
    workCenterId: uuid('work_center_id')
      .notNull()
      .references(() => workCenters.id),
    /** work content in minutes (hours × 60) */
    plannedMinutes: numeric('planned_minutes').notNull(),
    /** task numbers of the same project that must finish first */
    predecessors: text('predecessors').array().notNull(),
    description: text('description').notNull().default(''),
    /** who answers for the task; the engineer who does it is the machine the plan puts it on */
    ownerId: uuid('owner_id').references(() => users.id),
  },
  (t) => [
    uniqueIndex('eto_engineering_tasks_number_unique').on(t.projectId, t.number),
    check('eto_engineering_tasks_minutes_check', sql`${t.plannedMinutes} > 0`),
  ],
);
