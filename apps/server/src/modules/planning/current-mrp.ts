/**
 * MRP over the plant as it stands: the open order lines against stock, open jobs and purchases,
 * read through planning's own read path (`PlanningService.readPlant` / `mrpInput`). Open jobs
 * carry what they still need of their components (`job-component-needs.ts`), which the engine
 * nets as dependent demand pegged to the lines the jobs serve; its pegging links name the job
 * (`jobId`), and a job that serves no open line pegs its material to `job:<job id>`. What
 * exceptions and shortages read; writes nothing.
 */
import type { MrpPlan } from '@takt/engine';
import { planMrp } from '@takt/engine';
import type { Db, Tx } from '../../platform/db/database';
import { type DemandLine, mrpFailed, type PlanningService, type PlantReading } from './planning-service';
import type { PlantModel } from './plant-model';

const JOB_DEMAND = 'job:';

export interface CurrentMrpDeps {
  planning: PlanningService;
  /** the unshipped rest of confirmed lines (the sales module's `openDemands`) */
  openDemands(db: Db | Tx): Promise<DemandLine[]>;
}

export interface CurrentMrp {
  model: PlantModel;
  plant: PlantReading;
  demands: DemandLine[];
  plan: MrpPlan;
}

/** The job a peg names (`job:<id>`: material of a job no open line takes), or null for an order line or a stock policy. */
export function jobOfDemand(demandId: string): string | null {
  return demandId.startsWith(JOB_DEMAND) ? demandId.slice(JOB_DEMAND.length) : null;
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
  const input = planning.mrpInput(
    model,
    options.orderedOnly
      ? { ...plant, purchases: plant.purchases.filter((p) => p.kind === 'purchase-order-line') }
      : plant,
    demands.map((d) => planning.mrpDemand(model, d)),
  );
  const planned = planMrp(input);
  if (!planned.ok) throw mrpFailed(planned.error);
  return { model, plant, demands, plan: planned.value };
}
