/**
 * Eight weeks of the demo plant's past, so the KPI and OEE pages show a plant that has been
 * running: about forty orders of the demo's customers, confirmed ten to two weeks ago, made by
 * jobs that ran on the machines in their shifts (bookings, sessions, machine states, counts and
 * stops with reasons), with the material bought and received for them, shipped on delivery
 * notes (about 85 % on the promised date, 92 % by the last P90) and mostly invoiced; a few are
 * still in production today, their jobs paused at the end of yesterday's shift. Today's stock
 * is untouched: every receipt and every part made was issued or shipped again, and the open
 * orders hold no part in stores and need no more material.
 *
 * Loaded with the demo plant (`takt start`, `takt seed`) unless TAKT_DEMO_HISTORY=0, in one
 * transaction, once: a marker in the audit log makes a second run write nothing. It writes the
 * rows the services would have written, set-based (one statement per table), as an import of a
 * legacy system's history would; going through the services would take thousands of round
 * trips and re-plan the plant for every order. The rules it keeps are checked on what it
 * generated (`checkLedger`) and by its test through the modules' read functions.
 */

import { Random } from '@takt/engine';
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  effectiveBomLines,
  effectiveRoutingOperations,
  planningItems,
  planningResources,
  plantCalendar,
  plantTimeZone,
} from '../modules/catalog/plant-structure';
import { users } from '../modules/identity/tables';
import { InventoryService } from '../modules/inventory/service';
import { lots, stockMoves } from '../modules/inventory/tables';
import { machineEvents, machineStates, machineStops } from '../modules/machine-data/tables';
import { supplyPegs } from '../modules/planning/tables';
import { ReasonCodeService } from '../modules/production/reason-codes';
import {
  jobOperations,
  operationBookings,
  operatorSessions,
  productionJobs,
} from '../modules/production/tables';
import {
  purchaseOrderLines,
  purchaseOrders,
  purchaseReceipts,
  supplyTerms,
} from '../modules/purchasing/tables';
import { customers, salesOrderLines, salesOrders } from '../modules/sales/tables';
import { type Actor, recordAudit, systemActor } from '../platform/audit';
import type { Db, Tx } from '../platform/db/database';
import { queryRows } from '../platform/db/database';
import { nextDocumentNumbers } from '../platform/document-numbers';
import { auditLog } from '../platform/tables';
import type { HistoryCatalog } from './demo-history-orders';
import { type HistoryPlant, planDemoHistory } from './demo-history-plan';
import { HISTORY_ACTOR, type HistoryRows, historyRows, numbersNeeded } from './demo-history-rows';
import { demoOperators } from './demo-plant-data';

/** the seed of the history: the same plant on the same day gets the same past */
export const DEMO_HISTORY_SEED = 20_261_001;
const MARKER = { entity: 'demo', entityId: 'history', action: 'load' } as const;
/** the reason the shift books for a machine without work (planned: outside OEE's planned time) */
const NO_ORDER = {
  kind: 'stop' as const,
  code: 'NO-ORDER',
  name: 'No order (nothing to run)',
  planned: true,
};

export interface DemoHistorySummary {
  orders: number;
  jobs: number;
  operations: number;
  purchaseOrders: number;
  stockMoves: number;
  machineEvents: number;
  machineStops: number;
}

/**
 * Writes the history before `today` (the plant's local date; default: today). Returns what it
 * wrote, or null when the history is already there or the plant is not the demo plant.
 */
export async function seedDemoHistory(
  db: Db,
  options: { today?: string; actor?: Actor } = {},
): Promise<DemoHistorySummary | null> {
  const actor = options.actor ?? systemActor;
  return db.transaction(async (tx) => {
    const [marked] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from audit_log
          where entity = ${MARKER.entity} and entity_id = ${MARKER.entityId} and action = ${MARKER.action}`,
    );
    if (marked.n > 0) return null;
    const plant = await readPlant(tx, options.today);
    if (!plant) return null;
    const reasonCodes = new ReasonCodeService(tx);
    let reasons = await reasonCodes.list();
    if (!reasons.some((r) => r.kind === 'stop' && r.code === NO_ORDER.code)) {
      await reasonCodes.create(actor, [NO_ORDER]);
      reasons = await reasonCodes.list();
    }

    const plan = planDemoHistory(plant.history, DEMO_HISTORY_SEED);
    const needed = numbersNeeded(plan);
    const [SO, JOB, PO, LOT, DN] = await Promise.all([
      nextDocumentNumbers(tx, 'SO', needed.SO),
      nextDocumentNumbers(tx, 'JOB', needed.JOB),
      nextDocumentNumbers(tx, 'PO', needed.PO),
      nextDocumentNumbers(tx, 'LOT', needed.LOT),
      nextDocumentNumbers(tx, 'DN', needed.DN),
    ]);
    const rows = historyRows(new Random(DEMO_HISTORY_SEED + 9), plan, {
      ...plant.context,
      reasonIds: new Map(reasons.map((r) => [`${r.kind}:${r.code}`, r.id])),
      numbers: { SO, JOB, PO, LOT, DN },
    });
    await writeRows(tx, rows);
    // the suppliers' on-time rate over their last 50 receipts, as a receipt keeps it
    await tx.execute(sql`
      update suppliers s set on_time_rate = r.rate
      from (select supplier_id, round(avg(case when received_at <= due_at + interval '1 day' then 1 else 0 end), 4) as rate
            from (select supplier_id, received_at, due_at,
                         row_number() over (partition by supplier_id order by received_at desc) as k
                  from purchase_receipts) x
            where k <= 50 group by supplier_id) r
      where r.supplier_id = s.id`);
    const summary: DemoHistorySummary = {
      orders: rows.salesOrders.length,
      jobs: rows.productionJobs.length,
      operations: rows.jobOperations.length,
      purchaseOrders: rows.purchaseOrders.length,
      stockMoves: rows.stockMoves.length,
      machineEvents: rows.machineEvents.length,
      machineStops: rows.machineStops.length,
    };
    await recordAudit(
      tx,
      { ...actor, name: HISTORY_ACTOR },
      {
        ...MARKER,
        after: { from: new Date(plan.from).toISOString(), to: new Date(plan.to).toISOString(), ...summary },
      },
    );
    return summary;
  });
}

/** The plant as the history needs it, or null when it is not the demo plant. Set-based reads. */
async function readPlant(tx: Tx, todayOption?: string) {
  const timeZone = await plantTimeZone(tx);
  const today =
    todayOption ??
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(),
    );
  const [items, bom, operations, resources, calendar, customerRows, terms, operatorRows, locations] =
    await Promise.all([
      planningItems(tx),
      effectiveBomLines(tx, today),
      effectiveRoutingOperations(tx, today),
      planningResources(tx),
      plantCalendar(tx),
      tx.select().from(customers),
      tx.select().from(supplyTerms).where(eq(supplyTerms.preferred, true)),
      tx.select({ id: users.id, name: users.name, badge: users.badgeCode }).from(users),
      new InventoryService(tx).listLocations(),
    ]);
  const catalog: HistoryCatalog = {
    items: new Map(items.map((i) => [i.id, i])),
    byNumber: new Map(items.map((i) => [i.number, i])),
    bomByParent: new Map(),
    operationsByItem: new Map(),
  };
  for (const l of bom)
    catalog.bomByParent.set(l.parentItemId, [...(catalog.bomByParent.get(l.parentItemId) ?? []), l]);
  for (const o of operations)
    catalog.operationsByItem.set(o.itemId, [...(catalog.operationsByItem.get(o.itemId) ?? []), o]);
  const badges = demoOperators.map((o) => o.badgeCode);
  const operators = badges.flatMap((b) =>
    operatorRows.filter((u) => u.badge === b).map((u) => ({ id: u.id, name: u.name })),
  );
  const stores =
    locations.find((l) => l.kind === 'stores' && l.code === 'STORES') ??
    locations.find((l) => l.kind === 'stores');
  const receiving = locations.find((l) => l.kind === 'receiving');
  const demo = ['AS-DRIVE-080', 'FG-SHAFT-080', 'MP-ROD-060'].every((n) => catalog.byNumber.has(n));
  if (!demo || !calendar || operators.length < 4 || !stores || !receiving) return null;

  const calendars = new Map(resources.calendars.map((c) => [c.id, c]));
  const matrices = new Map(resources.setupMatrices.map((m) => [m.id, m]));
  const termOf = new Map(terms.map((t) => [t.itemId, t]));
  const history: HistoryPlant = {
    today,
    timeZone,
    catalog,
    plantCalendar: calendar,
    workCenters: resources.workCenters.map((w) => {
      const m = w.setupMatrixId ? matrices.get(w.setupMatrixId) : undefined;
      return {
        id: w.id,
        code: w.code,
        name: w.name,
        machines: w.machines,
        efficiency: Number(w.efficiency),
        calendar: calendars.get(w.calendarId)!,
        matrix: m
          ? {
              defaultChangeover: Number(m.defaultChangeover),
              sameFamily: Number(m.sameFamily),
              initial: Number(m.initial),
              entries: m.entries,
            }
          : null,
      };
    }),
    termsOf: (itemId) => {
      const t = termOf.get(itemId);
      return t
        ? {
            supplierId: t.supplierId,
            leadTimeDays: Number(t.leadTimeDays),
            priceBreaks: t.priceBreaks,
            currency: t.currency,
          }
        : undefined;
    },
  };
  return {
    history,
    context: {
      timeZone,
      customers: new Map(customerRows.map((c) => [c.number, c])),
      operators,
      locations: { stores: stores.id, receiving: receiving.id },
      costs: {
        items: catalog.items,
        bomByParent: catalog.bomByParent,
        operationsByItem: catalog.operationsByItem,
        ratesByWorkCenter: new Map(
          resources.workCenters.map((w) => [
            w.id,
            {
              machineRate: w.machineRate,
              labourRate: w.labourRate,
              setupRate: w.setupRate,
              efficiency: Number(w.efficiency),
            },
          ]),
        ),
      },
    },
  };
}

/** rows per statement: a few megabytes of JSON at most */
const ROWS_PER_STATEMENT = 20_000;

/**
 * Inserts rows (objects keyed by the table's property names) as one JSON parameter expanded by
 * `jsonb_to_recordset`: one statement per table, ten times faster on PGlite than a multi-row
 * VALUES list with a parameter per value, and the same on PostgreSQL.
 */
async function insertRows(tx: Tx, table: PgTable, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const used = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new Error(`demo history: ${k} is not a column of ${getTableName(table)}`);
    return column;
  });
  const names = sql.join(
    used.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.raw(used.map((c) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  for (let x = 0; x < rows.length; x += ROWS_PER_STATEMENT) {
    const json = rows.slice(x, x + ROWS_PER_STATEMENT).map((r) => {
      const record = r as Record<string, unknown>;
      return Object.fromEntries(
        keys.map((k, i) => {
          const v = record[k];
          return [used[i].name, v instanceof Date ? v.toISOString() : (v ?? null)];
        }),
      );
    });
    await tx.execute(
      sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(${types})`,
    );
  }
}

async function writeRows(tx: Tx, rows: HistoryRows): Promise<void> {
  // parents before children (foreign keys)
  const order: [PgTable, unknown[]][] = [
    [salesOrders, rows.salesOrders],
    [salesOrderLines, rows.salesOrderLines],
    [productionJobs, rows.productionJobs],
    [jobOperations, rows.jobOperations],
    [operationBookings, rows.operationBookings],
    [operatorSessions, rows.operatorSessions],
    [supplyPegs, rows.supplyPegs],
    [purchaseOrders, rows.purchaseOrders],
    [purchaseOrderLines, rows.purchaseOrderLines],
    [lots, rows.lots],
    [purchaseReceipts, rows.purchaseReceipts],
    [stockMoves, rows.stockMoves],
    [machineEvents, rows.machineEvents],
    [machineStops, rows.machineStops],
    [machineStates, rows.machineStates],
    [auditLog, rows.auditLog],
  ];
  for (const [table, values] of order) await insertRows(tx, table, values as object[]);
}
