/**
 * What open jobs still need of their components, as MRP nets it (`MrpSupply.components`), and
 * the one definition of a job's components it rests on (`jobComponentLines`), which the shop
 * floor's material list reads too (`production/job-material.ts`, through `job-components.ts`):
 * the BOM of the job's item in force (an engineering change released since counts), or the job's
 * order line's configured structure, phantoms dissolved, each line's quantity per with its scrap,
 * for the whole job less what was issued to it, but never more than its remaining quantity needs
 * (a plant that books no issues still needs nothing for the parts already made). The quantity is
 * the shop floor's: the item's own yield loss is not added, so a job whose material was issued as
 * listed needs nothing more. Needed when the consuming operation is scheduled to set up, else
 * when the job's first open operation is, never before now. Pure.
 */
import type { Minutes, MrpBomLine, MrpDemand, MrpJobComponent } from '@takt/engine';
import { toMinutes } from '@takt/engine';
import { groupBy } from '../../platform/group-by';
import type { OpenJobSupply, ScheduledJobOperation } from '../production/service';

const EPS = 1e-9;

/** Material issued to a job so far, per item (the inventory module's `issuedToJobs`). */
export interface IssuedToJob {
  jobId: string;
  itemId: string;
  quantity: number;
}

export interface JobComponentPlant {
  items: { id: string; kind: 'make' | 'buy' | 'phantom' }[];
  /** the standard BOM in force, as MRP reads it */
  bom: MrpBomLine[];
  jobs: OpenJobSupply[];
  scheduled: Pick<ScheduledJobOperation, 'jobId' | 'number' | 'plannedSetupStart'>[];
  issued: IssuedToJob[];
}

/** A component of a job's item as the job consumes it, phantoms dissolved. */
export interface JobComponentLine {
  itemId: string;
  /** per unit of the job's item with the quantities and scrap of the phantoms above it, without its own line's scrap */
  quantityPer: number;
  /** its own BOM line's scrap factor */
  scrapFactor: number;
  /** the job's routing operation that consumes it (a phantom's line's operation, else its own line's) */
  operationNumber: string | null;
}

/**
 * The components of a job of `itemId`, BOM line by BOM line: `linesOf(parent)` is the structure
 * the job is built to (a configured line's own, else the BOM in force), a phantom's lines stand
 * in for it. O(lines of the exploded phantoms).
 */
export function jobComponentLines(
  itemId: string,
  linesOf: (parentId: string) => readonly MrpBomLine[],
  kindOf: ReadonlyMap<string, 'make' | 'buy' | 'phantom'>,
): JobComponentLine[] {
  const out: JobComponentLine[] = [];
  const visit = (parent: string, factor: number, operation: string | undefined, seen: Set<string>) => {
    for (const line of linesOf(parent)) {
      const consumedBy = operation ?? line.operationId;
      if (kindOf.get(line.childId) === 'phantom' && !seen.has(line.childId)) {
        const through = factor * line.quantityPer * (1 + (line.scrapFactor ?? 0));
        visit(line.childId, through, consumedBy, new Set([...seen, line.childId]));
        continue;
      }
      out.push({
        itemId: line.childId,
        quantityPer: factor * line.quantityPer,
        scrapFactor: line.scrapFactor ?? 0,
        operationNumber: consumedBy ?? null,
      });
    }
  };
  visit(itemId, 1, undefined, new Set([itemId]));
  return out;
}

/** The structure a job is built to: its configured line's own, else the standard BOM in force. */
export function jobStructure(
  standard: ReadonlyMap<string, readonly MrpBomLine[]>,
  configured: ReadonlyMap<string, readonly MrpBomLine[]> | undefined,
): (parentId: string) => readonly MrpBomLine[] {
  return (parent) => configured?.get(parent) ?? standard.get(parent) ?? [];
}

/**
 * Each open job's remaining component need, by job id (jobs that need nothing more are left
 * out). `demands` are the MRP demands of the run: a configured order line's `bom` is the
 * structure its jobs are built to.
 */
export function jobComponentNeeds(
  model: { originMs: number; now: Minutes },
  plant: JobComponentPlant,
  demands: MrpDemand[],
): Map<string, MrpJobComponent[]> {
  const kindOf = new Map(plant.items.map((i) => [i.id, i.kind]));
  const standard = groupBy(plant.bom, (l) => l.parentId);
  const configuredOf = new Map(
    demands.flatMap((d) => (d.bom ? [[d.id, groupBy(d.bom, (l) => l.parentId)] as const] : [])),
  );
  const issuedOf = new Map(plant.issued.map((r) => [`${r.jobId}|${r.itemId}`, r.quantity]));
  const opsOf = groupBy(plant.scheduled, (o) => o.jobId);
  const m = (d: Date) => toMinutes(model.originMs, d);
  const out = new Map<string, MrpJobComponent[]>();
  for (const job of plant.jobs) {
    const ops = opsOf.get(job.id) ?? [];
    let first = ops.length > 0 ? Number.POSITIVE_INFINITY : m(job.due);
    for (const o of ops) first = Math.min(first, m(o.plannedSetupStart));
    const configured = job.salesOrderLineId ? configuredOf.get(job.salesOrderLineId) : undefined;
    // quantity per unit of the job's item, by component, and its earliest need
    const per = new Map<string, { quantityPer: number; need: Minutes }>();
    for (const line of jobComponentLines(job.itemId, jobStructure(standard, configured), kindOf)) {
      const quantityPer = line.quantityPer * (1 + line.scrapFactor);
      const consumer = line.operationNumber ? ops.find((o) => o.number === line.operationNumber) : undefined;
      const need = Math.max(model.now, consumer ? m(consumer.plannedSetupStart) : first);
      const e = per.get(line.itemId);
      if (e) {
        e.quantityPer += quantityPer;
        e.need = Math.min(e.need, need);
      } else per.set(line.itemId, { quantityPer, need });
    }
    const components: MrpJobComponent[] = [];
    for (const [itemId, { quantityPer, need }] of per) {
      const issued = issuedOf.get(`${job.id}|${itemId}`) ?? 0;
      const quantity = Math.min(job.quantity * quantityPer, job.ordered * quantityPer - issued);
      if (quantity > EPS) components.push({ itemId, quantity, need });
    }
    if (components.length > 0) out.set(job.id, components);
  }
  return out;
}
