/**
 * Pegging both ways, read from `supply_pegs`: every peg names the top-level demand it serves (an
 * order line, or `stock:<item>` for a refill), so the levels between are the BOM's. Down, from
 * an order line: its own item's supply at the top, and under each job the pegs of the same line
 * for the job item's components (phantoms dissolved, a configured line's frozen structure
 * included). Up, from a job, purchase order or requisition: its pegs, then the line's pegged
 * jobs of the parent items, level by level, to the line's own item. Each direction is one
 * recursive query; the documents are named through the sales module's supply description
 * (`OrderSupplyService.describe`), the lines through `SalesOrderService.lineReferences`.
 */
import type { Pegging, PeggingChain, PeggingNode, PeggingQuery, ServedLine } from '@takt/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import type { OrderSupplyService } from '../sales/order-supply';
import type { PlanningService } from './planning-service';
import type { supplyPegs } from './tables';

type PegRow = typeof supplyPegs.$inferSelect;

/** Order lines as people name them, with their promised date (the sales module's `lineReferences`). */
export interface ServedLineLookup {
  lineReferences(lineIds: string[], db?: Db | Tx): Promise<Map<string, ServedLine>>;
}

/** how deep a BOM may nest before the walk stops (a cycle guard besides the path check) */
const MAX_DEPTH = 25;

/**
 * BOM edges parent → child among released (or obsolete, still in use) revisions and the frozen
 * structures of `lines`, phantoms dissolved: a parent reaches the components of its phantoms.
 */
const componentEdges = (lines: SQL) => sql`
  direct(parent, child) as (
    select b.item_id, l.child_item_id from boms b join bom_lines l on l.bom_id = b.id
    where b.status in ('released', 'obsolete')
    union
    select (x->>'parentItemId')::uuid, (x->>'childItemId')::uuid
    from sales_order_lines sl,
         jsonb_array_elements(coalesce(sl.frozen_structure->'configuration'->'structure'->'bom', '[]'::jsonb)) x
    where sl.id in (${lines})
  ),
  reach(parent, child, depth) as (
    select parent, child, 1 from direct
    union all
    select r.parent, d.child, r.depth + 1 from reach r
    join items ph on ph.id = r.child and ph.kind = 'phantom'
    join direct d on d.parent = r.child
    where r.depth < ${MAX_DEPTH}
  ),
  edges(parent, child) as (
    select distinct r.parent, r.child from reach r join items c on c.id = r.child where c.kind <> 'phantom'
  )`;

interface TreeRow {
  peg_id: string;
  parent_peg_id: string | null;
  depth: number;
}

interface ChainRow {
  start_peg_id: string;
  peg_id: string;
  prev_peg_id: string | null;
  depth: number;
}

export class PeggingService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      planning: PlanningService;
      supply: OrderSupplyService;
      lines: ServedLineLookup;
    },
  ) {}

  async pegging(query: PeggingQuery): Promise<Pegging> {
    if (query.salesOrderLineId || query.salesOrderId) return this.down(query);
    return this.up(query);
  }

  /** The supply trees of order lines: one recursive query for the structure. */
  private async down(query: PeggingQuery): Promise<Pegging> {
    const lineRows = await queryRows<{
      id: string;
      item_number: string;
      item_name: string;
      quantity: string;
    }>(
      this.db,
      query.salesOrderLineId
        ? sql`select l.id, i.number as item_number, i.name as item_name, l.quantity from sales_order_lines l
              join items i on i.id = l.item_id where l.id = ${query.salesOrderLineId}`
        : sql`select l.id, i.number as item_number, i.name as item_name, l.quantity from sales_order_lines l
              join items i on i.id = l.item_id where l.order_id = ${query.salesOrderId} order by l.line_no`,
    );
    if (lineRows.length === 0) {
      if (query.salesOrderLineId) throw new NotFoundError('sales order line', query.salesOrderLineId);
      const [order] = await queryRows(
        this.db,
        sql`select 1 from sales_orders where id = ${query.salesOrderId}`,
      );
      if (!order) throw new NotFoundError('sales order', query.salesOrderId ?? '');
    }
    const lineIds = lineRows.map((l) => l.id);
    const lines = lineIds.length
      ? sql.join(
          lineIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )
      : sql`null::uuid`;
    const [structure, pegs, served] = await Promise.all([
      queryRows<TreeRow>(
        this.db,
        sql`with recursive ${componentEdges(lines)},
            tree(peg_id, parent_peg_id, depth, line_id, item_id, supply_kind, path) as (
              select p.id, null::uuid, 0, p.sales_order_line_id, p.item_id, p.supply_kind, array[p.id]
              from supply_pegs p join sales_order_lines sl on sl.id = p.sales_order_line_id and sl.item_id = p.item_id
              where p.sales_order_line_id in (${lines})
              union all
              select c.id, t.peg_id, t.depth + 1, t.line_id, c.item_id, c.supply_kind, t.path || c.id
              from tree t
              join edges e on e.parent = t.item_id
              join supply_pegs c on c.sales_order_line_id = t.line_id and c.item_id = e.child
              where t.supply_kind = 'job' and not c.id = any(t.path) and t.depth < ${MAX_DEPTH}
            )
            select distinct on (peg_id) peg_id, parent_peg_id, depth from tree order by peg_id, depth`,
      ),
      this.deps.planning.pegsOfLines(lineIds),
      this.deps.lines.lineReferences(lineIds),
    ]);
    const described = await this.deps.supply.describe(pegs);
    const place = new Map(structure.map((r) => [r.peg_id, r]));
    const lineOf = new Map(lineRows.map((l) => [l.id, l]));
    const trees = lineIds.flatMap((lineId) => {
      const line = served.get(lineId);
      const row = lineOf.get(lineId);
      if (!line || !row) return [];
      const nodes: PeggingNode[] = described
        .filter((d) => d.salesOrderLineId === lineId)
        .map((d) => {
          // a peg the BOM walk did not reach (a structure changed since) hangs at the top
          const at = place.get(d.pegId);
          return {
            id: d.pegId,
            parentId: at?.parent_peg_id ?? null,
            depth: at?.depth ?? 0,
            ...d.view,
            status: d.status,
            late: isLate(d.view),
          };
        });
      return [
        {
          line: {
            ...line,
            itemNumber: row.item_number,
            itemName: row.item_name,
            quantity: Number(row.quantity),
          },
          nodes: depthFirst(nodes),
        },
      ];
    });
    return { direction: 'down', trees, subject: null, chains: [], lines: [] };
  }

  /** From a job, purchase order or requisition up to the order lines it serves: one recursive query. */
  private async up(query: PeggingQuery): Promise<Pegging> {
    const subject = await this.subject(query);
    const supplyIds = sql.join(
      subject.supplyIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = await queryRows<ChainRow & PegRowSql>(
      this.db,
      sql`with recursive start as (
            select * from supply_pegs where supply_id in (${supplyIds})
          ),
          ${componentEdges(sql`select distinct sales_order_line_id from start where sales_order_line_id is not null`)},
          chain(start_peg_id, peg_id, prev_peg_id, depth, demand_id, item_id, path) as (
            select s.id, s.id, null::uuid, 0, s.demand_id, s.item_id, array[s.id] from start s
            union all
            select c.start_peg_id, p.id, c.peg_id, c.depth + 1, c.demand_id, p.item_id, c.path || p.id
            from chain c
            join edges e on e.child = c.item_id
            join supply_pegs p on p.demand_id = c.demand_id and p.item_id = e.parent and p.supply_kind = 'job'
            where not p.id = any(c.path) and c.depth < ${MAX_DEPTH}
          )
          select c.start_peg_id, c.prev_peg_id, c.depth, p.id as peg_id, p.demand_id, p.sales_order_line_id, p.item_id,
                 p.supply_kind, p.supply_id, p.quantity, p.needed_at, p.due_at
          from chain c join supply_pegs p on p.id = c.peg_id
          order by c.start_peg_id, c.depth`,
    );
    const pegs: PegRow[] = rows.map((r) => ({
      id: r.peg_id,
      demandId: r.demand_id,
      salesOrderLineId: r.sales_order_line_id,
      itemId: r.item_id,
      supplyKind: r.supply_kind,
      supplyId: r.supply_id,
      quantity: String(r.quantity),
      neededAt: new Date(r.needed_at),
      dueAt: new Date(r.due_at),
    }));
    const unique = [...new Map(pegs.map((p) => [p.id, p])).values()];
    const [described, served] = await Promise.all([
      this.deps.supply.describe(unique),
      this.deps.lines.lineReferences(unique.flatMap((p) => (p.salesOrderLineId ? [p.salesOrderLineId] : []))),
    ]);
    const view = new Map(described.map((d) => [d.pegId, d]));
    // one chain per starting peg and way up; a peg whose parent item has two pegged jobs forks
    const chains: PeggingChain[] = [];
    for (const [start, group] of groupRows(rows)) {
      for (const path of pathsUp(group, start)) {
        const top = view.get(path[path.length - 1]);
        if (!top) continue;
        const steps = path.flatMap((id) => {
          const d = view.get(id);
          return d ? [{ ...pick(d.view), late: isLate(d.view) }] : [];
        });
        const lineId = top.salesOrderLineId;
        chains.push({
          steps,
          line: lineId ? (served.get(lineId) ?? null) : null,
          demandId: top.demandId,
        });
      }
    }
    const lines = [
      ...new Map(chains.flatMap((c) => (c.line ? [[c.line.lineId, c.line] as const] : []))).values(),
    ];
    return {
      direction: 'up',
      trees: [],
      subject: { kind: subject.kind, id: subject.id, number: subject.number },
      chains,
      lines: lines.sort((a, b) => a.orderNumber.localeCompare(b.orderNumber) || a.lineNo - b.lineNo),
    };
  }

  private async subject(query: PeggingQuery) {
    if (query.jobId) {
      const [job] = await queryRows<{ id: string; number: string }>(
        this.db,
        sql`select id, number from production_jobs where id = ${query.jobId}`,
      );
      if (!job) throw new NotFoundError('production job', query.jobId);
      return { kind: 'job' as const, id: job.id, number: job.number, supplyIds: [job.id] };
    }
    if (query.purchaseOrderId) {
      const rows = await queryRows<{ number: string; line_id: string | null }>(
        this.db,
        sql`select o.number, l.id as line_id from purchase_orders o
            left join purchase_order_lines l on l.purchase_order_id = o.id where o.id = ${query.purchaseOrderId}`,
      );
      if (rows.length === 0) throw new NotFoundError('purchase order', query.purchaseOrderId);
      const lineIds = rows.flatMap((r) => (r.line_id ? [r.line_id] : []));
      return {
        kind: 'purchase-order' as const,
        id: query.purchaseOrderId,
        number: rows[0].number,
        supplyIds: lineIds.length ? lineIds : [query.purchaseOrderId],
      };
    }
    const id = query.requisitionId ?? '';
    const [req] = await queryRows<{ id: string; number: string; purchase_order_line_id: string | null }>(
      this.db,
      sql`select id, number, purchase_order_line_id from purchase_requisitions where id = ${id}`,
    );
    if (!req) throw new NotFoundError('purchase requisition', id);
    // an ordered requisition's pegs moved to its purchase order line
    return {
      kind: 'purchase-requisition' as const,
      id: req.id,
      number: req.number,
      supplyIds: [req.id, ...(req.purchase_order_line_id ? [req.purchase_order_line_id] : [])],
    };
  }
}

interface PegRowSql {
  demand_id: string;
  sales_order_line_id: string | null;
  item_id: string;
  supply_kind: PegRow['supplyKind'];
  supply_id: string | null;
  quantity: string | number;
  needed_at: string | Date;
  due_at: string | Date;
}

const isLate = (v: { supplyKind: string; neededAt: string; dueAt: string }) =>
  v.supplyKind !== 'stock' && Date.parse(v.dueAt) > Date.parse(v.neededAt);

const pick = (v: {
  itemId: string;
  itemNumber: string;
  supplyKind: PegRow['supplyKind'];
  supplyId: string | null;
  supplyNumber: string | null;
  documentId: string | null;
  quantity: number;
  neededAt: string;
  dueAt: string;
}) => ({
  itemId: v.itemId,
  itemNumber: v.itemNumber,
  supplyKind: v.supplyKind,
  supplyId: v.supplyId,
  supplyNumber: v.supplyNumber,
  documentId: v.documentId,
  quantity: v.quantity,
  neededAt: v.neededAt,
  dueAt: v.dueAt,
});

/** Rows of the upward walk by the peg they started from. */
function groupRows(rows: (ChainRow & PegRowSql)[]) {
  const by = new Map<string, (ChainRow & PegRowSql)[]>();
  for (const r of rows) {
    const list = by.get(r.start_peg_id);
    if (list) list.push(r);
    else by.set(r.start_peg_id, [r]);
  }
  return by;
}

/**
 * The ways up from a starting peg: each row names the peg it was reached from, so the paths are
 * the walks from the start to a peg nothing was reached from (the top of a way up).
 */
function pathsUp(rows: (ChainRow & PegRowSql)[], start: string): string[][] {
  const next = new Map<string, string[]>();
  for (const r of rows)
    if (r.prev_peg_id) {
      const list = next.get(r.prev_peg_id) ?? [];
      if (!list.includes(r.peg_id)) list.push(r.peg_id);
      next.set(r.prev_peg_id, list);
    }
  const paths: string[][] = [];
  const walk = (path: string[]) => {
    const up = next.get(path[path.length - 1]) ?? [];
    if (up.length === 0 || path.length > MAX_DEPTH) paths.push(path);
    for (const id of up) if (!path.includes(id)) walk([...path, id]);
  };
  walk([start]);
  return paths;
}

/** Nodes in depth-first order under their parents, needs first. */
function depthFirst(nodes: PeggingNode[]): PeggingNode[] {
  const children = new Map<string | null, PeggingNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const parent = n.parentId && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(parent === n.parentId ? n : { ...n, parentId: null, depth: 0 });
    children.set(parent, list);
  }
  const out: PeggingNode[] = [];
  const walk = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => a.neededAt.localeCompare(b.neededAt) || a.itemNumber.localeCompare(b.itemNumber),
    );
    for (const n of list) {
      out.push(n);
      walk(n.id);
    }
  };
  walk(null);
  return out;
}
