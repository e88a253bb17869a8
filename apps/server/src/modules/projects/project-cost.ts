/**
 * A project's cost at three stages, the remaining estimate and the cost-to-complete forecast,
 * with the margin against the price at each. It is the order line's cost stages
 * (`CostingService`, the one costing of the plant) with the engineering hours split out of the
 * work: the engineering tasks are operations of the line's job, so costing already counts them
 * as work; this reads those operations to show them apart and to know what is left of them.
 *
 * - preliminary: the line's cost estimate (BOM incl. placeholders at their estimated cost, and
 *   routing) plus the engineering tasks' hours × (machine + labour rate) of their work center;
 * - committed / actual: costing's stages of the line, engineering = the engineering operations
 *   on released (or further) jobs at planned / booked time;
 * - remaining: engineering = open tasks' hours not yet booked × rate; work = the line's jobs not
 *   done, planned cost − booked cost (without engineering); material = placed but not received
 *   (committed − actual) + requisitions pegged to the line at standard cost (placeholders at
 *   their estimate, shown apart). A project still quoting has no plan: remaining = preliminary.
 * - forecast (cost to complete) = actual + remaining.
 * A fixed number of queries, whatever the size of the project; writes nothing.
 */
import type { ProjectCost } from '@takt/contracts';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { marginPercent } from '../costing/cost-stages';
import type { CostingService } from '../costing/service';
import type { PlanningService } from '../planning/planning-service';
import type { ProductionService } from '../production/service';
import { actualOperationCost, plannedOperationCost } from '../production/work-cost-sql';
import { orderLineFacts, quoteLineFacts } from '../sales/line-facts';
import { quoteLines } from '../sales/tables';
import { etoEngineeringTasks, etoProjects } from './tables';

type Stage = ProjectCost['committed'];

/** Job statuses whose work is committed (as in costing's cost-stages). */
const COMMITTED_WORK = new Set(['released', 'in-progress', 'done']);

const stageOf = (price: number | null, material: number, work: number, engineering: number): Stage => {
  const m = Math.round(material);
  const w = Math.round(work);
  const e = Math.round(engineering);
  const total = m + w + e;
  return {
    material: m,
    work: w,
    engineering: e,
    total,
    marginPercent: total > 0 && price !== null ? marginPercent(price, total) : null,
  };
};

export interface EngineeringOperationCost {
  salesOrderLineId: string;
  jobId: string;
  jobStatus: string;
  number: string;
  status: string;
  workCenterId: string;
  workCenterCode: string;
  workCenterName: string;
  /** the task's estimate */
  taskMinutes: number;
  plannedMinutes: number;
  bookedMinutes: number;
  cost: number;
  actualCost: number;
}

/**
 * The engineering operations (those with a task of the line's project) of these lines' jobs, with
 * their planned and booked cost by the formula every job's work cost uses
 * (`production/work-cost-sql.ts`). One query.
 */
export async function engineeringOperationsOfLines(
  db: Db,
  lineIds: string[],
): Promise<EngineeringOperationCost[]> {
  if (lineIds.length === 0) return [];
  const rows = await queryRows<Record<string, string>>(
    db,
    sql`select j.sales_order_line_id as line_id, o.job_id, j.status as job_status, o.number, o.status,
          w.id as work_center_id, w.code as work_center_code, w.name as work_center_name,
          t.planned_minutes::text as task_minutes,
          (o.setup_minutes + o.run_minutes)::text as planned,
          (o.actual_setup_minutes + o.actual_run_minutes)::text as booked,
          ${plannedOperationCost('o', 'w')}::text as cost,
          ${actualOperationCost('o', 'w')}::text as actual_cost
        from job_operations o
        join production_jobs j on j.id = o.job_id
        join work_centers w on w.id = o.work_center_id
        join eto_projects p on p.sales_order_line_id = j.sales_order_line_id
        join eto_engineering_tasks t on t.project_id = p.id and t.number = o.number
        where j.sales_order_line_id in (${sql.join(
          lineIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and j.status <> 'cancelled'
        order by o.number`,
  );
  return rows.map((r) => ({
    salesOrderLineId: r.line_id,
    jobId: r.job_id,
    jobStatus: r.job_status,
    number: r.number,
    status: r.status,
    workCenterId: r.work_center_id,
    workCenterCode: r.work_center_code,
    workCenterName: r.work_center_name,
    taskMinutes: Number(r.task_minutes),
    plannedMinutes: Number(r.planned),
    bookedMinutes: Number(r.booked),
    cost: Number(r.cost),
    actualCost: Number(r.actual_cost),
  }));
}

export class ProjectCostService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      costing: Pick<CostingService, 'ofOrder'>;
      planning: Pick<PlanningService, 'pegsOfLines'>;
      production: Pick<ProductionService, 'workCostOfJobs'>;
    },
  ) {}

  async of(projectId: string): Promise<ProjectCost> {
    const [[project], tasks] = await Promise.all([
      this.db.select().from(etoProjects).where(eq(etoProjects.id, projectId)),
      this.db
        .select({
          number: etoEngineeringTasks.number,
          name: etoEngineeringTasks.name,
          minutes: etoEngineeringTasks.plannedMinutes,
          code: workCenters.code,
          rate: sql<number>`${workCenters.machineRate} + ${workCenters.labourRate}`,
        })
        .from(etoEngineeringTasks)
        .innerJoin(workCenters, eq(workCenters.id, etoEngineeringTasks.workCenterId))
        .where(eq(etoEngineeringTasks.projectId, projectId))
        .orderBy(asc(etoEngineeringTasks.number)),
    ]);
    if (!project) throw new NotFoundError('project', projectId);
    const taskRows = tasks.map((t) => ({
      ...t,
      minutes: Number(t.minutes),
      rate: Number(t.rate),
      estimate: (Number(t.minutes) / 60) * Number(t.rate),
    }));
    const engineeringEstimate = taskRows.reduce((s, t) => s + t.estimate, 0);

    if (!project.salesOrderLineId) return this.ofQuote(project, taskRows, engineeringEstimate);

    const lineId = project.salesOrderLineId;
    const facts = (await orderLineFacts(this.db, [lineId])).get(lineId);
    if (!facts) throw new NotFoundError('sales order line', lineId);
    const [orderCost, pegs, operations] = await Promise.all([
      this.deps.costing.ofOrder(facts.orderId),
      this.deps.planning.pegsOfLines([lineId]),
      engineeringOperationsOfLines(this.db, [lineId]),
    ]);
    const line = orderCost.lines.find((l) => l.lineId === lineId);
    if (!line) throw new NotFoundError('sales order line', lineId);
    const jobPegs = pegs.filter((p) => p.supplyKind === 'job' && p.supplyId);
    const requisitionPegs = pegs.filter((p) => p.supplyKind === 'purchase-requisition');
    const reqItems = [...new Set(requisitionPegs.map((p) => p.itemId))];
    const [jobs, itemRows] = await Promise.all([
      this.deps.production.workCostOfJobs([...new Set(jobPegs.map((p) => p.supplyId as string))]),
      reqItems.length
        ? this.db
            .select({ id: items.id, cost: items.standardCostAmount, placeholder: items.placeholder })
            .from(items)
            .where(inArray(items.id, reqItems))
        : [],
    ]);
    const shareOf = new Map<string, number>();
    for (const p of jobPegs) {
      const job = jobs.get(p.supplyId as string);
      if (job && job.quantity > 0)
        shareOf.set(
          p.supplyId as string,
          Math.min(1, (shareOf.get(p.supplyId as string) ?? 0) + Number(p.quantity) / job.quantity),
        );
    }
    const share = (jobId: string) => shareOf.get(jobId) ?? 1;

    // engineering inside costing's committed and actual work
    let committedEngineering = 0;
    let actualEngineering = 0;
    const engineeringByJob = new Map<string, { cost: number; actual: number }>();
    for (const op of operations) {
      const sum = engineeringByJob.get(op.jobId) ?? { cost: 0, actual: 0 };
      sum.cost += op.cost;
      sum.actual += op.actualCost;
      engineeringByJob.set(op.jobId, sum);
      if (!COMMITTED_WORK.has(op.jobStatus)) continue;
      committedEngineering += op.cost * share(op.jobId);
      actualEngineering += op.actualCost * share(op.jobId);
    }
    committedEngineering = Math.round(committedEngineering);
    actualEngineering = Math.round(actualEngineering);
    const price = facts.netAmount;
    const committed = stageOf(
      price,
      line.committed.material,
      line.committed.work - committedEngineering,
      committedEngineering,
    );
    const actual = stageOf(
      price,
      line.actual.material,
      line.actual.work - actualEngineering,
      actualEngineering,
    );

    // what is left: open engineering, unfinished work, material not yet received or not yet ordered
    const opByNumber = new Map(operations.map((o) => [o.number, o]));
    const taskCosts = taskRows.map((t) => {
      const op = opByNumber.get(t.number);
      const booked = op?.bookedMinutes ?? 0;
      const done = op?.status === 'done';
      const remaining = done ? 0 : (Math.max(0, t.minutes - booked) / 60) * t.rate;
      return {
        number: t.number,
        name: t.name,
        workCenterCode: t.code,
        estimatedHours: t.minutes / 60,
        bookedHours: Math.round((booked / 60) * 100) / 100,
        done,
        estimate: Math.round(t.estimate),
        actual: Math.round(op?.actualCost ?? 0),
        remaining: Math.round(remaining),
      };
    });
    const remainingEngineering = taskCosts.reduce((s, t) => s + t.remaining, 0);
    let remainingWork = 0;
    for (const [jobId, job] of jobs) {
      if (job.status === 'done' || job.status === 'cancelled') continue;
      const eng = engineeringByJob.get(jobId) ?? { cost: 0, actual: 0 };
      remainingWork += share(jobId) * Math.max(0, job.cost - eng.cost - (job.actualCost - eng.actual));
    }
    const itemById = new Map(itemRows.map((i) => [i.id, i]));
    let toOrder = 0;
    let placeholders = 0;
    for (const p of requisitionPegs) {
      const item = itemById.get(p.itemId);
      const value = Number(p.quantity) * (item?.cost ?? 0);
      toOrder += value;
      if (item?.placeholder) placeholders += value;
    }
    const remaining = stageOf(
      price,
      Math.max(0, committed.material - actual.material) + toOrder,
      remainingWork,
      remainingEngineering,
    );
    const forecast = actual.total + remaining.total;
    return {
      projectId: project.id,
      projectNumber: project.number,
      currency: facts.currency,
      price,
      priceSource: 'order',
      preliminary: line.preliminary
        ? stageOf(
            price,
            line.preliminary.material,
            line.preliminary.total - line.preliminary.material,
            engineeringEstimate,
          )
        : null,
      committed,
      actual,
      remaining: { ...remaining, placeholders: Math.round(placeholders) },
      forecast: { total: forecast, marginPercent: forecast > 0 ? marginPercent(price, forecast) : null },
      tasks: taskCosts,
    };
  }

  /** A project still quoting: the quote line's estimate plus the engineering estimate, all of it to come. */
  private async ofQuote(
    project: typeof etoProjects.$inferSelect,
    tasks: { number: string; name: string; code: string; minutes: number; estimate: number }[],
    engineeringEstimate: number,
  ): Promise<ProjectCost> {
    const quoteLineId = project.quoteLineId;
    const [facts, [estimateRow], placeholderRows] = await Promise.all([
      quoteLineFacts(this.db, quoteLineId ? [quoteLineId] : []),
      quoteLineId
        ? this.db
            .select({ estimate: quoteLines.costEstimate })
            .from(quoteLines)
            .where(eq(quoteLines.id, quoteLineId))
        : [],
      // placeholders in the item's released structure (first level) at their estimated cost
      queryRows<{ value: string }>(
        this.db,
        sql`select coalesce(sum(l.quantity_per * c.standard_cost_amount), 0)::text as value
            from boms b join bom_lines l on l.bom_id = b.id join items c on c.id = l.child_item_id
            where b.item_id = ${project.itemId} and b.status = 'released' and c.placeholder`,
      ),
    ]);
    const line = quoteLineId ? facts.get(quoteLineId) : undefined;
    const price = line ? line.netAmount : null;
    const estimate = estimateRow?.estimate ?? null;
    const preliminary = estimate
      ? stageOf(price, estimate.material, estimate.total - estimate.material, engineeringEstimate)
      : stageOf(price, 0, 0, engineeringEstimate);
    const zero = stageOf(price, 0, 0, 0);
    const quantity = line?.quantity ?? 1;
    return {
      projectId: project.id,
      projectNumber: project.number,
      currency: line?.currency ?? estimate?.currency ?? 'EUR',
      price,
      priceSource: line ? 'quote' : null,
      preliminary,
      committed: zero,
      actual: zero,
      remaining: {
        ...preliminary,
        placeholders: Math.round(Number(placeholderRows[0]?.value ?? 0) * quantity),
      },
      forecast: { total: preliminary.total, marginPercent: preliminary.marginPercent },
      tasks: tasks.map((t) => ({
        number: t.number,
        name: t.name,
        workCenterCode: t.code,
        estimatedHours: t.minutes / 60,
        bookedHours: 0,
        done: false,
        estimate: Math.round(t.estimate),
        actual: 0,
        remaining: Math.round(t.estimate),
      })),
    };
  }
}
