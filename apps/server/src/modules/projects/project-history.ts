/**
 * Quoting from history: past projects like the one being quoted, a new project started from a
 * past one, and how past estimates compared to what was really spent (so the next quote is
 * corrected). Reads only; starting a project goes through `ProjectService.create` (one
 * transaction). Every read is a fixed number of set-based queries.
 *
 * Similarity of a past project's item to the target item, 0…1:
 *   0.3 × same family + 0.2 × Jaccard of attributes (kind, strategy, unit, family, name words)
 *   + 0.5 × BOM overlap, the larger of the Jaccard over component items and over component families
 *   (each item's BOM: its released revision, else its newest). Below 0.1 it is not listed.
 */
import type { EstimateAccuracy, ProjectInput, SimilarProject } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import { type Db, queryRows } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import type { CostingService } from '../costing/service';
import { orderLineFacts, quoteLineFacts } from '../sales/line-facts';
import { engineeringOperationsOfLines } from './project-cost';
import type { ProjectService } from './project-service';

interface ItemShape {
  id: string;
  number: string;
  name: string;
  family: string | null;
  kind: string;
  strategy: string;
  uom: string;
}

export const jaccard = <T>(a: Set<T>, b: Set<T>): number => {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
};

const attributesOf = (i: ItemShape) =>
  new Set([
    `kind:${i.kind}`,
    `strategy:${i.strategy}`,
    `uom:${i.uom}`,
    ...(i.family ? [`family:${i.family}`] : []),
    ...i.name
      .toLowerCase()
      .split(/[^a-z0-9äöüß]+/)
      .filter((w) => w.length > 2)
      .map((w) => `word:${w}`),
  ]);

/** How alike two items are, with the reasons a person reads. Pure. */
export function similarity(
  target: ItemShape & { components: Set<string>; componentFamilies: Set<string> },
  other: ItemShape & { components: Set<string>; componentFamilies: Set<string> },
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const family = target.family !== null && target.family === other.family ? 1 : 0;
  if (family) reasons.push(`same family ${target.family}`);
  const attributes = jaccard(attributesOf(target), attributesOf(other));
  if (attributes > 0) reasons.push(`attributes ${Math.round(attributes * 100)} % alike`);
  const byItem = jaccard(target.components, other.components);
  const byFamily = jaccard(target.componentFamilies, other.componentFamilies);
  const bom = Math.max(byItem, byFamily);
  if (byItem > 0) {
    const common = [...target.components].filter((c) => other.components.has(c)).length;
    reasons.push(`${common} common components (BOM ${Math.round(byItem * 100)} % overlap)`);
  } else if (byFamily > 0) reasons.push(`component families ${Math.round(byFamily * 100)} % overlap`);
  const score = Math.round((0.3 * family + 0.2 * attributes + 0.5 * bom) * 1000) / 1000;
  return { score, reasons };
}

/** Items with their effective BOM's components (released revision, else the newest). One query. */
async function itemsWithComponents(db: Db, itemIds: string[]) {
  if (itemIds.length === 0)
    return new Map<string, ItemShape & { components: Set<string>; componentFamilies: Set<string> }>();
  const rows = await queryRows<ItemShape & { components: string[] | null; families: string[] | null }>(
    db,
    sql`select i.id, i.number, i.name, i.family, i.kind, i.strategy, i.uom,
          (select array_agg(distinct l.child_item_id::text) from bom_lines l where l.bom_id = b.id) as components,
          (select array_agg(distinct c.family) from bom_lines l join items c on c.id = l.child_item_id
             where l.bom_id = b.id and c.family is not null) as families
        from items i
        left join lateral (select id from boms where item_id = i.id and status <> 'obsolete'
                           order by (status = 'released') desc, revision desc limit 1) b on true
        where i.id in (${sql.join(
          itemIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ...r,
        components: new Set(r.components ?? []),
        componentFamilies: new Set(r.families ?? []),
      },
    ]),
  );
}

const round2 = (n: number) => Math.round(n * 100) / 100;
function accuracyOfLine(a: { estimated: number; booked: number; tasks: number } | undefined) {
  if (!a) return null;
  return {
    estimatedHours: round2(a.estimated),
    bookedHours: round2(a.booked),
    ratio: a.estimated > 0 ? Math.round((a.booked / a.estimated) * 1000) / 1000 : null,
    tasks: a.tasks,
  };
}

/** Below this a project is not like the target (kind and unit alone are no likeness). */
const MIN_SCORE = 0.1;

/** How many past projects a similarity search compares (the newest). */
const CANDIDATES = 500;

export class ProjectHistoryService {
  constructor(
    private readonly db: Db,
    private readonly deps: { projects: ProjectService; costing: Pick<CostingService, 'ofOrders'> },
  ) {}

  async similar(query: { itemId?: string; projectId?: string; limit: number }): Promise<SimilarProject[]> {
    let itemId = query.itemId;
    if (query.projectId) {
      const [p] = await queryRows<{ item_id: string }>(
        this.db,
        sql`select item_id from eto_projects where id = ${query.projectId}`,
      );
      if (!p) throw new NotFoundError('project', query.projectId);
      itemId = p.item_id;
    }
    const candidates = await queryRows<{
      id: string;
      number: string;
      name: string;
      status: SimilarProject['status'];
      item_id: string;
      customer_name: string;
      sales_order_line_id: string | null;
      quote_line_id: string | null;
      minutes: string;
    }>(
      this.db,
      sql`select p.id, p.number, p.name, p.status, p.item_id, c.name as customer_name,
            p.sales_order_line_id, p.quote_line_id,
            (select coalesce(sum(t.planned_minutes), 0) from eto_engineering_tasks t where t.project_id = p.id)::text as minutes
          from eto_projects p join customers c on c.id = p.customer_id
          where p.status <> 'cancelled' and p.id is distinct from ${query.projectId ?? null}::uuid
          order by p.created_at desc limit ${CANDIDATES}`,
    );
    const shapes = await itemsWithComponents(this.db, [
      itemId as string,
      ...candidates.map((c) => c.item_id),
    ]);
    const target = shapes.get(itemId as string);
    if (!target) throw new NotFoundError('item', itemId as string);
    const orderLineIds = candidates.flatMap((c) => (c.sales_order_line_id ? [c.sales_order_line_id] : []));
    const [orders, quotes, design] = await Promise.all([
      orderLineFacts(this.db, orderLineIds),
      quoteLineFacts(
        this.db,
        candidates.flatMap((c) => (c.quote_line_id ? [c.quote_line_id] : [])),
      ),
      engineeringOperationsOfLines(this.db, orderLineIds),
    ]);
    // how well each past project's design hours were estimated: its finished tasks
    const accuracyOf = new Map<string, { estimated: number; booked: number; tasks: number }>();
    for (const op of design) {
      if (op.status !== 'done') continue;
      const a = accuracyOf.get(op.salesOrderLineId) ?? { estimated: 0, booked: 0, tasks: 0 };
      a.estimated += op.taskMinutes / 60;
      a.booked += op.bookedMinutes / 60;
      a.tasks++;
      accuracyOf.set(op.salesOrderLineId, a);
    }
    return candidates
      .map((c): SimilarProject => {
        const item = shapes.get(c.item_id)!;
        const { score, reasons } = similarity(target, item);
        const line =
          (c.sales_order_line_id ? orders.get(c.sales_order_line_id) : undefined) ??
          (c.quote_line_id ? quotes.get(c.quote_line_id) : undefined);
        return {
          projectId: c.id,
          projectNumber: c.number,
          name: c.name,
          status: c.status,
          itemId: c.item_id,
          itemNumber: item.number,
          itemName: item.name,
          customerName: c.customer_name,
          score,
          reasons,
          engineeringHours: Number(c.minutes) / 60,
          engineeringAccuracy: accuracyOfLine(
            c.sales_order_line_id ? accuracyOf.get(c.sales_order_line_id) : undefined,
          ),
          price: line?.netAmount ?? null,
        };
      })
      .filter((s) => s.score >= MIN_SCORE)
      .sort((a, b) => b.score - a.score || a.projectNumber.localeCompare(b.projectNumber))
      .slice(0, query.limit);
  }

  /**
   * A new project for a quote or order line, started from a past project: its description,
   * approval days, engineering tasks (hours optionally corrected by the estimate accuracy of
   * their work center) and payment plan shares (by milestone kind). One transaction.
   */
  async fromPast(
    actor: Actor,
    input: {
      sourceProjectId: string;
      name: string;
      quoteLineId?: string;
      salesOrderLineId?: string;
      correctByAccuracy: boolean;
    },
  ) {
    const source = await this.deps.projects.get(input.sourceProjectId);
    if (Boolean(input.quoteLineId) === Boolean(input.salesOrderLineId))
      throw ruleViolation('quoteLineId', 'one-of', 'give exactly one of quoteLineId or salesOrderLineId');
    const ratio = new Map<string, number>();
    if (input.correctByAccuracy) {
      const accuracy = await this.accuracy();
      for (const row of accuracy.rows)
        if (row.category.startsWith('engineering:') && row.ratio !== null)
          ratio.set(row.category.slice('engineering:'.length), row.ratio);
    }
    const milestoneKind = new Map(source.milestones.map((m) => [m.id, m.kind]));
    const projectInput: ProjectInput = {
      name: input.name,
      quoteLineId: input.quoteLineId,
      salesOrderLineId: input.salesOrderLineId,
      description: source.description,
      approvalDays: source.approvalDays,
      engineeringTasks: source.engineeringTasks.map((t) => ({
        number: t.number,
        name: t.name,
        workCenterId: t.workCenterId,
        hours: Math.round(t.hours * (ratio.get(t.workCenterId) ?? 1) * 100) / 100,
        predecessors: t.predecessors,
        description: t.description,
      })),
    } as ProjectInput;
    // the past plan's shares by milestone kind (a past project without a plan takes the template)
    return this.deps.projects.create(actor, projectInput, {
      payments:
        source.payments.length > 0
          ? source.payments.map((p) => ({
              label: p.label,
              percent: p.percent,
              milestone: milestoneKind.get(p.milestoneId) ?? 'order',
            }))
          : undefined,
    });
  }

  /**
   * Estimate accuracy by category over completed and progressed projects: engineering hours per
   * work center (booked ÷ estimated, over finished engineering operations), material and
   * production work (actual ÷ preliminary, over completed projects' order lines).
   */
  async accuracy(): Promise<EstimateAccuracy> {
    const projects = await queryRows<{ id: string; status: string; line: string | null }>(
      this.db,
      sql`select id, status, sales_order_line_id as line from eto_projects
          where status in ('active', 'completed') and sales_order_line_id is not null`,
    );
    const lineIds = projects.map((p) => p.line as string);
    const [engineering, facts] = await Promise.all([
      engineeringOperationsOfLines(this.db, lineIds),
      orderLineFacts(this.db, lineIds),
    ]);
    // engineering hours per work center, finished operations only
    const byCenter = new Map<
      string,
      { label: string; estimate: number; actual: number; projects: Set<string> }
    >();
    for (const op of engineering) {
      if (op.status !== 'done') continue;
      const row = byCenter.get(op.workCenterId) ?? {
        label: `${op.workCenterCode} ${op.workCenterName} hours`,
        estimate: 0,
        actual: 0,
        projects: new Set<string>(),
      };
      row.estimate += op.taskMinutes / 60;
      row.actual += op.bookedMinutes / 60;
      row.projects.add(op.salesOrderLineId);
      byCenter.set(op.workCenterId, row);
    }
    // material and production work of completed projects, from costing's stages
    const completedLines = new Set(
      projects.filter((p) => p.status === 'completed').map((p) => p.line as string),
    );
    const orders = new Map<string, Parameters<CostingService['ofOrders']>[0][number]>();
    for (const line of completedLines) {
      const f = facts.get(line);
      if (f)
        orders.set(f.orderId, {
          id: f.orderId,
          number: f.orderNumber,
          customerName: f.customerName,
          status: f.orderStatus,
          currency: f.currency,
        });
    }
    const costs = await this.deps.costing.ofOrders([...orders.values()]);
    const engActualOf = new Map<string, number>();
    for (const op of engineering) {
      engActualOf.set(op.salesOrderLineId, (engActualOf.get(op.salesOrderLineId) ?? 0) + op.actualCost);
    }
    const material = { estimate: 0, actual: 0, projects: 0 };
    const work = { estimate: 0, actual: 0, projects: 0 };
    for (const order of costs)
      for (const line of order.lines) {
        if (!completedLines.has(line.lineId) || !line.preliminary) continue;
        material.estimate += line.preliminary.material;
        material.actual += line.actual.material;
        material.projects++;
        work.estimate += line.preliminary.work;
        work.actual += Math.max(0, line.actual.work - (engActualOf.get(line.lineId) ?? 0));
        work.projects++;
      }
    const ratioOf = (a: number, e: number) => (e > 0 ? Math.round((a / e) * 1000) / 1000 : null);
    const rows: EstimateAccuracy['rows'] = [
      ...[...byCenter.entries()].map(([id, r]) => ({
        category: `engineering:${id}`,
        label: r.label,
        estimate: Math.round(r.estimate * 100) / 100,
        actual: Math.round(r.actual * 100) / 100,
        ratio: ratioOf(r.actual, r.estimate),
        projects: r.projects.size,
        unit: 'hours' as const,
      })),
      {
        category: 'material',
        label: 'Material',
        estimate: material.estimate,
        actual: material.actual,
        ratio: ratioOf(material.actual, material.estimate),
        projects: material.projects,
        unit: 'money',
      },
      {
        category: 'machining',
        label: 'Machining and assembly work',
        estimate: work.estimate,
        actual: Math.round(work.actual),
        ratio: ratioOf(work.actual, work.estimate),
        projects: work.projects,
        unit: 'money',
      },
    ];
    return { projects: projects.length, rows };
  }
}
