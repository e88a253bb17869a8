/**
 * Engineer-to-order projects: the only writer of eto_projects and its phases, milestones,
 * payments and engineering tasks. Every change is one transaction with its audit entry. The
 * project reads what it follows through the owners' read functions: the sold line (sales), the
 * operations of the line's jobs (production) and the purchases pegged to it (planning).
 */
import type {
  EngineeringTaskInput,
  MilestonePatch,
  PaymentPlanInput,
  PhasePatch,
  Project,
  ProjectInput,
  ProjectPatch,
  ProjectPerson,
  ProjectSummary,
} from '@takt/contracts';
import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import {
  type FieldIssue,
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { plantToday } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { users } from '../identity/tables';
import type { PlanningService } from '../planning/planning-service';
import type { ProgressReplanService } from '../planning/progress-replan';
import {
  type EngineeringOperationChange,
  reviseEngineeringOperations,
} from '../production/engineering-operations';
import { type LineOperation, operationsOfLines } from '../production/operations-of-lines';
import { orderLineFacts, quoteLineFacts, type SoldLineFacts } from '../sales/line-facts';
import { customers } from '../sales/tables';
import { engineeringTaskIssues } from './engineering-tasks';
import { paymentPlanIssues, paymentTransition, shareAmounts } from './payment-plan';
import { scheduledPhases } from './phase-schedule';
import { templateMilestones, templatePayments, templatePhases } from './project-template';
import {
  etoEngineeringTasks,
  etoProjectMilestones,
  etoProjectPayments,
  etoProjectPhases,
  etoProjects,
} from './tables';

type ProjectRow = typeof etoProjects.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** orders whose lines can no longer take a project */
const CLOSED_ORDERS = ['cancelled', 'shipped', 'invoiced'];
const ownerUsers = alias(users, 'owner');
const taskOwners = alias(users, 'task_owner');
/** roles of the people who can own a project, a phase or a design task */
const OWNER_ROLES = ['admin', 'sales', 'engineer', 'planner'];
const STARTED = new Set(['setup', 'running', 'paused', 'done']);

export class ProjectService {
  constructor(
    private readonly db: Db,
    private readonly planning: Pick<PlanningService, 'pegsOfLines'>,
    /** re-times the plan after the design in it changed (the plan follows it, like shop-floor progress) */
    private readonly deps: { replan?: (db: Db | Tx) => Pick<ProgressReplanService, 'replan'> } = {},
  ) {}

  /** Active people who can own a project, a phase or a design task. One query. */
  async people(): Promise<ProjectPerson[]> {
    return this.db
      .select({ id: users.id, name: users.name, roles: users.roles })
      .from(users)
      .where(
        and(
          eq(users.active, true),
          sql`${users.roles} && array[${sql.join(
            OWNER_ROLES.map((r) => sql`${r}`),
            sql`, `,
          )}]::text[]`,
        ),
      )
      .orderBy(asc(users.name));
  }

  async list(query: { limit: number; offset: number; q?: string; status?: ProjectRow['status'] }) {
    const where = and(
      query.q
        ? or(
            ilike(etoProjects.number, likePattern(query.q)),
            ilike(etoProjects.name, likePattern(query.q)),
            ilike(customers.name, likePattern(query.q)),
            ilike(items.number, likePattern(query.q)),
          )
        : undefined,
      query.status ? eq(etoProjects.status, query.status) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ project: etoProjects, customerName: customers.name, itemNumber: items.number })
        .from(etoProjects)
        .innerJoin(customers, eq(customers.id, etoProjects.customerId))
        .innerJoin(items, eq(items.id, etoProjects.itemId))
        .where(where)
        .orderBy(desc(etoProjects.createdAt), desc(etoProjects.number))
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ total: count() })
        .from(etoProjects)
        .innerJoin(customers, eq(customers.id, etoProjects.customerId))
        .innerJoin(items, eq(items.id, etoProjects.itemId))
        .where(where),
    ]);
    const ids = rows.map((r) => r.project.id);
    const orderLines = rows.flatMap((r) => (r.project.salesOrderLineId ? [r.project.salesOrderLineId] : []));
    const quoteLines = rows.flatMap((r) => (r.project.quoteLineId ? [r.project.quoteLineId] : []));
    const [phases, milestones, payments, orders, quotes] = await Promise.all([
      ids.length
        ? this.db
            .select()
            .from(etoProjectPhases)
            .where(inArray(etoProjectPhases.projectId, ids))
            .orderBy(asc(etoProjectPhases.position))
        : [],
      ids.length
        ? this.db
            .select()
            .from(etoProjectMilestones)
            .where(inArray(etoProjectMilestones.projectId, ids))
            .orderBy(asc(etoProjectMilestones.position))
        : [],
      ids.length
        ? this.db
            .select({
              projectId: etoProjectPayments.projectId,
              due: sql<string>`coalesce(sum(${etoProjectPayments.amount}) filter (where ${etoProjectPayments.status} = 'due'), 0)`,
            })
            .from(etoProjectPayments)
            .where(inArray(etoProjectPayments.projectId, ids))
            .groupBy(etoProjectPayments.projectId)
        : [],
      orderLineFacts(this.db, orderLines),
      quoteLineFacts(this.db, quoteLines),
    ]);
    const dueBy = new Map(payments.map((p) => [p.projectId, Number(p.due)]));
    const summaries: ProjectSummary[] = rows.map(({ project, customerName, itemNumber }) => {
      const order = project.salesOrderLineId ? orders.get(project.salesOrderLineId) : undefined;
      const quote = project.quoteLineId ? quotes.get(project.quoteLineId) : undefined;
      const line: SoldLineFacts | undefined = order ?? quote;
      const next = milestones.find((m) => m.projectId === project.id && !m.completedAt);
      return {
        id: project.id,
        number: project.number,
        name: project.name,
        status: project.status,
        customerName,
        itemNumber,
        salesOrderId: order?.orderId ?? null,
        salesOrderNumber: order?.orderNumber ?? null,
        quoteNumber: quote ? `${quote.quoteNumber} rev ${quote.revision}` : null,
        currentPhase: phases.find((p) => p.projectId === project.id && p.status !== 'done')?.kind ?? null,
        nextMilestone: next ? { name: next.name, dueDate: next.dueDate } : null,
        promisedDate: line?.promisedDate ?? null,
        orderValue: line ? { amount: line.netAmount, currency: line.currency } : null,
        dueAmount: dueBy.get(project.id) ?? 0,
        version: project.version,
      };
    });
    return { items: summaries, total, limit: query.limit, offset: query.offset };
  }

  /**
   * A project with its phases (people's dates and the plan's), milestones, payments and
   * engineering tasks with the operations planning made of them. Nine queries, whatever its size.
   */
  async get(id: string, db: Db | Tx = this.db): Promise<Project> {
    const [row] = await db
      .select({
        project: etoProjects,
        customerName: customers.name,
        itemNumber: items.number,
        itemName: items.name,
        ownerName: ownerUsers.name,
      })
      .from(etoProjects)
      .innerJoin(customers, eq(customers.id, etoProjects.customerId))
      .innerJoin(items, eq(items.id, etoProjects.itemId))
      .leftJoin(ownerUsers, eq(ownerUsers.id, etoProjects.ownerId))
      .where(eq(etoProjects.id, id));
    if (!row) throw new NotFoundError('project', id);
    const { project } = row;
    const lineIds = project.salesOrderLineId ? [project.salesOrderLineId] : [];
    const [phases, milestones, payments, tasks, orders, quotes, operations, pegs] = await Promise.all([
      db
        .select({ phase: etoProjectPhases, ownerName: users.name })
        .from(etoProjectPhases)
        .leftJoin(users, eq(users.id, etoProjectPhases.ownerId))
        .where(eq(etoProjectPhases.projectId, id))
        .orderBy(asc(etoProjectPhases.position)),
      db
        .select()
        .from(etoProjectMilestones)
        .where(eq(etoProjectMilestones.projectId, id))
        .orderBy(asc(etoProjectMilestones.position)),
      db
        .select()
        .from(etoProjectPayments)
        .where(eq(etoProjectPayments.projectId, id))
        .orderBy(asc(etoProjectPayments.position)),
      db
        .select({
          task: etoEngineeringTasks,
          code: workCenters.code,
          wcName: workCenters.name,
          ownerName: taskOwners.name,
        })
        .from(etoEngineeringTasks)
        .innerJoin(workCenters, eq(workCenters.id, etoEngineeringTasks.workCenterId))
        .leftJoin(taskOwners, eq(taskOwners.id, etoEngineeringTasks.ownerId))
        .where(eq(etoEngineeringTasks.projectId, id))
        .orderBy(asc(etoEngineeringTasks.number)),
      orderLineFacts(db, lineIds),
      quoteLineFacts(db, project.quoteLineId ? [project.quoteLineId] : []),
      operationsOfLines(db, lineIds),
      this.planning.pegsOfLines(lineIds, db),
    ]);
    const order = project.salesOrderLineId ? orders.get(project.salesOrderLineId) : undefined;
    const quote = project.quoteLineId ? quotes.get(project.quoteLineId) : undefined;
    const line: SoldLineFacts | undefined = order ?? quote;
    const taskNumbers = new Set(tasks.map((t) => t.task.number));
    const scheduled = scheduledPhases({
      taskNumbers,
      operations,
      purchaseArrivals: pegs
        .filter((p) => p.supplyKind === 'purchase-requisition' || p.supplyKind === 'purchase-order-line')
        .map((p) => p.dueAt),
      approvalDays: project.approvalDays,
      promise: line?.promise ?? null,
    });
    const opOf = new Map<string, LineOperation>();
    for (const op of operations)
      if (taskNumbers.has(op.number) && !opOf.has(op.number)) opOf.set(op.number, op);
    const milestoneName = new Map(milestones.map((m) => [m.id, m.name]));
    const paymentRows = payments.map((p) => ({
      id: p.id,
      milestoneId: p.milestoneId,
      milestoneName: milestoneName.get(p.milestoneId) ?? '',
      position: p.position,
      label: p.label,
      percent: Number(p.percent),
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      dueAt: iso(p.dueAt),
      invoiceNumber: p.invoiceNumber,
      invoicedAt: iso(p.invoicedAt),
      paidAt: iso(p.paidAt),
      version: p.version,
    }));
    const sumOf = (status?: string) =>
      paymentRows.filter((p) => !status || p.status === status).reduce((s, p) => s + p.amount, 0);
    return {
      id: project.id,
      number: project.number,
      name: project.name,
      description: project.description,
      status: project.status,
      customerId: project.customerId,
      customerName: row.customerName,
      itemId: project.itemId,
      itemNumber: row.itemNumber,
      itemName: row.itemName,
      quoteLineId: project.quoteLineId,
      quoteId: quote?.quoteId ?? null,
      quoteNumber: quote ? `${quote.quoteNumber} rev ${quote.revision}` : null,
      salesOrderLineId: project.salesOrderLineId,
      salesOrderId: order?.orderId ?? null,
      salesOrderNumber: order?.orderNumber ?? null,
      orderStatus: order?.orderStatus ?? quote?.quoteStatus ?? null,
      ownerId: project.ownerId,
      ownerName: row.ownerName ?? null,
      approvalDays: project.approvalDays,
      orderValue: line ? { amount: line.netAmount, currency: line.currency } : null,
      requestedDate: line?.requestedDate ?? null,
      promisedDate: line?.promisedDate ?? null,
      promise: line?.promise ?? null,
      createdAt: project.createdAt.toISOString(),
      version: project.version,
      phases: phases.map(({ phase, ownerName }) => ({
        id: phase.id,
        kind: phase.kind,
        position: phase.position,
        name: phase.name,
        ownerId: phase.ownerId,
        ownerName: ownerName ?? null,
        status: phase.status,
        plannedStart: phase.plannedStart,
        plannedEnd: phase.plannedEnd,
        actualStart: phase.actualStart,
        actualEnd: phase.actualEnd,
        scheduled: scheduled[phase.kind],
        note: phase.note,
        version: phase.version,
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        phaseId: m.phaseId,
        kind: m.kind,
        position: m.position,
        name: m.name,
        dueDate: m.dueDate,
        completedAt: iso(m.completedAt),
        completedBy: m.completedBy,
        version: m.version,
      })),
      payments: paymentRows,
      paymentTotals: {
        percent: Number(paymentRows.reduce((s, p) => s + p.percent, 0).toFixed(4)),
        amount: sumOf(),
        planned: sumOf('planned'),
        due: sumOf('due'),
        invoiced: sumOf('invoiced'),
        paid: sumOf('paid'),
      },
      engineeringTasks: tasks.map(({ task, code, wcName, ownerName }) => {
        const op = opOf.get(task.number);
        return {
          id: task.id,
          number: task.number,
          name: task.name,
          workCenterId: task.workCenterId,
          workCenterCode: code,
          workCenterName: wcName,
          hours: Number(task.plannedMinutes) / 60,
          predecessors: task.predecessors,
          description: task.description,
          ownerId: task.ownerId,
          ownerName: ownerName ?? null,
          operation: op
            ? {
                id: op.id,
                jobId: op.jobId,
                jobNumber: op.jobNumber,
                status: op.status,
                engineer: op.machine,
                plannedStart: iso(op.plannedStart),
                plannedEnd: iso(op.plannedEnd),
                actualStart: iso(op.actualStart),
                actualEnd: iso(op.actualEnd),
                bookedMinutes: op.bookedMinutes,
              }
            : null,
        };
      }),
    };
  }

  /**
   * A new project for an order or quote line of an engineer-to-order item: the standard phases,
   * milestones and payment plan, and the engineering tasks given. From then on every promise of
   * the item (the quote promised again, the order confirmed) plans that design work first.
   */
  async create(
    actor: Actor,
    input: ProjectInput,
    /** a payment plan of another shape than the template (a project started from a past one) */
    options: { payments?: typeof templatePayments } = {},
  ): Promise<Project> {
    const paymentPlan = options.payments ?? templatePayments;
    return this.db.transaction(async (tx) => {
      const line = await this.soldLine(tx, input);
      const [item] = await tx
        .select({ id: items.id, number: items.number, strategy: items.strategy, kind: items.kind })
        .from(items)
        .where(eq(items.id, line.itemId));
      if (item.strategy !== 'ETO' || item.kind !== 'make')
        throw ruleViolation(
          input.salesOrderLineId ? 'salesOrderLineId' : 'quoteLineId',
          'engineer-to-order',
          `${item.number} is not a made engineer-to-order item (strategy ${item.strategy}, ${item.kind}); a project designs an ETO item`,
        );
      const [taken] = await tx
        .select({
          number: etoProjects.number,
          lineTaken: sql<boolean>`${etoProjects.salesOrderLineId} = ${input.salesOrderLineId ?? null}::uuid or ${etoProjects.quoteLineId} = ${input.quoteLineId ?? null}::uuid`,
        })
        .from(etoProjects)
        .where(
          or(
            input.salesOrderLineId ? eq(etoProjects.salesOrderLineId, input.salesOrderLineId) : undefined,
            input.quoteLineId ? eq(etoProjects.quoteLineId, input.quoteLineId) : undefined,
            and(eq(etoProjects.itemId, item.id), inArray(etoProjects.status, ['quoting', 'active'])),
          ),
        )
        .limit(1);
      if (taken)
        throw ruleViolation(
          taken.lineTaken ? (input.salesOrderLineId ? 'salesOrderLineId' : 'quoteLineId') : 'itemId',
          'unique',
          taken.lineTaken
            ? `the line already has project ${taken.number}`
            : `${item.number} is already being designed in project ${taken.number}`,
        );
      const taskIssues = engineeringTaskIssues(input.engineeringTasks, 'engineeringTasks');
      if (taskIssues.length > 0)
        throw new RuleViolationError('the engineering tasks are not a plan', taskIssues);
      await this.checkTaskReferences(tx, input.engineeringTasks, 'engineeringTasks');

      const number = await nextDocumentNumber(tx, 'PRJ');
      const [project] = await tx
        .insert(etoProjects)
        .values({
          number,
          name: input.name,
          customerId: line.customerId,
          itemId: item.id,
          quoteLineId: input.quoteLineId ?? null,
          salesOrderLineId: input.salesOrderLineId ?? null,
          status: input.salesOrderLineId ? 'active' : 'quoting',
          ownerId: input.ownerId ?? null,
          description: input.description,
          approvalDays: input.approvalDays,
        })
        .returning();
      const phases = await tx
        .insert(etoProjectPhases)
        .values(
          templatePhases.map((p, x) => ({
            projectId: project.id,
            kind: p.kind,
            name: p.name,
            position: (x + 1) * 10,
          })),
        )
        .returning({ id: etoProjectPhases.id, kind: etoProjectPhases.kind });
      const phaseId = new Map(phases.map((p) => [p.kind, p.id]));
      const milestones = await tx
        .insert(etoProjectMilestones)
        .values(
          templateMilestones.map((m, x) => ({
            projectId: project.id,
            phaseId: phaseId.get(m.phase) ?? null,
            kind: m.kind,
            name: m.name,
            position: (x + 1) * 10,
          })),
        )
        .returning({ id: etoProjectMilestones.id, kind: etoProjectMilestones.kind });
      const milestoneId = new Map(milestones.map((m) => [m.kind, m.id]));
      const amounts = shareAmounts(
        line.netAmount,
        paymentPlan.map((p) => ({ percent: p.percent, locked: null })),
      );
      await tx.insert(etoProjectPayments).values(
        paymentPlan.map((p, x) => ({
          projectId: project.id,
          milestoneId: milestoneId.get(p.milestone)!,
          position: (x + 1) * 10,
          label: p.label,
          percent: String(p.percent),
          amount: amounts[x],
          currency: line.currency,
        })),
      );
      await this.insertTasks(tx, project.id, input.engineeringTasks);
      const created = await this.get(project.id, tx);
      await recordAudit(tx, actor, {
        entity: 'eto-project',
        entityId: project.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  /** Name, owner, approval time, status; or the order line the quote became (the project becomes active). */
  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Omit<ProjectPatch, 'version'>,
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const project = await this.lockProject(tx, id, version);
      const changes: Partial<typeof etoProjects.$inferInsert> = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.ownerId !== undefined) changes.ownerId = patch.ownerId;
      if (patch.approvalDays !== undefined) changes.approvalDays = patch.approvalDays;
      let status = project.status;
      if (patch.salesOrderLineId !== undefined && patch.salesOrderLineId !== project.salesOrderLineId) {
        if (project.salesOrderLineId)
          throw ruleViolation('salesOrderLineId', 'once', `${project.number} already delivers an order line`);
        const line = (await orderLineFacts(tx, [patch.salesOrderLineId])).get(patch.salesOrderLineId);
        if (!line) throw ruleViolation('salesOrderLineId', 'exists', 'no sales order line with this id');
        if (line.customerId !== project.customerId || line.itemId !== project.itemId)
          throw ruleViolation(
            'salesOrderLineId',
            'same-customer-and-item',
            `order ${line.orderNumber} line ${line.lineNo} is not for the customer and item of ${project.number}`,
          );
        const [other] = await tx
          .select({ number: etoProjects.number })
          .from(etoProjects)
          .where(eq(etoProjects.salesOrderLineId, patch.salesOrderLineId));
        if (other)
          throw ruleViolation('salesOrderLineId', 'unique', `the line already has project ${other.number}`);
        changes.salesOrderLineId = patch.salesOrderLineId;
        if (status === 'quoting') status = 'active';
        await this.reallocatePlanned(tx, id, line.netAmount, line.currency);
      }
      if (patch.status !== undefined && patch.status !== status) {
        const allowed: Record<ProjectRow['status'], ProjectRow['status'][]> = {
          quoting: ['active', 'cancelled'],
          active: ['completed', 'cancelled'],
          completed: [],
          cancelled: [],
        };
        if (!allowed[status].includes(patch.status))
          throw ruleViolation('status', 'transition', `a ${status} project cannot become ${patch.status}`);
        if (patch.status === 'active' && !(changes.salesOrderLineId ?? project.salesOrderLineId))
          throw ruleViolation(
            'status',
            'order-line',
            'a project becomes active with the order line it delivers',
          );
        status = patch.status;
      }
      changes.status = status;
      await tx
        .update(etoProjects)
        .set({ ...changes, version: sql`${etoProjects.version} + 1` })
        .where(eq(etoProjects.id, id));
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'eto-project',
        entityId: id,
        action: 'update',
        before: pick(project, Object.keys(changes)),
        after: changes,
      });
      return after;
    });
  }

  /** People's dates, owner, status and note of a phase; starting or finishing it notes today as actual. */
  async updatePhase(
    actor: Actor,
    projectId: string,
    phaseId: string,
    version: number,
    patch: Omit<PhasePatch, 'version'>,
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const [phase] = await tx
        .select()
        .from(etoProjectPhases)
        .where(and(eq(etoProjectPhases.id, phaseId), eq(etoProjectPhases.projectId, projectId)))
        .for('update');
      if (!phase) throw new NotFoundError('project phase', phaseId);
      if (phase.version !== version)
        throw new VersionConflictError('project phase', phaseId, version, phase.version);
      const next = { ...phase, ...definedOf(patch) };
      const today = await plantToday(tx);
      if (patch.status === 'in-progress' && !next.actualStart) next.actualStart = today;
      if (patch.status === 'done') {
        next.actualEnd ??= today;
        // ISO dates: the earlier of the two
        next.actualStart ??= [next.actualEnd, today].sort()[0];
      }
      const issues: FieldIssue[] = [];
      if (next.plannedStart && next.plannedEnd && next.plannedEnd < next.plannedStart)
        issues.push({
          field: 'plannedEnd',
          rule: 'after-start',
          message: 'the planned end is before the planned start',
        });
      if (next.actualStart && next.actualEnd && next.actualEnd < next.actualStart)
        issues.push({
          field: 'actualEnd',
          rule: 'after-start',
          message: 'the actual end is before the actual start',
        });
      if (issues.length > 0) throw new RuleViolationError('the phase dates do not fit', issues);
      const changes = {
        name: next.name,
        ownerId: next.ownerId,
        status: next.status,
        plannedStart: next.plannedStart,
        plannedEnd: next.plannedEnd,
        actualStart: next.actualStart,
        actualEnd: next.actualEnd,
        note: next.note,
      };
      await tx
        .update(etoProjectPhases)
        .set({ ...changes, version: sql`${etoProjectPhases.version} + 1` })
        .where(eq(etoProjectPhases.id, phaseId));
      await recordAudit(tx, actor, {
        entity: 'eto-project-phase',
        entityId: phaseId,
        action: 'update',
        before: pick(phase, Object.keys(changes)),
        after: changes,
      });
      return this.get(projectId, tx);
    });
  }

  async updateMilestone(
    actor: Actor,
    projectId: string,
    milestoneId: string,
    version: number,
    patch: Omit<MilestonePatch, 'version'>,
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const milestone = await this.lockMilestone(tx, projectId, milestoneId, version);
      const changes = {
        name: patch.name ?? milestone.name,
        dueDate: patch.dueDate !== undefined ? patch.dueDate : milestone.dueDate,
      };
      await tx
        .update(etoProjectMilestones)
        .set({ ...changes, version: sql`${etoProjectMilestones.version} + 1` })
        .where(eq(etoProjectMilestones.id, milestoneId));
      await recordAudit(tx, actor, {
        entity: 'eto-project-milestone',
        entityId: milestoneId,
        action: 'update',
        before: { name: milestone.name, dueDate: milestone.dueDate },
        after: changes,
      });
      return this.get(projectId, tx);
    });
  }

  /** The milestone is reached: its payments become due (their invoices can go out). */
  async completeMilestone(
    actor: Actor,
    projectId: string,
    milestoneId: string,
    version: number,
    completedAt: Date = new Date(),
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const milestone = await this.lockMilestone(tx, projectId, milestoneId, version);
      if (milestone.completedAt)
        throw ruleViolation(
          'completedAt',
          'once',
          `${milestone.name} was completed on ${milestone.completedAt.toISOString()}`,
        );
      await tx
        .update(etoProjectMilestones)
        .set({ completedAt, completedBy: actor.name, version: sql`${etoProjectMilestones.version} + 1` })
        .where(eq(etoProjectMilestones.id, milestoneId));
      const due = await tx
        .update(etoProjectPayments)
        .set({ status: 'due', dueAt: completedAt, version: sql`${etoProjectPayments.version} + 1` })
        .where(and(eq(etoProjectPayments.milestoneId, milestoneId), eq(etoProjectPayments.status, 'planned')))
        .returning({
          id: etoProjectPayments.id,
          label: etoProjectPayments.label,
          amount: etoProjectPayments.amount,
        });
      await recordAudit(tx, actor, {
        entity: 'eto-project-milestone',
        entityId: milestoneId,
        action: 'complete',
        after: { completedAt: completedAt.toISOString(), paymentsDue: due },
      });
      return this.get(projectId, tx);
    });
  }

  /**
   * Replaces the payment plan: the shares add up to 100 % of the order value, each due at one of
   * the project's milestones; invoiced and paid payments stay as they are. A payment whose
   * milestone is already completed is due at once.
   */
  async setPaymentPlan(
    actor: Actor,
    projectId: string,
    version: number,
    input: Omit<PaymentPlanInput, 'version'>,
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const project = await this.lockProject(tx, projectId, version);
      const issues = paymentPlanIssues(input.payments);
      const [milestones, existing] = await Promise.all([
        tx.select().from(etoProjectMilestones).where(eq(etoProjectMilestones.projectId, projectId)),
        tx.select().from(etoProjectPayments).where(eq(etoProjectPayments.projectId, projectId)),
      ]);
      const milestoneById = new Map(milestones.map((m) => [m.id, m]));
      const existingById = new Map(existing.map((p) => [p.id, p]));
      input.payments.forEach((p, x) => {
        if (!milestoneById.has(p.milestoneId))
          issues.push({
            field: `payments.${x}.milestoneId`,
            rule: 'exists',
            message: 'not a milestone of this project',
          });
        if (p.id && !existingById.has(p.id))
          issues.push({
            field: `payments.${x}.id`,
            rule: 'exists',
            message: 'not a payment of this project',
          });
        const old = p.id ? existingById.get(p.id) : undefined;
        if (old && isLocked(old) && (Number(old.percent) !== p.percent || old.milestoneId !== p.milestoneId))
          issues.push({
            field: `payments.${x}.percent`,
            rule: 'invoiced',
            message: `${old.label} is ${old.status}: its share and milestone stay as they are`,
          });
      });
      const kept = new Set(input.payments.flatMap((p) => (p.id ? [p.id] : [])));
      for (const old of existing)
        if (isLocked(old) && !kept.has(old.id))
          issues.push({
            field: 'payments',
            rule: 'invoiced',
            message: `${old.label} is ${old.status} and stays in the plan`,
          });
      if (issues.length > 0) throw new RuleViolationError('the payment plan does not hold', issues);

      const line = await this.lineOf(tx, project);
      const amounts = shareAmounts(
        line?.netAmount ?? 0,
        input.payments.map((p) => {
          const old = p.id ? existingById.get(p.id) : undefined;
          return { percent: p.percent, locked: old && isLocked(old) ? old.amount : null };
        }),
      );
      const currency = line?.currency ?? existing[0]?.currency ?? 'EUR';
      const dropped = existing.filter((p) => !kept.has(p.id)).map((p) => p.id);
      if (dropped.length > 0)
        await tx.delete(etoProjectPayments).where(inArray(etoProjectPayments.id, dropped));
      for (const [x, p] of input.payments.entries()) {
        const old = p.id ? existingById.get(p.id) : undefined;
        const reached = milestoneById.get(p.milestoneId)!.completedAt;
        const status = old && isLocked(old) ? old.status : reached ? 'due' : 'planned';
        const values = {
          projectId,
          milestoneId: p.milestoneId,
          position: (x + 1) * 10,
          label: p.label,
          percent: String(p.percent),
          amount: amounts[x],
          currency,
          status,
          dueAt: status === 'planned' ? null : (old?.dueAt ?? reached),
        };
        if (old)
          await tx
            .update(etoProjectPayments)
            .set({ ...values, version: sql`${etoProjectPayments.version} + 1` })
            .where(eq(etoProjectPayments.id, old.id));
        else await tx.insert(etoProjectPayments).values(values);
      }
      await tx
        .update(etoProjects)
        .set({ version: sql`${etoProjects.version} + 1` })
        .where(eq(etoProjects.id, projectId));
      await recordAudit(tx, actor, {
        entity: 'eto-project',
        entityId: projectId,
        action: 'payment-plan',
        before: existing.map((p) => ({ label: p.label, percent: Number(p.percent), status: p.status })),
        after: input.payments,
      });
      return this.get(projectId, tx);
    });
  }

  /** A due payment was invoiced (by the accounting system, under this number). */
  async invoicePayment(
    actor: Actor,
    projectId: string,
    paymentId: string,
    version: number,
    invoiceNumber: string,
  ) {
    return this.paymentStep(actor, projectId, paymentId, version, 'invoice', {
      invoiceNumber,
      invoicedAt: new Date(),
    });
  }

  /** An invoiced payment was paid. */
  async markPaid(
    actor: Actor,
    projectId: string,
    paymentId: string,
    version: number,
    paidAt: Date = new Date(),
  ) {
    return this.paymentStep(actor, projectId, paymentId, version, 'paid', { paidAt });
  }

  /**
   * Replaces the engineering tasks. Before the order line is planned that is all; once the design
   * is in the plan (operations of the job that makes the item) the job's operations are revised
   * with them: what has not started can be removed or moved to another work center, what is not
   * done re-estimated, new tasks are added, and production waits for the new last tasks. Then the
   * plan is re-timed from the floor's progress and the lines re-promised. One transaction.
   */
  async setEngineeringTasks(
    actor: Actor,
    projectId: string,
    version: number,
    tasks: EngineeringTaskInput[],
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const project = await this.lockProject(tx, projectId, version);
      if (project.status === 'completed' || project.status === 'cancelled')
        throw ruleViolation('status', 'open', `${project.number} is ${project.status}`);
      const issues = engineeringTaskIssues(tasks, 'tasks');
      if (issues.length > 0) throw new RuleViolationError('the engineering tasks are not a plan', issues);
      await this.checkTaskReferences(tx, tasks, 'tasks');
      const current = await tx
        .select()
        .from(etoEngineeringTasks)
        .where(eq(etoEngineeringTasks.projectId, projectId));
      const numbers = new Set(current.map((t) => t.number));
      const planned = project.salesOrderLineId
        ? (await operationsOfLines(tx, [project.salesOrderLineId])).filter((o) => numbers.has(o.number))
        : [];
      if (planned.length > 0) await this.revisePlannedDesign(tx, actor, current, planned, tasks);
      await tx.delete(etoEngineeringTasks).where(eq(etoEngineeringTasks.projectId, projectId));
      await this.insertTasks(tx, projectId, tasks);
      await tx
        .update(etoProjects)
        .set({ version: sql`${etoProjects.version} + 1` })
        .where(eq(etoProjects.id, projectId));
      await recordAudit(tx, actor, {
        entity: 'eto-project',
        entityId: projectId,
        action: 'engineering-tasks',
        before: [...numbers],
        after: tasks,
      });
      if (planned.length > 0) await this.deps.replan?.(tx).replan(actor);
      return this.get(projectId, tx);
    });
  }

  /** The tasks' changes as changes of the design operations on the job, checked against the floor. */
  private async revisePlannedDesign(
    tx: Tx,
    actor: Actor,
    current: (typeof etoEngineeringTasks.$inferSelect)[],
    planned: LineOperation[],
    tasks: EngineeringTaskInput[],
  ) {
    const job = planned[0];
    if (tasks.length === 0)
      throw ruleViolation(
        'tasks',
        'not-empty',
        `the design is in the plan on ${job.jobNumber}: keep at least one task (or cancel the project)`,
      );
    const opOf = new Map(planned.filter((o) => o.jobId === job.jobId).map((o) => [o.number, o]));
    const before = new Map(current.map((t) => [t.number, t]));
    const next = new Set(tasks.map((t) => t.number));
    const issues: FieldIssue[] = [];
    const remove = current.filter((t) => !next.has(t.number)).map((t) => t.number);
    for (const number of remove) {
      const op = opOf.get(number);
      if (op && STARTED.has(op.status))
        issues.push({
          field: 'tasks',
          rule: 'started',
          message: `${number} is ${op.status}: a started task stays (change its hours instead)`,
        });
    }
    const add: EngineeringOperationChange[] = [];
    const update: EngineeringOperationChange[] = [];
    tasks.forEach((task, x) => {
      const change = {
        number: task.number,
        name: task.name,
        workCenterId: task.workCenterId,
        minutes: minutesOf(task.hours),
        predecessors: task.predecessors,
        description: task.description,
      };
      const op = opOf.get(task.number);
      if (!op) {
        add.push(change);
        return;
      }
      const was = before.get(task.number);
      if (op.status === 'done' && was && Number(was.plannedMinutes) !== change.minutes)
        issues.push({
          field: `tasks.${x}.hours`,
          rule: 'done',
          message: `${task.number} is done: its ${Number(was.plannedMinutes) / 60} hours stay`,
        });
      if (STARTED.has(op.status) && op.workCenterId !== task.workCenterId)
        issues.push({
          field: `tasks.${x}.workCenterId`,
          rule: 'started',
          message: `${task.number} is ${op.status} on ${op.workCenterCode}: it stays there`,
        });
      update.push(change);
    });
    if (issues.length > 0)
      throw new RuleViolationError(`the design on ${job.jobNumber} is under way`, issues);
    const waitedFor = new Set(tasks.flatMap((t) => t.predecessors));
    await reviseEngineeringOperations(tx, actor, {
      jobId: job.jobId,
      add,
      update,
      remove,
      gates: tasks.filter((t) => !waitedFor.has(t.number)).map((t) => t.number),
      engineeringNumbers: [...new Set([...before.keys(), ...next])],
    });
  }

  private async paymentStep(
    actor: Actor,
    projectId: string,
    paymentId: string,
    version: number,
    step: 'invoice' | 'paid',
    values: { invoiceNumber?: string; invoicedAt?: Date; paidAt?: Date },
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const [payment] = await tx
        .select()
        .from(etoProjectPayments)
        .where(and(eq(etoProjectPayments.id, paymentId), eq(etoProjectPayments.projectId, projectId)))
        .for('update');
      if (!payment) throw new NotFoundError('project payment', paymentId);
      if (payment.version !== version)
        throw new VersionConflictError('project payment', paymentId, version, payment.version);
      const next = paymentTransition(payment.status, step);
      if (!next.ok)
        throw ruleViolation(
          'status',
          step === 'invoice' ? 'due' : 'invoiced',
          `${payment.label}: ${next.message}`,
        );
      await tx
        .update(etoProjectPayments)
        .set({ ...values, status: next.status, version: sql`${etoProjectPayments.version} + 1` })
        .where(eq(etoProjectPayments.id, paymentId));
      await recordAudit(tx, actor, {
        entity: 'eto-project-payment',
        entityId: paymentId,
        action: step,
        before: { status: payment.status },
        after: { status: next.status, ...values },
      });
      return this.get(projectId, tx);
    });
  }

  /** The order or quote line a new project is for, checked: it exists and is still open. */
  private async soldLine(tx: Tx, input: ProjectInput): Promise<SoldLineFacts> {
    if (input.salesOrderLineId) {
      const line = (await orderLineFacts(tx, [input.salesOrderLineId])).get(input.salesOrderLineId);
      if (!line) throw ruleViolation('salesOrderLineId', 'exists', 'no sales order line with this id');
      if (CLOSED_ORDERS.includes(line.orderStatus))
        throw ruleViolation('salesOrderLineId', 'open', `order ${line.orderNumber} is ${line.orderStatus}`);
      return line;
    }
    const id = input.quoteLineId!;
    const line = (await quoteLineFacts(tx, [id])).get(id);
    if (!line) throw ruleViolation('quoteLineId', 'exists', 'no quote line with this id');
    if (line.quoteStatus !== 'draft' && line.quoteStatus !== 'sent')
      throw ruleViolation(
        'quoteLineId',
        'open',
        `${line.quoteNumber} rev ${line.revision} is ${line.quoteStatus}`,
      );
    return line;
  }

  private async lineOf(db: Db | Tx, project: ProjectRow): Promise<SoldLineFacts | undefined> {
    if (project.salesOrderLineId)
      return (await orderLineFacts(db, [project.salesOrderLineId])).get(project.salesOrderLineId);
    if (project.quoteLineId)
      return (await quoteLineFacts(db, [project.quoteLineId])).get(project.quoteLineId);
    return undefined;
  }

  /** A new order value: the payments not yet due take their shares of it again. */
  private async reallocatePlanned(tx: Tx, projectId: string, value: number, currency: string) {
    const payments = await tx
      .select()
      .from(etoProjectPayments)
      .where(eq(etoProjectPayments.projectId, projectId))
      .orderBy(asc(etoProjectPayments.position));
    const amounts = shareAmounts(
      value,
      payments.map((p) => ({ percent: Number(p.percent), locked: p.status === 'planned' ? null : p.amount })),
    );
    if (payments.length === 0) return;
    await tx.execute(sql`update eto_project_payments p set amount = c.amount, currency = ${currency}
      from jsonb_to_recordset(${JSON.stringify(payments.map((p, x) => ({ id: p.id, amount: amounts[x] })))}::jsonb)
        as c(id uuid, amount integer)
      where p.id = c.id and p.status = 'planned'`);
  }

  /** The owners and work centers the tasks name exist (a 422 at the task's field, not a foreign key error). */
  private async checkTaskReferences(tx: Tx, tasks: EngineeringTaskInput[], field: string) {
    if (tasks.length === 0) return;
    const ownerIds = [...new Set(tasks.flatMap((t) => (t.ownerId ? [t.ownerId] : [])))];
    const [owners, centers] = await Promise.all([
      ownerIds.length
        ? tx.select({ id: users.id }).from(users).where(inArray(users.id, ownerIds))
        : Promise.resolve([]),
      tx
        .select({ id: workCenters.id })
        .from(workCenters)
        .where(inArray(workCenters.id, [...new Set(tasks.map((t) => t.workCenterId))])),
    ]);
    const known = new Set(owners.map((u) => u.id));
    const centerIds = new Set(centers.map((w) => w.id));
    const issues: FieldIssue[] = [];
    tasks.forEach((t, x) => {
      if (t.ownerId && !known.has(t.ownerId))
        issues.push({ field: `${field}.${x}.ownerId`, rule: 'exists', message: 'no user with this id' });
      if (!centerIds.has(t.workCenterId))
        issues.push({
          field: `${field}.${x}.workCenterId`,
          rule: 'exists',
          message: 'no work center with this id',
        });
    });
    if (issues.length > 0) throw new RuleViolationError('the engineering tasks name unknown records', issues);
  }

  private async insertTasks(tx: Tx, projectId: string, tasks: EngineeringTaskInput[]) {
    if (tasks.length === 0) return;
    await tx.insert(etoEngineeringTasks).values(
      tasks.map((t) => ({
        projectId,
        number: t.number,
        name: t.name,
        workCenterId: t.workCenterId,
        plannedMinutes: String(minutesOf(t.hours)),
        predecessors: t.predecessors,
        description: t.description,
        ownerId: t.ownerId ?? null,
      })),
    );
  }

  private async lockProject(tx: Tx, id: string, version: number): Promise<ProjectRow> {
    const [project] = await tx.select().from(etoProjects).where(eq(etoProjects.id, id)).for('update');
    if (!project) throw new NotFoundError('project', id);
    if (project.version !== version) throw new VersionConflictError('project', id, version, project.version);
    return project;
  }

  private async lockMilestone(tx: Tx, projectId: string, milestoneId: string, version: number) {
    const [milestone] = await tx
      .select()
      .from(etoProjectMilestones)
      .where(and(eq(etoProjectMilestones.id, milestoneId), eq(etoProjectMilestones.projectId, projectId)))
      .for('update');
    if (!milestone) throw new NotFoundError('project milestone', milestoneId);
    if (milestone.version !== version)
      throw new VersionConflictError('project milestone', milestoneId, version, milestone.version);
    return milestone;
  }
}

const isLocked = (p: { status: string }) => p.status === 'invoiced' || p.status === 'paid';
/** a task's hours as the minutes stored and planned (two decimals) */
const minutesOf = (hours: number) => Math.round(hours * 60 * 100) / 100;

function definedOf<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pick(row: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
