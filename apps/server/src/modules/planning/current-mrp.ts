/**
 * MRP over the plant as it stands: the open order lines against stock, open jobs and purchases,
 * read through planning's own read path (`PlanningService.readPlant` / `mrpInput`), plus what
 * the open jobs still need of their components. The engine explodes only planned orders: an
 * open job is supply for its item, and its own material would otherwise be invisible (every
 * requisition bought for a job would read as "not needed"). So each open job's remaining
 * component need (BOM of its item, or its line's configured structure, phantoms dissolved, less
 * what was issued to it) becomes a demand `job:<job id>:<item id>` due when the consuming
 * operation is scheduled to start. What exceptions and shortages read; writes nothing.
 */
import type { Minutes, MrpDemand, MrpPlan } from '@takt/engine';
import { planMrp, toMinutes } from '@takt/engine';
import type { Db, Tx } from '../../platform/db/database';
import { RuleViolationError } from '../../platform/errors';
import { groupBy } from '../../platform/group-by';
import type { PlanningBomLine } from '../catalog/plant-structure';
import type { DemandLine, PlanningService, PlantReading } from './planning-service';
import type { PlantModel } from './plant-model';

const EPS = 1e-9;
const JOB_DEMAND = 'job:';

export interface CurrentMrpDeps {
  planning: PlanningService;
  /** the unshipped rest of confirmed lines (the sales module's `openDemands`) */
  openDemands(db: Db | Tx): Promise<DemandLine[]>;
  /** material issued to jobs so far (the inventory module) */
  issuedToJobs(db: Db | Tx, jobIds: string[]): Promise<{ jobId: string; itemId: string; quantity: number }[]>;
}

export interface JobComponentDemand {
  id: string;
  jobId: string;
  itemId: string;
  quantity: number;
  need: Minutes;
}

export interface CurrentMrp {
  model: PlantModel;
  plant: PlantReading;
  demands: DemandLine[];
  jobDemands: JobComponentDemand[];
  plan: MrpPlan;
}

/** The job a component demand stands for, or null for an order line or a stock policy. */
export function jobOfDemand(demandId: string): string | null {
  return demandId.startsWith(JOB_DEMAND) ? demandId.slice(JOB_DEMAND.length, JOB_DEMAND.length + 36) : null;
}

/**
 * Runs MRP over the current plant. `orderedOnly` leaves requisitions out of the supply: what
 * stock, jobs and purchase orders cover, and what they do not (shortages).
 */
export async function runCurrentMrp(
  deps: CurrentMrpDeps,
  db: Db | Tx,
  options: { orderedOnly?: boolean; now?: number } = {},
): Promise<CurrentMrp> {
  const { planning } = deps;
  const [plant, demands] = await Promise.all([planning.readPlant(db), deps.openDemands(db)]);
  const model = planning.plantModel(plant.resources, options.now ?? Date.now());
  const issued = await deps.issuedToJobs(
    db,
    plant.jobs.map((j) => j.id),
  );
  const jobDemands = jobComponentDemands(model, plant, demands, issued);
  const input = planning.mrpInput(
    model,
    options.orderedOnly
      ? { ...plant, purchases: plant.purchases.filter((p) => p.kind === 'purchase-order-line') }
      : plant,
    [
      ...demands.map((d) => planning.mrpDemand(model, d)),
      ...jobDemands.map(
        (d): MrpDemand => ({
          id: d.id,
          kind: 'forecast',
          itemId: d.itemId,
          quantity: d.quantity,
          due: d.need,
        }),
      ),
    ],
  );
  const planned = planMrp(input);
  if (!planned.ok)
    throw new RuleViolationError(`planning failed: ${planned.error.message}`, [
      { field: 'plan', rule: planned.error.code, message: planned.error.message },
    ]);
  return { model, plant, demands, jobDemands, plan: planned.value };
}

/**
 * What open jobs still need of their components, by job and item: the job's remaining quantity
 * × quantity per (with the line's scrap) through phantoms, less what was issued to it, needed
 * when the consuming operation (else the job's first operation) is scheduled to set up. Pure.
 */
export function jobComponentDemands(
  model: PlantModel,
  plant: Pick<PlantReading, 'items' | 'bom' | 'jobs' | 'scheduled'>,
  demands: DemandLine[],
  issued: { jobId: string; itemId: string; quantity: number }[],
): JobComponentDemand[] {
  const kindOf = new Map(plant.items.map((i) => [i.id, i.kind]));
  const standard = groupBy(plant.bom, (l) => l.parentItemId);
  const configuredOf = new Map(
    demands.flatMap((d) =>
      d.configured ? [[d.id, groupBy(d.configured.bom, (l) => l.parentItemId)] as const] : [],
    ),
  );
  const issuedOf = new Map(issued.map((r) => [`${r.jobId}|${r.itemId}`, r.quantity]));
  const opsOf = groupBy(plant.scheduled, (o) => o.jobId);
  const out = new Map<string, JobComponentDemand>();
  for (const job of plant.jobs) {
    const ops = opsOf.get(job.id) ?? [];
    const m = (d: Date) => toMinutes(model.originMs, d);
    const first = ops.length > 0 ? Math.min(...ops.map((o) => m(o.plannedSetupStart))) : m(job.due);
    const configured = job.salesOrderLineId ? configuredOf.get(job.salesOrderLineId) : undefined;
    const linesOf = (parent: string) =>
      (configured?.get(parent) as
        | Pick<PlanningBomLine, 'childItemId' | 'quantityPer' | 'scrapFactor' | 'operationNumber'>[]
        | undefined) ??
      standard.get(parent) ??
      [];
    const visit = (parent: string, per: number, operationNumber: string | null, seen: Set<string>) => {
      for (const line of linesOf(parent)) {
        const quantityPer = per * line.quantityPer * (1 + line.scrapFactor);
        const operation = operationNumber ?? line.operationNumber;
        if (kindOf.get(line.childItemId) === 'phantom' && !seen.has(line.childItemId)) {
          visit(line.childItemId, quantityPer, operation, new Set([...seen, line.childItemId]));
          continue;
        }
        const consumer = operation ? ops.find((o) => o.number === operation) : undefined;
        const need = Math.max(model.now, consumer ? m(consumer.plannedSetupStart) : first);
        const id = `${JOB_DEMAND}${job.id}:${line.childItemId}`;
        const e = out.get(id);
        if (e) {
          e.quantity += job.quantity * quantityPer;
          e.need = Math.min(e.need, need);
        } else
          out.set(id, {
            id,
            jobId: job.id,
            itemId: line.childItemId,
            quantity: job.quantity * quantityPer,
            need,
          });
      }
    };
    visit(job.itemId, 1, null, new Set());
  }
  return [...out.values()]
    .map((d) => ({ ...d, quantity: d.quantity - (issuedOf.get(`${d.jobId}|${d.itemId}`) ?? 0) }))
    .filter((d) => d.quantity > EPS)
    .sort((a, b) => a.need - b.need || a.id.localeCompare(b.id));
}
