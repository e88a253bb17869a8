/**
 * Open purchase order lines (a draft, sent or partly received order, less received than ordered)
 * with when they are expected, and the late ones among them: past their due date or confirmed by
 * the supplier for a later date. What planning holds material back for, and what the exceptions
 * page lists. `markLatePurchaseLines`
 * keeps `late_since` (purchasing's own column) in step, so a line is reported late once.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

/** An open purchase order line as planning and the exceptions page read it. */
export interface OpenPurchaseLine {
  id: string;
  purchaseOrderId: string;
  number: string;
  lineNo: number;
  /** the order's version (an action on the line checks it) */
  version: number;
  status: string;
  supplierId: string;
  supplierName: string;
  itemId: string;
  itemNumber: string;
  itemName: string;
  /** still to come */
  openQuantity: number;
  dueAt: Date;
  confirmedAt: Date | null;
  /** the later of the due date and the supplier's date */
  expectedAt: Date;
  lateSince: Date | null;
  /** past its expected date and not (fully) received */
  overdue: boolean;
  /** the supplier confirmed a date after the due date */
  confirmedLater: boolean;
  salesOrderLineId: string | null;
}

interface Row {
  id: string;
  purchase_order_id: string;
  number: string;
  line_no: number;
  version: number;
  status: string;
  supplier_id: string;
  supplier_name: string;
  item_id: string;
  item_number: string;
  item_name: string;
  open_quantity: string;
  due_at: Date | string;
  confirmed_at: Date | string | null;
  late_since: Date | string | null;
  sales_order_line_id: string | null;
}

const OPEN = sql`po.status in ('draft', 'sent', 'partially-received') and l.quantity > l.received_quantity`;
/** the later of the due and the supplier's date: the plan never counts on the earlier one */
const EXPECTED = sql`greatest(l.due_at, coalesce(l.confirmed_at, l.due_at))`;
const late = (now: Date) =>
  sql`(${EXPECTED} < ${now.toISOString()}::timestamptz or l.confirmed_at > l.due_at)`;

const toLine =
  (now: Date) =>
  (r: Row): OpenPurchaseLine => {
    const dueAt = new Date(r.due_at);
    const confirmedAt = r.confirmed_at === null ? null : new Date(r.confirmed_at);
    const expectedAt = confirmedAt && confirmedAt > dueAt ? confirmedAt : dueAt;
    return {
      id: r.id,
      purchaseOrderId: r.purchase_order_id,
      number: r.number,
      lineNo: r.line_no,
      version: r.version,
      status: r.status,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      itemId: r.item_id,
      itemNumber: r.item_number,
      itemName: r.item_name,
      openQuantity: Number(r.open_quantity),
      dueAt,
      confirmedAt,
      expectedAt,
      lateSince: r.late_since === null ? null : new Date(r.late_since),
      overdue: expectedAt.getTime() < now.getTime(),
      confirmedLater: confirmedAt !== null && confirmedAt.getTime() > dueAt.getTime(),
      salesOrderLineId: r.sales_order_line_id,
    };
  };

const columns = sql`l.id, l.purchase_order_id, po.number, l.line_no, po.version, po.status, po.supplier_id,
  s.name as supplier_name, l.item_id, i.number as item_number, i.name as item_name,
  l.quantity - l.received_quantity as open_quantity, l.due_at, l.confirmed_at, l.late_since,
  l.sales_order_line_id`;

/** The open lines that are late at `now`, by expected date: one query. */
export async function latePurchaseLines(db: Db | Tx, now: Date): Promise<OpenPurchaseLine[]> {
  return purchaseLines(db, now, late(now));
}

/** Every open line, late or not, by expected date (planning holds material for all): one query. */
export async function openPurchaseLines(db: Db | Tx, now: Date): Promise<OpenPurchaseLine[]> {
  return purchaseLines(db, now, sql`true`);
}

async function purchaseLines(db: Db | Tx, now: Date, which: SQL): Promise<OpenPurchaseLine[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${columns}
        from purchase_order_lines l
        join purchase_orders po on po.id = l.purchase_order_id
        join suppliers s on s.id = po.supplier_id
        join items i on i.id = l.item_id
        where ${OPEN} and ${which}
        order by ${EXPECTED}, po.number, l.line_no`,
  );
  return rows.map(toLine(now));
}

/**
 * What decides whether the plan must look at late purchases again: the late lines with their
 * dates, and today's date while one is overdue (its expected date moves with the clock). One query.
 */
export async function latePurchaseKey(db: Db | Tx, now: Date): Promise<string> {
  const [row] = await queryRows<{ key: string | null; overdue: boolean | null }>(
    db,
    sql`select string_agg(l.id::text || '@' || ${EXPECTED}::text || ':' || (l.late_since is null)::text,
                          ',' order by l.id) as key,
               bool_or(${EXPECTED} < ${now.toISOString()}::timestamptz) as overdue
        from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
        where ${OPEN} and ${late(now)}`,
  );
  if (!row?.key) return '';
  return row.overdue ? `${row.key}|${now.toISOString().slice(0, 10)}` : row.key;
}

/**
 * Marks the lines late since `now` that became late, and clears the mark of those that no
 * longer are (received, cancelled, confirmed back in time), in the caller's transaction. Returns
 * the lines that became late: the ones to report. Two statements.
 */
export async function markLatePurchaseLines(tx: Tx, now: Date): Promise<OpenPurchaseLine[]> {
  await tx.execute(sql`update purchase_order_lines l set late_since = null
    from purchase_orders po
    where po.id = l.purchase_order_id and l.late_since is not null and not (${OPEN} and ${late(now)})`);
  const rows = await queryRows<Row>(
    tx,
    sql`with marked as (
          update purchase_order_lines l set late_since = ${now.toISOString()}::timestamptz
          from purchase_orders po
          where po.id = l.purchase_order_id and l.late_since is null and ${OPEN} and ${late(now)}
          returning l.*)
        select ${columns}
        from marked l
        join purchase_orders po on po.id = l.purchase_order_id
        join suppliers s on s.id = po.supplier_id
        join items i on i.id = l.item_id
        order by po.number, l.line_no`,
  );
  return rows.map(toLine(now));
}
