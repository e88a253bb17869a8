/**
 * The material of a job on the shop floor: what its components need for the job's quantity
 * (scrap factor included), what has been issued to it, and issuing by scan at the terminal (a
 * lot number or an item number, from stores unless another location is named). An issue is one
 * stock-ledger posting traceable to the job; a BOM line with a formula or a condition counts
 * at its plain quantity per part. The components are the ones MRP nets for the job
 * (`planning/job-components.ts`): the BOM in force, so an engineering change released after the
 * job was released is what the terminal issues and finishing asks for, or the configured line's
 * frozen structure; phantoms dissolved, quantities in the component's base unit.
 *
 * Components whose item is issued by backflush are issued from stores in the booking that
 * reports parts at their operation (`backflush`); what stores could not give shows as the
 * line's `backflushShort` until a later booking or a scan issues it. Manual components not
 * (fully) issued are what finishing the job's last operation must acknowledge (`missingManual`).
 */
import type { BackflushedMaterial, MissingMaterial } from '@takt/contracts';
import { inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import { roundQuantity } from '../../platform/quantity';
import { items } from '../catalog/tables/items';
import type { InventoryService } from '../inventory/service';
import { componentsOfJobs } from '../planning/job-components';
import {
  backflushConsumed,
  backflushOwed,
  type IssueMethod,
  type JobComponent,
  missingManualMaterial,
} from './backflush-quantities';
import type { JobDetail, ProductionService } from './service';

export interface JobMaterialLine {
  itemId: string;
  itemNumber: string;
  itemName: string;
  uom: string;
  operationNumber: string | null;
  required: number;
  issued: number;
  issueMethod: IssueMethod;
  backflushShort: number;
}

interface JobMaterialState {
  job: JobDetail;
  lines: JobMaterialLine[];
  components: JobComponent[];
  issued: Map<string, number>;
}

export class JobMaterialService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      stock: (db: Db | Tx) => InventoryService;
    },
  ) {}

  async material(
    jobId: string,
    db: Db | Tx = this.db,
  ): Promise<{ jobNumber: string; lines: JobMaterialLine[] }> {
    const { job, lines } = await this.state(jobId, db);
    return { jobNumber: job.number, lines };
  }

  /** Issues what was scanned to the job, in one transaction. */
  async issue(
    actor: Actor,
    jobId: string,
    input: { scan: string; quantity: number; locationId?: string },
  ): Promise<{ jobNumber: string; lines: JobMaterialLine[]; issued: { label: string; quantity: number } }> {
    return this.db.transaction(async (tx) => {
      const stock = this.deps.stock(tx);
      // one after the job's bookings, as they lock it: their backflush counts what was issued
      await tx.execute(sql`select 1 from production_jobs where id = ${jobId} for update`);
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
        // a job made for an order line takes the line's own reservation of its material first
        salesOrderLineId: job.salesOrderLineId ?? undefined,
        reference: job.number,
      });
      return {
        ...(await this.material(jobId, tx)),
        issued: { label: scanned.label, quantity: input.quantity },
      };
    });
  }

  /**
   * Backflush in the caller's transaction (the booking that reported parts): every backflush
   * component is issued from stores up to what the parts reported at its operation consumed,
   * less what was issued to the job already, so a retry or a second booking never issues twice
   * and a later booking makes up an earlier shortfall. Never refuses for want of stock: it
   * answers, per component it touched, what it issued and what is still short.
   */
  async backflush(
    tx: Tx,
    actor: Actor,
    jobId: string,
    operationNumber: string,
  ): Promise<BackflushedMaterial[]> {
    const { job, lines, components, issued } = await this.state(jobId, tx);
    if (!components.some((c) => c.issueMethod === 'backflush')) return [];
    const owed = backflushOwed(backflushConsumed(components, job.operations), issued);
    const asked = [...owed].filter(([, quantity]) => quantity > 0);
    if (asked.length === 0) return [];
    const given = await this.deps.stock(tx).issueAvailable(actor, {
      jobId,
      salesOrderLineId: job.salesOrderLineId,
      reference: job.number,
      note: `backflush at operation ${operationNumber}`,
      lines: asked.map(([itemId, quantity]) => ({ itemId, quantity })),
    });
    return asked.map(([itemId, quantity]) => {
      const line = lines.find((l) => l.itemId === itemId)!;
      const issuedNow = given.get(itemId) ?? 0;
      return {
        itemId,
        itemNumber: line.itemNumber,
        itemName: line.itemName,
        uom: line.uom,
        issued: issuedNow,
        short: roundQuantity(quantity - issuedNow),
      };
    });
  }

  /** Manual components of the job issued short of what its BOM needs, once per item. */
  async missingManual(jobId: string, db: Db | Tx = this.db): Promise<MissingMaterial[]> {
    const { lines, components, issued } = await this.state(jobId, db);
    return missingManualMaterial(components, issued).map((m) => {
      const line = lines.find((l) => l.itemId === m.itemId)!;
      return { ...m, itemNumber: line.itemNumber, itemName: line.itemName, uom: line.uom };
    });
  }

  /** The job with its operations, its components (as MRP counts them), and what was issued to it. */
  private async state(jobId: string, db: Db | Tx): Promise<JobMaterialState> {
    // one after the other: `db` may be a transaction's single connection
    const job = await this.deps.production(db).get(jobId);
    const componentLines = (await componentsOfJobs(db, [job])).get(job.id) ?? [];
    const itemIds = [...new Set(componentLines.map((l) => l.itemId))];
    const itemOf = new Map(
      itemIds.length === 0
        ? []
        : (
            await db
              .select({
                id: items.id,
                number: items.number,
                name: items.name,
                uom: items.uom,
                issueMethod: items.issueMethod,
              })
              .from(items)
              .where(inArray(items.id, itemIds))
          ).map((r) => [r.id, r] as const),
    );
    const issued = new Map(
      (await this.deps.stock(db).issuedToJobs([jobId])).map((r) => [r.itemId, r.quantity] as const),
    );
    const components = componentLines.map(
      (l): JobComponent => ({
        itemId: l.itemId,
        quantityPer: l.quantityPer,
        operationNumber: l.operationNumber,
        issueMethod: itemOf.get(l.itemId)?.issueMethod ?? 'manual',
        required: roundQuantity(l.quantityPer * job.quantity * (1 + l.scrapFactor)),
      }),
    );
    const owed = backflushOwed(backflushConsumed(components, job.operations), issued);
    const lines = components.map((c) => {
      const item = itemOf.get(c.itemId);
      return {
        itemId: c.itemId,
        itemNumber: item?.number ?? '',
        itemName: item?.name ?? '',
        uom: item?.uom ?? '',
        operationNumber: c.operationNumber,
        required: c.required,
        issued: roundQuantity(issued.get(c.itemId) ?? 0),
        issueMethod: c.issueMethod,
        backflushShort: owed.get(c.itemId) ?? 0,
      };
    });
    return { job, lines, components, issued };
  }
}
