/**
 * The material of a job on the shop floor: what its BOM needs for the job's quantity (scrap
 * factor included), what has been issued to it, and issuing by scan at the terminal (a lot
 * number or an item number, from stores unless another location is named). An issue is one
 * stock-ledger posting traceable to the job; a BOM line with a formula or a condition counts
 * at its plain quantity per part.
 */
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import { roundQuantity } from '../../platform/quantity';
import type { BomService } from '../catalog/bom-service';
import type { InventoryService } from '../inventory/service';
import type { ProductionService } from './service';

export interface JobMaterialLine {
  itemId: string;
  itemNumber: string;
  itemName: string;
  uom: string;
  operationNumber: string | null;
  required: number;
  issued: number;
}

export class JobMaterialService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      boms: (db: Db | Tx) => BomService;
      stock: (db: Db | Tx) => InventoryService;
    },
  ) {}

  async material(
    jobId: string,
    db: Db | Tx = this.db,
  ): Promise<{ jobNumber: string; lines: JobMaterialLine[] }> {
    const [job] = await this.deps.production(db).summaries([jobId], db);
    if (!job) throw new NotFoundError('production job', jobId);
    const bomId = await this.deps.production(db).bomOf(jobId, db);
    const bom = bomId ? await this.deps.boms(db).get(bomId, db) : null;
    const issued = new Map(
      (await this.deps.stock(db).issuedToJobs([jobId])).map((r) => [r.itemId, r.quantity] as const),
    );
    return {
      jobNumber: job.number,
      lines: (bom?.lines ?? []).map((l) => ({
        itemId: l.childItemId,
        itemNumber: l.childNumber,
        itemName: l.childName,
        uom: l.uom,
        operationNumber: l.operationNumber,
        required: roundQuantity(l.quantityPer * job.quantity * (1 + l.scrapFactor)),
        issued: roundQuantity(issued.get(l.childItemId) ?? 0),
      })),
    };
  }

  /** Issues what was scanned to the job, in one transaction. */
  async issue(
    actor: Actor,
    jobId: string,
    input: { scan: string; quantity: number; locationId?: string },
  ): Promise<{ jobNumber: string; lines: JobMaterialLine[]; issued: { label: string; quantity: number } }> {
    return this.db.transaction(async (tx) => {
      const stock = this.deps.stock(tx);
      const [job] = await this.deps.production(tx).summaries([jobId], tx);
      if (!job) throw new NotFoundError('production job', jobId);
      if (job.status !== 'released' && job.status !== 'in-progress')
        throw ruleViolation(
          'jobId',
          'job-on-floor',
          `${job.number} is ${job.status}: material goes to released jobs`,
        );
      const scanned = await stock.resolveScan(input.scan);
      if (!scanned)
        throw ruleViolation('scan', 'exists', `${input.scan.trim()} is neither a lot nor an item number`);
      const material = await this.material(jobId, tx);
      if (!material.lines.some((l) => l.itemId === scanned.itemId))
        throw ruleViolation('scan', 'in-bom', `${scanned.label} is not material of ${job.number}`);
      await stock.issue(actor, {
        itemId: scanned.itemId,
        locationId: input.locationId ?? (await stock.storesLocationId()),
        lotId: scanned.lotId ?? undefined,
        quantity: input.quantity,
        jobId,
        reference: job.number,
      });
      return {
        ...(await this.material(jobId, tx)),
        issued: { label: scanned.label, quantity: input.quantity },
      };
    });
  }
}
