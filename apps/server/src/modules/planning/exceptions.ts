/**
 * MRP's exception messages over the plant as it stands (`runCurrentMrp`: open lines, open jobs'
 * own material, stock, jobs, purchase orders and requisitions) with the order lines each one
 * touches, and the one-click actions that answer them:
 *   expedite   an existing supply due after its need: its date moves to the need (a purchase
 *              order line's due date, a requisition's need date, a job's due date; a job is
 *              then re-planned from progress, so its operations and the lines' promises move)
 *   reschedule a supply due well before its need (defer): its date moves to the need
 *   cancel     a requisition nothing needs
 * An action is one transaction under planning's lock: MRP is run again first and the exception
 * must still be there with the date the user saw (else 409), the document's version must be
 * the one listed (409), the action must fit the exception (422); after the change MRP is run
 * once more to answer whether the exception is gone and which promises moved.
 */
import type {
  ExceptionAction,
  ExceptionActionRequest,
  ExceptionActionResult,
  MrpExceptionMessage,
  MrpExceptions,
  ServedLine,
} from '@takt/contracts';
import { type Minutes, type MrpException, toInstant } from '@takt/engine';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { DomainError, NotFoundError, ruleViolation } from '../../platform/errors';
import type { SalesOrderService } from '../sales/order-service';
import { jobOfDemand, runCurrentMrp } from './current-mrp';
import type { ProgressReplanService } from './progress-replan';
import { type InsightDeps, linesOfJobs } from './shortages';

/** The situation changed since the exception was listed: 409. */
export class StaleExceptionError extends DomainError {
  constructor(message: string) {
    super(409, 'stale-exception', 'The situation changed', message, [
      { field: 'key', rule: 'current', message },
    ]);
  }
}

export interface ExceptionDeps extends InsightDeps {
  orders: (db: Db | Tx) => SalesOrderService;
  replan: (db: Db | Tx) => ProgressReplanService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ExceptionService {
  constructor(
    private readonly db: Db,
    private readonly deps: ExceptionDeps,
  ) {}

  async list(db: Db | Tx = this.db, now = Date.now()): Promise<MrpExceptions> {
    const mrp = await runCurrentMrp(this.deps, db, { now });
    const { model, plant, plan } = mrp;
    const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();
    const itemOf = new Map(plant.items.map((i) => [i.id, i]));
    const jobById = new Map(plant.jobs.map((j) => [j.id, j]));
    const purchaseById = new Map(plant.purchases.map((p) => [p.id, p]));
    const kindOf = (id: string | undefined) =>
      !id ? null : jobById.has(id) ? ('job' as const) : (purchaseById.get(id)?.kind ?? null);
    const existing = plan.exceptions.map((e) => ({ e, supplyKind: kindOf(e.supplyId) }));
    const ids = (k: string) =>
      existing.flatMap((x) => (x.supplyKind === k && x.e.supplyId ? [x.e.supplyId] : []));
    const jobIds = ids('job');
    const poLineIds = ids('purchase-order-line');
    const reqIds = ids('purchase-requisition');
    // the jobs an exception hits: its own (a job's material) and those its pegs name
    const jobsOf = (e: MrpException) => [
      ...(e.jobIds ?? []),
      ...e.demandIds.flatMap((d) => jobOfDemand(d) ?? []),
    ];
    const demandJobs = [...new Set(existing.flatMap((x) => jobsOf(x.e)))];
    const [jobs, jobVersions, poOf, reqOf, linesOfSupply, jobLines] = await Promise.all([
      this.deps.production(db).summaries(jobIds, db),
      this.deps.production(db).versions(jobIds, db),
      this.deps.purchaseOrders(db).ordersOfLines(poLineIds, db),
      this.deps.requisitions(db).versions(reqIds, db),
      pegLinesOfSupplies(db, [...jobIds, ...poLineIds, ...reqIds]),
      linesOfJobs(db, demandJobs),
    ]);
    const jobOf = new Map(jobs.map((j) => [j.id, j]));
    const lineIdsOf = (x: (typeof existing)[number]) => {
      const out = new Set<string>();
      for (const d of x.e.demandIds) if (UUID.test(d)) out.add(d);
      for (const job of jobsOf(x.e)) for (const l of jobLines.get(job) ?? []) out.add(l);
      if (x.e.supplyId) for (const l of linesOfSupply.get(x.e.supplyId) ?? []) out.add(l);
      return [...out];
    };
    const served = await this.deps.lines(db).lineReferences([...new Set(existing.flatMap(lineIdsOf))], db);
    const messages: MrpExceptionMessage[] = existing.map((x) => {
      const { e, supplyKind } = x;
      const item = itemOf.get(e.itemId);
      const id = supplyKind ? e.supplyId! : null;
      const document =
        supplyKind === 'job'
          ? { number: jobOf.get(id!)?.number ?? null, documentId: id, version: jobVersions.get(id!) ?? null }
          : supplyKind === 'purchase-order-line'
            ? {
                number: poOf.get(id!) ? `${poOf.get(id!)!.number}/${poOf.get(id!)!.lineNo}` : null,
                documentId: poOf.get(id!)?.purchaseOrderId ?? null,
                version: poOf.get(id!)?.version ?? null,
              }
            : supplyKind === 'purchase-requisition'
              ? {
                  number: reqOf.get(id!)?.number ?? null,
                  documentId: null,
                  version: reqOf.get(id!)?.version ?? null,
                }
              : { number: null, documentId: null, version: null };
      const due = id ? (jobById.get(id)?.due ?? purchaseById.get(id)?.due ?? null) : null;
      return {
        key: keyOf(e.kind, id, e.itemId, e.date),
        kind: e.kind,
        itemId: e.itemId,
        itemNumber: item?.number ?? e.itemId,
        itemName: item?.name ?? '',
        quantity: Math.round(e.quantity * 1000) / 1000,
        date: at(e.date),
        supplyKind,
        supplyId: id,
        supplyNumber: document.number,
        documentId: document.documentId,
        supplyDueAt: due ? due.toISOString() : null,
        version: document.version,
        lines: lineIdsOf(x).flatMap((l) => (served.has(l) ? [served.get(l)!] : [])) as ServedLine[],
        message: describe(e.kind, document.number, item?.number ?? ''),
        actions: actionsFor(e.kind, supplyKind),
      };
    });
    const rank = { late: 0, shortage: 1, expedite: 2, cancel: 3, defer: 4 } as const;
    return {
      computedAt: new Date(now).toISOString(),
      exceptions: messages.sort(
        (a, b) => rank[a.kind] - rank[b.kind] || a.date.localeCompare(b.date) || a.key.localeCompare(b.key),
      ),
    };
  }

  /** Carries out one action on one exception, in one transaction, and answers what changed. */
  async act(actor: Actor, request: ExceptionActionRequest): Promise<ExceptionActionResult> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const now = Date.now();
      const before = await this.list(tx, now);
      const exception = before.exceptions.find((e) => e.key === request.key);
      if (!exception) {
        const supplyId = request.key.split(':')[1] ?? '';
        if (!UUID.test(supplyId) || !(await supplyExists(tx, supplyId)))
          throw new NotFoundError('exception', request.key);
        throw new StaleExceptionError(
          'MRP no longer gives this exception: the plan changed since it was listed; look again',
        );
      }
      if (!exception.actions.includes(request.action))
        throw ruleViolation(
          'action',
          'fits-exception',
          exception.actions.length
            ? `a ${exception.kind} exception is answered by ${exception.actions.join(' or ')}, not ${request.action}`
            : `a ${exception.kind} exception has no one-click action: ${exception.message}`,
        );
      if (Date.parse(exception.date) !== Date.parse(request.date))
        throw new StaleExceptionError(
          `the date moved since it was listed (now ${exception.date}): look again before acting`,
        );
      const target = new Date(exception.date);
      const id = exception.supplyId!;
      const changes: ExceptionActionResult['changes'] = [];
      const orders = this.deps.orders(tx);
      let promises: ExceptionActionResult['promises'] = [];
      if (exception.supplyKind === 'purchase-order-line') {
        const moved = await this.deps
          .purchaseOrders(tx)
          .rescheduleLine(tx, actor, { purchaseOrderLineId: id, dueAt: target, version: request.version });
        changes.push({
          document: `${moved.number}/${moved.lineNo}`,
          field: 'dueAt',
          from: moved.from.toISOString(),
          to: moved.to.toISOString(),
        });
      } else if (exception.supplyKind === 'purchase-requisition') {
        const requisitions = this.deps.requisitions(tx);
        if (request.action === 'cancel') {
          const current = (await requisitions.versions([id], tx)).get(id);
          if (current && current.version !== request.version)
            throw new StaleExceptionError(
              `${current.number} changed since it was listed (version ${current.version}, not ${request.version})`,
            );
          const cancelled = await requisitions.cancelOpen(tx, actor, [id]);
          changes.push({
            document: cancelled[0] ?? exception.supplyNumber ?? id,
            field: 'status',
            from: 'open',
            to: 'cancelled',
          });
        } else {
          const moved = await requisitions.reschedule(tx, actor, {
            id,
            neededAt: target,
            version: request.version,
          });
          changes.push({
            document: moved.number,
            field: 'neededAt',
            from: moved.from.toISOString(),
            to: moved.to.toISOString(),
          });
        }
      } else if (exception.supplyKind === 'job') {
        const lineIds = await scheduledLineIds(tx);
        const promisedBefore = await orders.openLinePromises(lineIds, tx);
        const moved = await this.deps
          .production(tx)
          .changeDue(tx, actor, { jobId: id, due: target, version: request.version });
        changes.push({
          document: moved.number,
          field: 'due',
          from: moved.from.toISOString(),
          to: moved.to.toISOString(),
        });
        // the schedule weighs lateness against the new due date: re-plan and re-promise
        await this.deps.replan(tx).replan(actor);
        const promisedAfter = new Map((await orders.openLinePromises(lineIds, tx)).map((l) => [l.lineId, l]));
        promises = promisedBefore.flatMap((b) => {
          const a = promisedAfter.get(b.lineId);
          const p90Before = b.promise?.p90At ?? null;
          const p90After = a?.promise?.p90At ?? null;
          const plannedBefore = b.promise?.plannedAt ?? null;
          const plannedAfter = a?.promise?.plannedAt ?? null;
          return p90Before === p90After && plannedBefore === plannedAfter
            ? []
            : [
                {
                  lineId: b.lineId,
                  orderNumber: b.orderNumber,
                  lineNo: b.lineNo,
                  p90Before,
                  p90After,
                  plannedBefore,
                  plannedAfter,
                },
              ];
        });
      }
      const after = await this.list(tx, now);
      return {
        action: request.action,
        key: request.key,
        changes,
        resolved: !after.exceptions.some((e) => e.key === request.key),
        exceptionsBefore: before.exceptions.length,
        exceptionsAfter: after.exceptions.length,
        lines: exception.lines,
        promises,
      };
    });
  }
}

/** `kind:supply` for an exception on existing supply, `kind:item:minute` for a planned order's. */
function keyOf(kind: string, supplyId: string | null, itemId: string, date: Minutes): string {
  return supplyId ? `${kind}:${supplyId}` : `${kind}:${itemId}:${Math.round(date)}`;
}

function actionsFor(
  kind: MrpExceptionMessage['kind'],
  supplyKind: MrpExceptionMessage['supplyKind'],
): ExceptionAction[] {
  if (!supplyKind || supplyKind === 'stock') return [];
  if (kind === 'expedite') return ['expedite'];
  if (kind === 'defer') return ['reschedule'];
  if (kind === 'cancel' && supplyKind === 'purchase-requisition') return ['cancel'];
  return [];
}

function describe(kind: MrpExceptionMessage['kind'], number: string | null, item: string): string {
  const what = number ?? item;
  switch (kind) {
    case 'expedite':
      return `${what} is due after it is needed: bring it forward to the need date`;
    case 'defer':
      return `${what} arrives well before it is needed: push it back to the need date`;
    case 'cancel':
      return `${what} is not needed by any demand`;
    case 'shortage':
      return `${item} is needed inside its purchase lead time: the earliest receipt is after the need`;
    default:
      return `${item} cannot be made in time even if started now`;
  }
}

/** Order lines pegged to these supplies: one query. */
async function pegLinesOfSupplies(db: Db | Tx, supplyIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (supplyIds.length === 0) return out;
  const rows = await queryRows<{ supply_id: string; sales_order_line_id: string }>(
    db,
    sql`select distinct supply_id, sales_order_line_id from supply_pegs
        where sales_order_line_id is not null
          and supply_id in (select jsonb_array_elements_text(${JSON.stringify(supplyIds)}::jsonb)::uuid)`,
  );
  for (const r of rows) out.set(r.supply_id, [...(out.get(r.supply_id) ?? []), r.sales_order_line_id]);
  return out;
}

/** Whether an id names a job, purchase order line or requisition at all (404 vs 409). */
async function supplyExists(db: Db | Tx, id: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from production_jobs where id = ${id})
          or exists (select 1 from purchase_order_lines where id = ${id})
          or exists (select 1 from purchase_requisitions where id = ${id}) as found`,
  );
  return row?.found === true;
}

/** The order lines whose jobs are in the plan (what a re-plan can re-promise). */
async function scheduledLineIds(db: Db | Tx): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct sales_order_line_id as id from production_jobs
        where sales_order_line_id is not null and status in ('planned', 'released', 'in-progress')`,
  );
  return rows.map((r) => r.id);
}
