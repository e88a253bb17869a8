/**
 * The precedences between jobs of the plan: a child job (a sub-assembly or part made for a
 * parent job) must finish before the parent operation that consumes it. The first planning of a
 * line gives the engine these arcs (`buildSupplyRequest`: the child job's last operations before
 * the consuming operation named by the BOM line, else before the parent's first operations);
 * the jobs as stored keep only their own operation order, so every later re-plan (a move on the
 * board, the re-plan from progress, a scenario) rebuilds them here from the same input: the
 * catalog as planning reads it (items, effective BOM lines with phantoms dissolved, a
 * configured line's own structure) and which demands each job serves (its order line and its
 * pegs). A child job is one of the component's item that serves a demand the parent serves.
 *
 * The design gate of an engineer-to-order line is kept the same way (`engineering-work.ts`):
 * while its design is not done, the line's other jobs (those serving that line alone) start
 * their first operations after the design's last unfinished operations plus the customer's
 * approval time, except jobs of parts released early for procurement and what they are made of.
 */
import type { Precedence } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { effectiveBomLines, planningItems } from '../catalog/plant-structure';
import type { ScheduledJobOperation } from '../production/service';
import { type OpenDesign, releasedStructure } from './engineering-work';
import { structureDate } from './job-components';
import { type ConfiguredStructure, planningCatalog, withConfiguredStructure } from './planning-catalog';
import type { DemandLine } from './planning-service';
import { components, type PlanningCatalog } from './supply-request';

type LinkedOperation = Pick<
  ScheduledJobOperation,
  'id' | 'jobId' | 'number' | 'predecessors' | 'itemId' | 'salesOrderLineId'
>;

/**
 * The child-before-parent precedences among these scheduled operations (lag 0, as the first
 * planning has them), in a fixed order. Pure. O(jobs × BOM lines + operations).
 */
export function childJobPrecedences(input: {
  scheduled: LinkedOperation[];
  catalog: Pick<PlanningCatalog, 'items' | 'bomByParent'>;
  /** configured lines' own structures, by order line */
  configured: Map<string, ConfiguredStructure>;
  /** the demands each job serves besides its own order line (its pegs' demand ids) */
  demandsOfJob: Map<string, Set<string>>;
  /** the designs of open projects' lines, whose gate holds the lines' other jobs */
  designs?: OpenDesign[];
}): Precedence[] {
  const opsOf = groupBy(input.scheduled, (o) => o.jobId);
  const jobs = [...opsOf.entries()].map(([jobId, ops]) => {
    const demands = new Set(input.demandsOfJob.get(jobId) ?? []);
    if (ops[0].salesOrderLineId) demands.add(ops[0].salesOrderLineId);
    return { jobId, itemId: ops[0].itemId, lineId: ops[0].salesOrderLineId, ops, demands };
  });
  const jobsOfItem = groupBy(jobs, (j) => j.itemId);
  // routings are not needed here: a configured line's BOM replaces its parents' lines
  const catalog: PlanningCatalog = { ...input.catalog, operationsByItem: new Map() };
  const out: Precedence[] = [];
  const seen = new Set<string>();
  for (const parent of jobs) {
    const configured = parent.lineId ? input.configured.get(parent.lineId) : undefined;
    const seenBy = configured ? withConfiguredStructure(catalog, configured) : catalog;
    for (const line of components(seenBy, parent.itemId)) {
      const children = (jobsOfItem.get(line.childItemId) ?? []).filter(
        (c) => c.jobId !== parent.jobId && [...c.demands].some((d) => parent.demands.has(d)),
      );
      if (children.length === 0) continue;
      // the consuming operation, or the parent's first ones; done operations are not in the plan
      const consumers = line.operationNumber
        ? parent.ops.filter((o) => o.number === line.operationNumber)
        : parent.ops.filter((o) => o.predecessors.length === 0);
      for (const child of children) {
        const used = new Set(child.ops.flatMap((o) => o.predecessors));
        for (const last of child.ops.filter((o) => !used.has(o.number)))
          for (const consumer of consumers) {
            const key = `${last.id}>${consumer.id}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ before: last.id, after: consumer.id });
          }
      }
    }
  }
  for (const design of input.designs ?? []) {
    const lineId = design.salesOrderLineId;
    const numbers = new Set(design.tasks.map((t) => t.number));
    const delivering = jobs.filter((j) => j.itemId === design.itemId && j.demands.has(lineId));
    // the design's last operations still to do: the ones no other design operation waits for
    const gates = delivering.flatMap((j) => {
      const ops = j.ops.filter((o) => numbers.has(o.number));
      const used = new Set(ops.flatMap((o) => o.predecessors));
      return ops.filter((o) => !used.has(o.number));
    });
    if (gates.length === 0) continue;
    const configured = input.configured.get(lineId);
    const seenBy = configured ? withConfiguredStructure(catalog, configured) : catalog;
    const free = releasedStructure(design.releasedItemIds ?? [], (id) => components(seenBy, id));
    for (const job of jobs) {
      if (delivering.includes(job) || free.has(job.itemId)) continue;
      if (job.demands.size === 0 || [...job.demands].some((d) => d !== lineId)) continue;
      for (const first of job.ops.filter((o) => o.predecessors.length === 0))
        for (const gate of gates)
          out.push({ before: gate.id, after: first.id, lag: Math.round(design.approvalMinutes) });
    }
  }
  return out;
}

/**
 * The child-job precedences of the plan as it stands: the catalog as `PlanningService.readPlant`
 * reads it (items, BOM lines effective today), the configured structures of the open lines
 * (`openDemands`), the jobs' pegs and, when given, the open projects' designs (`openDesigns`,
 * the projects module's `EngineeringWorkSource`). Four queries besides those two.
 */
export async function readChildJobPrecedences(
  db: Db | Tx,
  scheduled: LinkedOperation[],
  openDemands: (db: Db | Tx) => Promise<DemandLine[]>,
  openDesigns?: (db: Db | Tx) => Promise<OpenDesign[]>,
): Promise<Precedence[]> {
  if (scheduled.length === 0) return [];
  const jobIds = [...new Set(scheduled.map((o) => o.jobId))];
  // the same day as readPlant's: the BOM the first planning exploded
  const today = structureDate();
  const [items, bom, pegs, demands, designs] = await Promise.all([
    planningItems(db),
    effectiveBomLines(db, today),
    queryRows<{ supply_id: string; demand_id: string }>(
      db,
      sql`select distinct supply_id, demand_id from supply_pegs
          where supply_kind = 'job'
            and supply_id in (select (jsonb_array_elements_text(${JSON.stringify(jobIds)}::jsonb))::uuid)
          order by supply_id, demand_id`,
    ),
    openDemands(db),
    openDesigns ? openDesigns(db) : [],
  ]);
  const demandsOfJob = new Map<string, Set<string>>();
  for (const p of pegs)
    demandsOfJob.set(p.supply_id, (demandsOfJob.get(p.supply_id) ?? new Set()).add(p.demand_id));
  return childJobPrecedences({
    scheduled,
    catalog: planningCatalog(items, bom, []),
    configured: new Map(
      demands.flatMap((d) =>
        d.configured && d.salesOrderLineId ? [[d.salesOrderLineId, d.configured]] : [],
      ),
    ),
    demandsOfJob,
    designs,
  });
}
