/**
 * Work orders (production orders) from an external ERP, as a JSON batch or a CSV file, for plants
 * that keep their ERP for orders and material and use Takt for planning and the shop floor. A
 * batch is all or nothing: every row is checked first (items by number: made, with a released
 * routing), each broken rule named by its row and field, then every new work order becomes one
 * job of exactly its item and quantity, scheduled around the current plan without moving it
 * (PlanningService.planWorkOrder), in one transaction; `release` puts the new jobs on the floor
 * at once.
 *
 * Idempotent by the external reference, kept on the job (unique): a reference already in Takt is
 * reported as `existing` and left as it is. The confirmations of these jobs (operation.*, job.*)
 * carry the reference, so the ERP can book them against its own order.
 */
import { randomUUID } from 'node:crypto';
import {
  type InboundWorkOrder,
  type InboundWorkOrderBatch,
  type InboundWorkOrderResult,
  inboundWorkOrder,
} from '@takt/contracts';
import { inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { type FieldIssue, RuleViolationError } from '../../platform/errors';
import { type CsvRow, parseDecimal, readCsv, rejectIfIssues, requireColumns } from '../catalog/csv-file';
import { plantTimeZone } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import type { PlanningService } from '../planning/planning-service';
import type { ExecutionService } from '../production/execution-service';
import { productionJobs } from '../production/tables';
import { dueOf } from '../sales/order-service';

type FieldNamer = (field: string) => string;

export class InboundWorkOrders {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      planning: PlanningService;
      execution: ExecutionService;
    },
  ) {}

  /** Receives a batch: checks it whole, then plans and writes the new jobs in one transaction. */
  async receive(
    actor: Actor,
    batch: InboundWorkOrderBatch,
    nameField: FieldNamer = (f) => f,
  ): Promise<InboundWorkOrderResult> {
    const reject = (issues: FieldIssue[]) => {
      const named = issues.map((i) => ({ ...i, field: nameField(i.field) }));
      const shown = named.slice(0, 20).map((i) => `${i.field}: ${i.message}`);
      const more = named.length > 20 ? `; and ${named.length - 20} more` : '';
      return new RuleViolationError(
        `the batch was rejected, nothing was written: ${shown.join('; ')}${more}`,
        named,
      );
    };
    const { issues, itemBy } = await this.referenceIssues(batch.workOrders);
    if (issues.length > 0) throw reject(issues);

    return this.db.transaction(async (tx) => {
      const timeZone = await plantTimeZone(tx);
      // one advisory lock per reference, in a fixed order: two batches at once cannot both create it
      const references = [...new Set(batch.workOrders.map((w) => w.externalReference))].sort();
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended('work-order/' || k.key, 0))
              from (select key from jsonb_array_elements_text(${JSON.stringify(references)}::jsonb) as e(key) order by key) k`,
      );
      const known = await this.jobsOf(tx, references);
      const created = new Map<string, string>();
      for (const [i, order] of batch.workOrders.entries()) {
        if (known.has(order.externalReference)) continue;
        try {
          const plan = await this.deps.planning.planWorkOrder(
            {
              externalReference: order.externalReference,
              itemId: itemBy.get(order.itemNumber)!,
              quantity: order.quantity,
              due: dueOf(order.dueDate, timeZone),
            },
            tx,
          );
          const written = await this.deps.planning.commit(tx, actor, plan);
          created.set(order.externalReference, written.jobIds[0]);
        } catch (error) {
          if (error instanceof RuleViolationError)
            throw reject(
              error.issues.map((issue) => ({
                ...issue,
                field: `workOrders.${i}${issue.field ? `.${issue.field}` : ''}`,
              })),
            );
          throw error;
        }
      }
      if (batch.release && created.size > 0)
        await this.deps.execution.releaseIn(tx, actor, { jobIds: [...created.values()] });

      const jobs = await this.jobsOf(tx, references);
      const result: InboundWorkOrderResult = {
        created: created.size,
        existing: batch.workOrders.length - created.size,
        workOrders: batch.workOrders.map((order) => {
          const job = jobs.get(order.externalReference)!;
          return {
            externalReference: order.externalReference,
            outcome: created.has(order.externalReference) ? 'created' : 'existing',
            jobId: job.id,
            number: job.number,
            status: job.status,
            plannedStart: job.plannedStart?.toISOString() ?? null,
            plannedEnd: job.plannedEnd?.toISOString() ?? null,
            due: job.due.toISOString(),
            late: job.plannedEnd !== null && job.plannedEnd > job.due,
          };
        }),
      };
      await recordAudit(tx, actor, {
        entity: 'inbound-work-orders',
        entityId: randomUUID(),
        action: 'receive',
        after: {
          release: batch.release,
          workOrders: result.workOrders.map((w) => ({
            reference: w.externalReference,
            job: w.number,
            outcome: w.outcome,
          })),
        },
      });
      return result;
    });
  }

  private async jobsOf(tx: Tx, references: string[]) {
    const rows = await tx
      .select({
        id: productionJobs.id,
        number: productionJobs.number,
        status: productionJobs.status,
        reference: productionJobs.externalReference,
        due: productionJobs.due,
        plannedStart: productionJobs.plannedStart,
        plannedEnd: productionJobs.plannedEnd,
      })
      .from(productionJobs)
      .where(inArray(productionJobs.externalReference, references));
    return new Map(rows.map((r) => [r.reference!, r]));
  }

  /** Items by number and references twice in the batch: every issue at once. */
  private async referenceIssues(orders: (InboundWorkOrder | undefined)[]) {
    const present = orders.flatMap((order, i) => (order ? [{ order, i }] : []));
    const numbers = [...new Set(present.map(({ order }) => order.itemNumber))];
    const found = numbers.length
      ? await this.db
          .select({ id: items.id, number: items.number, kind: items.kind, active: items.active })
          .from(items)
          .where(inArray(items.number, numbers))
      : [];
    const byNumber = new Map(found.map((f) => [f.number, f]));
    const itemBy = new Map<string, string>();
    const issues: FieldIssue[] = [];
    const seen = new Map<string, number>();
    for (const { order, i } of present) {
      const item = byNumber.get(order.itemNumber);
      if (!item?.active)
        issues.push({
          field: `workOrders.${i}.itemNumber`,
          rule: 'exists',
          message: `no active item ${order.itemNumber}`,
        });
      else if (item.kind !== 'make')
        issues.push({
          field: `workOrders.${i}.itemNumber`,
          rule: 'made-item',
          message: `${order.itemNumber} is a ${item.kind} item: a work order makes a made item`,
        });
      else itemBy.set(order.itemNumber, item.id);
      const first = seen.get(order.externalReference);
      if (first !== undefined)
        issues.push({
          field: `workOrders.${i}.externalReference`,
          rule: 'unique',
          message: `${order.externalReference} is in the batch twice (also work order ${first + 1})`,
        });
      else seen.set(order.externalReference, i);
    }
    return { issues, itemBy };
  }

  /** A CSV file: external_reference, item_number, quantity, due_date; one work order per row. */
  async receiveCsv(actor: Actor, text: string, release: boolean): Promise<InboundWorkOrderResult> {
    const rows = readCsv(text);
    if (rows.length === 0)
      rejectIfIssues([{ field: 'file', rule: 'not-empty', message: 'no work orders under the header' }]);
    const col = requireColumns(rows, {
      reference: ['external_reference', 'reference', 'work order', 'production order', 'order number'],
      item: ['item_number', 'item', 'part number'],
      quantity: ['quantity', 'qty'],
      date: ['due_date', 'due date', 'due', 'date'],
    });
    const cell = (row: CsvRow, column: string) => (row.values[column] ?? '').trim();
    const columnOf: Record<string, string> = {
      externalReference: 'external_reference',
      itemNumber: 'item_number',
      quantity: 'quantity',
      dueDate: 'due_date',
    };
    /** `workOrders.3.quantity` → `line 5.quantity` */
    const nameField: FieldNamer = (field) => {
      const match = field.match(/^workOrders\.(\d+)(?:\.([A-Za-z]+))?/);
      const row = match ? rows[Number(match[1])] : undefined;
      if (!match || !row) return field;
      return `line ${row.line}${match[2] ? `.${columnOf[match[2]] ?? match[2]}` : ''}`;
    };
    const issues: FieldIssue[] = [];
    const parsed = rows.map((row, i) => {
      const quantity = parseDecimal(cell(row, col.quantity));
      const one = inboundWorkOrder.safeParse({
        externalReference: cell(row, col.reference),
        itemNumber: cell(row, col.item),
        quantity: quantity === undefined || Number.isNaN(quantity) ? cell(row, col.quantity) : quantity,
        dueDate: cell(row, col.date),
      });
      if (one.success) return one.data;
      for (const issue of one.error.issues)
        issues.push({
          field: nameField(`workOrders.${i}.${issue.path.join('.')}`),
          rule: issue.code,
          message: issue.message,
        });
      return undefined;
    });
    const references = await this.referenceIssues(parsed);
    issues.push(...references.issues.map((i) => ({ ...i, field: nameField(i.field) })));
    rejectIfIssues(issues);
    try {
      return await this.receive(actor, { release, workOrders: parsed as InboundWorkOrder[] }, nameField);
    } catch (error) {
      if (error instanceof RuleViolationError) rejectIfIssues(error.issues);
      throw error;
    }
  }
}
