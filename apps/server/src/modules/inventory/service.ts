/**
 * Stock: locations, lots, the ledger of moves and reservations for sales order lines. The only
 * writer of stock_locations, lots, stock_moves and stock_reservations. On hand is never stored:
 * it is the sum of the ledger per item, location and lot, computed in SQL.
 *
 * Construct it on the app's database, or on a transaction handle to take part in a larger change
 * (a purchase order receipt, an order confirmation): its own transaction then becomes a savepoint
 * of yours, and a refusal rolls back nothing but what you choose to.
 */
import type {
  Page,
  StockAdjustmentBody,
  StockLine,
  StockLocation,
  StockLocationInput,
  StockMove,
  StockTransferBody,
} from '@takt/contracts';
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { queryRows } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import { RuleViolationError, ruleViolation } from '../../platform/errors';
import { groupBy } from '../../platform/group-by';
import { QUANTITY_EPSILON, roundQuantity } from '../../platform/quantity';
import { likePattern } from '../../platform/text-search';
import { items } from '../catalog/tables/items';
import { allocateStock, type StockBucket } from './allocate-stock';
import { lots, stockLocations, stockMoves, stockReservations } from './tables';

type MoveKind = (typeof stockMoves.kind.enumValues)[number];
type MoveRow = Omit<typeof stockMoves.$inferInsert, 'actorName'>;

/** A lot id, null for stock kept without a lot, or undefined for "oldest first". */
export type LotChoice = string | null | undefined;

export interface ReceiptInput {
  itemId: string;
  quantity: number;
  /** default: the receiving location, else stores */
  locationId?: string;
  purchaseOrderLineId?: string;
  /** default: the next number of the LOT series */
  lotNumber?: string;
  reference?: string;
  note?: string;
}

export interface IssueInput {
  itemId: string;
  locationId: string;
  lotId?: string | null;
  quantity: number;
  jobId?: string;
  /** the line the stock goes to: its reservation of the item is taken first, then consumed */
  salesOrderLineId?: string;
  reference?: string;
  note?: string;
}

export interface ShipmentInput {
  itemId: string;
  locationId: string;
  lotId?: string | null;
  quantity: number;
  salesOrderLineId: string;
  reference?: string;
  note?: string;
}

export interface StockPosting {
  moves: StockMove[];
  transferId: string | null;
}

export interface StockReservationView {
  itemId: string;
  itemNumber: string;
  itemName: string;
  salesOrderLineId: string;
  quantity: number;
  reservedAt: string;
}

export interface StockAvailabilityView {
  itemId: string;
  itemNumber: string;
  itemName: string;
  uom: string;
  onHand: number;
  reserved: number;
  available: number;
}

const toLocation = (row: typeof stockLocations.$inferSelect): StockLocation => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind,
  active: row.active,
  version: row.version,
});

const sumQuantity = sql<string>`sum(${stockMoves.quantity})`;

export class InventoryService {
  constructor(private readonly db: Db) {}

  // ---------------------------------------------------------------- locations

  async listLocations(): Promise<StockLocation[]> {
    const rows = await this.db.select().from(stockLocations).orderBy(asc(stockLocations.code));
    return rows.map(toLocation);
  }

  async createLocation(actor: Actor, input: StockLocationInput): Promise<StockLocation> {
    return this.db.transaction(async (tx) => {
      const code = input.code.trim().toUpperCase();
      const [taken] = await tx
        .select({ id: stockLocations.id })
        .from(stockLocations)
        .where(eq(stockLocations.code, code));
      if (taken) throw ruleViolation('code', 'unique', `stock location ${code} already exists`);
      const [row] = await tx
        .insert(stockLocations)
        .values({ code, name: input.name.trim(), kind: input.kind })
        .returning();
      const created = toLocation(row);
      await recordAudit(tx, actor, {
        entity: 'stock-location',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  // ---------------------------------------------------------------- postings

  /**
   * Receives stock into a location as a new lot (or into the lot of that number of the same
   * item, for a second delivery of it), traceable to the purchase order line.
   */
  async receive(
    actor: Actor,
    input: ReceiptInput,
  ): Promise<{ moveId: string; lotId: string; lotNumber: string; move: StockMove }> {
    positive(input.quantity);
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      await this.requireItem(tx, input.itemId);
      const location = input.locationId
        ? await this.requireLocation(tx, input.locationId, 'locationId')
        : await this.receivingLocation(tx);
      const lot = await this.lotFor(tx, input);
      const [move] = await this.post(tx, actor, 'receive', [
        {
          kind: 'receipt',
          itemId: input.itemId,
          locationId: location.id,
          lotId: lot.id,
          quantity: String(input.quantity),
          reference: input.reference ?? null,
          purchaseOrderLineId: input.purchaseOrderLineId ?? null,
          note: input.note ?? null,
        },
      ]);
      const [view] = await this.moveViews(tx, [move.id]);
      return { moveId: move.id, lotId: lot.id, lotNumber: lot.number, move: view };
    });
  }

  /**
   * Puts what a finished job made into stores (else receiving) as a production move traceable
   * to the job, and sets it aside for the order line the job was made for (MTO/ETO).
   */
  async receiveFromJob(
    actor: Actor,
    input: {
      itemId: string;
      quantity: number;
      jobId: string;
      jobNumber: string;
      salesOrderLineId: string | null;
    },
  ): Promise<{ moveId: string; reserved: number }> {
    positive(input.quantity);
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      const [location] = await tx
        .select()
        .from(stockLocations)
        .where(and(eq(stockLocations.active, true), inArray(stockLocations.kind, ['stores', 'receiving'])))
        .orderBy(sql`${stockLocations.kind} <> 'stores'`, asc(stockLocations.code))
        .limit(1);
      if (!location)
        throw ruleViolation(
          'locationId',
          'required',
          'no stores location to put finished goods into: create one first',
        );
      const [move] = await this.post(tx, actor, 'produce', [
        {
          kind: 'production',
          itemId: input.itemId,
          locationId: location.id,
          lotId: null,
          quantity: String(input.quantity),
          reference: input.jobNumber,
          jobId: input.jobId,
          note: null,
        },
      ]);
      const reserved = input.salesOrderLineId
        ? await new InventoryService(tx).reserveForLine(actor, {
            salesOrderLineId: input.salesOrderLineId,
            itemId: input.itemId,
            quantity: input.quantity,
          })
        : 0;
      return { moveId: move.id, reserved };
    });
  }

  /** Issues stock to a job or a sales order line; never more than is on hand, oldest first. */
  async issue(actor: Actor, input: IssueInput): Promise<StockPosting> {
    positive(input.quantity);
    if (!input.jobId && !input.salesOrderLineId)
      throw ruleViolation('jobId', 'required', 'an issue goes to a job or a sales order line');
    return this.takeOut(actor, 'issue', input, {
      jobId: input.jobId ?? null,
      salesOrderLineId: input.salesOrderLineId ?? null,
    });
  }

  /**
   * Backflush: issues to a job as much of each item as there is, up to the quantity asked, from
   * one location (default stores), oldest first. Unlike `issue` it never refuses: it takes no
   * more than is on hand there and free of other lines' reservations (the job's own line's
   * reservation is taken and consumed), and returns what it issued per item; the rest is the
   * caller's shortfall. All items in a fixed number of statements, locked in id order.
   */
  async issueAvailable(
    actor: Actor,
    input: {
      jobId: string;
      salesOrderLineId: string | null;
      locationId?: string;
      reference: string;
      note: string;
      lines: { itemId: string; quantity: number }[];
    },
  ): Promise<Map<string, number>> {
    const wanted = new Map<string, number>();
    for (const l of input.lines)
      if (l.quantity > QUANTITY_EPSILON) wanted.set(l.itemId, (wanted.get(l.itemId) ?? 0) + l.quantity);
    const issued = new Map<string, number>();
    if (wanted.size === 0) return issued;
    return this.db.transaction(async (tx) => {
      const locationId = input.locationId ?? (await this.storesOrNull(tx));
      if (!locationId) return issued;
      const ids = [...wanted.keys()].sort();
      const idList = sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext('takt.stock'), hashtext(id::text))
            from (select id from unnest(array[${idList}]) as id order by id) locked`,
      );
      const line = input.salesOrderLineId;
      const bucketRows = await queryRows<{ item_id: string; lot_id: string | null; quantity: string }>(
        tx,
        sql`select m.item_id, m.lot_id, sum(m.quantity) as quantity
              from stock_moves m left join lots l on l.id = m.lot_id
              where m.item_id in (${idList}) and m.location_id = ${locationId}
              group by m.item_id, m.lot_id, l.created_at, l.number
              having sum(m.quantity) > 0
              order by m.item_id, m.lot_id is not null, l.created_at, l.number`,
      );
      const freeRows = await queryRows<{ item_id: string; on_hand: string | null; reserved: string | null }>(
        tx,
        sql`select i.id as item_id,
                (select sum(m.quantity) from stock_moves m where m.item_id = i.id) as on_hand,
                (select sum(r.quantity) from stock_reservations r where r.item_id = i.id
                   ${line ? sql`and r.sales_order_line_id <> ${line}` : sql``}) as reserved
              from items i where i.id in (${idList})`,
      );
      const buckets = groupBy(bucketRows, (r) => r.item_id);
      const free = new Map(
        freeRows.map((r) => [r.item_id, roundQuantity(Number(r.on_hand ?? 0) - Number(r.reserved ?? 0))]),
      );
      const rows: MoveRow[] = [];
      for (const itemId of ids) {
        const here = (buckets.get(itemId) ?? []).map((b) => ({
          lotId: b.lot_id,
          quantity: Number(b.quantity),
        }));
        const atLocation = here.reduce((s, b) => s + b.quantity, 0);
        const take = roundQuantity(Math.min(wanted.get(itemId) ?? 0, atLocation, free.get(itemId) ?? 0));
        if (take <= QUANTITY_EPSILON) continue;
        const allocation = allocateStock(here, take);
        if (!allocation.ok) continue; // cannot happen: take is at most what is here
        issued.set(itemId, take);
        for (const t of allocation.takes)
          rows.push({
            kind: 'issue',
            itemId,
            locationId,
            lotId: t.lotId,
            quantity: String(-t.quantity),
            reference: input.reference,
            jobId: input.jobId,
            salesOrderLineId: line,
            note: input.note,
          });
      }
      if (rows.length === 0) return issued;
      await this.post(tx, actor, 'backflush', rows);
      if (line) await this.consumeMany(tx, line, issued);
      return issued;
    });
  }

  /** Ships stock to the customer of a sales order line, consuming the line's reservation. */
  async ship(actor: Actor, input: ShipmentInput): Promise<StockPosting> {
    positive(input.quantity);
    return this.takeOut(actor, 'shipment', input, { jobId: null, salesOrderLineId: input.salesOrderLineId });
  }

  /**
   * Corrects the stock of one item, location and lot by a signed quantity (a count found more
   * or less), with the reason in the note. Stock never goes below zero.
   */
  async adjust(actor: Actor, input: StockAdjustmentBody): Promise<StockPosting> {
    if (!Number.isFinite(input.quantity) || input.quantity === 0)
      throw ruleViolation('quantity', 'non-zero', 'an adjustment changes stock: a quantity other than 0');
    const note = input.note?.trim();
    if (!note) throw ruleViolation('note', 'required', 'say why stock is adjusted');
    const lotId = input.lotId ?? null;
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      const [item, location] = await Promise.all([
        this.requireItem(tx, input.itemId),
        this.requireLocation(tx, input.locationId, 'locationId'),
      ]);
      if (lotId) await this.requireLot(tx, lotId, input.itemId);
      if (input.quantity < 0) {
        const [bucket] = await this.buckets(tx, input.itemId, input.locationId, lotId);
        const onHand = bucket?.quantity ?? 0;
        if (-input.quantity > onHand + QUANTITY_EPSILON)
          throw notOnHand(item, location.code, onHand, -input.quantity, 'adjust away');
      }
      const moves = await this.post(tx, actor, 'adjust', [
        {
          kind: 'adjustment',
          itemId: input.itemId,
          locationId: input.locationId,
          lotId,
          quantity: String(input.quantity),
          note,
        },
      ]);
      return {
        moves: await this.moveViews(
          tx,
          moves.map((m) => m.id),
        ),
        transferId: null,
      };
    });
  }

  /** Moves stock between locations: an out and an in row per lot, sharing one transferId. */
  async transfer(actor: Actor, input: StockTransferBody): Promise<StockPosting> {
    positive(input.quantity);
    if (input.fromLocationId === input.toLocationId)
      throw ruleViolation('toLocationId', 'other-location', 'a transfer goes to another location');
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      const [item, from] = await Promise.all([
        this.requireItem(tx, input.itemId),
        this.requireLocation(tx, input.fromLocationId, 'fromLocationId'),
        this.requireLocation(tx, input.toLocationId, 'toLocationId'),
      ]);
      if (input.lotId) await this.requireLot(tx, input.lotId, input.itemId);
      const allocation = allocateStock(
        await this.buckets(tx, input.itemId, input.fromLocationId, input.lotId),
        input.quantity,
      );
      if (!allocation.ok)
        throw notOnHand(item, from.code, allocation.onHand, input.quantity, 'transfer', input.lotId);
      const transferId = crypto.randomUUID();
      const note = input.note?.trim() || null;
      const rows = allocation.takes.flatMap((t): MoveRow[] => [
        {
          kind: 'transfer',
          itemId: input.itemId,
          locationId: input.fromLocationId,
          lotId: t.lotId,
          quantity: String(-t.quantity),
          transferId,
          note,
        },
        {
          kind: 'transfer',
          itemId: input.itemId,
          locationId: input.toLocationId,
          lotId: t.lotId,
          quantity: String(t.quantity),
          transferId,
          note,
        },
      ]);
      const moves = await this.post(tx, actor, 'transfer', rows, transferId);
      return {
        moves: await this.moveViews(
          tx,
          moves.map((m) => m.id),
        ),
        transferId,
      };
    });
  }

  /**
   * An issue or shipment: takes stock out of one location (the lot given, or oldest first),
   * refusing more than is on hand there, and more than is free of other lines' reservations.
   */
  private async takeOut(
    actor: Actor,
    kind: Extract<MoveKind, 'issue' | 'shipment'>,
    input: IssueInput,
    to: { jobId: string | null; salesOrderLineId: string | null },
  ): Promise<StockPosting> {
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      const [item, location] = await Promise.all([
        this.requireItem(tx, input.itemId),
        this.requireLocation(tx, input.locationId, 'locationId'),
      ]);
      if (input.lotId) await this.requireLot(tx, input.lotId, input.itemId);
      const allocation = allocateStock(
        await this.buckets(tx, input.itemId, input.locationId, input.lotId),
        input.quantity,
      );
      const verb = kind === 'issue' ? 'issue' : 'ship';
      if (!allocation.ok)
        throw notOnHand(item, location.code, allocation.onHand, input.quantity, verb, input.lotId);
      const free = await this.freeStock(tx, input.itemId, to.salesOrderLineId);
      if (input.quantity > free.free + QUANTITY_EPSILON)
        throw new RuleViolationError(
          `only ${fmt(free.free)} ${item.uom} of ${item.number} is free: ${fmt(free.reservedForOthers)} is reserved for other sales order lines`,
          [
            {
              field: 'quantity',
              rule: 'unreserved',
              message: `at most ${fmt(free.free)} ${item.uom} is free of reservations`,
            },
          ],
          { free: free.free, reserved: free.reservedForOthers },
        );
      const note = input.note?.trim() || null;
      const moves = await this.post(
        tx,
        actor,
        verb,
        allocation.takes.map((t) => ({
          kind,
          itemId: input.itemId,
          locationId: input.locationId,
          lotId: t.lotId,
          quantity: String(-t.quantity),
          reference: input.reference ?? null,
          jobId: to.jobId,
          salesOrderLineId: to.salesOrderLineId,
          note,
        })),
      );
      if (to.salesOrderLineId) await this.consume(tx, to.salesOrderLineId, input.itemId, input.quantity);
      return {
        moves: await this.moveViews(
          tx,
          moves.map((m) => m.id),
        ),
        transferId: null,
      };
    });
  }

  /** Appends ledger rows and one audit entry for them. */
  private async post(tx: Tx, actor: Actor, action: string, rows: MoveRow[], transferId?: string) {
    const moves = await tx
      .insert(stockMoves)
      .values(rows.map((r) => ({ ...r, actorName: actor.name })))
      .returning();
    await recordAudit(tx, actor, {
      entity: 'stock',
      entityId: transferId ?? moves[0].id,
      action,
      after: {
        moves: moves.map((m) => ({
          id: m.id,
          kind: m.kind,
          itemId: m.itemId,
          locationId: m.locationId,
          lotId: m.lotId,
          quantity: Number(m.quantity),
          reference: m.reference,
        })),
        note: moves[0].note,
      },
    });
    return moves;
  }

  // ---------------------------------------------------------------- reservations

  /**
   * Sets stock aside for a sales order line: up to what is available (on hand less everything
   * reserved). Returns what it reserved, 0 when nothing is free.
   */
  async reserveForLine(
    actor: Actor,
    input: { salesOrderLineId: string; itemId: string; quantity: number },
  ): Promise<number> {
    if (!(input.quantity > QUANTITY_EPSILON)) return 0;
    return this.db.transaction(async (tx) => {
      await this.lockItem(tx, input.itemId);
      const free = await this.freeStock(tx, input.itemId, null);
      const reserved = roundQuantity(Math.min(input.quantity, Math.max(0, free.free)));
      if (reserved <= QUANTITY_EPSILON) return 0;
      await tx.insert(stockReservations).values({
        itemId: input.itemId,
        salesOrderLineId: input.salesOrderLineId,
        quantity: String(reserved),
      });
      await recordAudit(tx, actor, {
        entity: 'stock-reservation',
        entityId: input.salesOrderLineId,
        action: 'reserve',
        after: { itemId: input.itemId, quantity: reserved, requested: input.quantity },
      });
      return reserved;
    });
  }

  /** Releases what is reserved for a line (of one item, or of all); returns the quantity freed. */
  /** Releases every reservation of these order lines (one statement); returns the quantity freed. */
  async releaseForLines(actor: Actor, salesOrderLineIds: string[]): Promise<number> {
    if (salesOrderLineIds.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const released = await tx
        .delete(stockReservations)
        .where(inArray(stockReservations.salesOrderLineId, salesOrderLineIds))
        .returning({
          salesOrderLineId: stockReservations.salesOrderLineId,
          itemId: stockReservations.itemId,
          quantity: stockReservations.quantity,
        });
      await recordAuditMany(
        tx,
        actor,
        [...groupBy(released, (r) => r.salesOrderLineId)].map(([salesOrderLineId, rows]) => ({
          entity: 'stock-reservation',
          entityId: salesOrderLineId,
          action: 'release',
          before: rows.map((r) => ({ itemId: r.itemId, quantity: Number(r.quantity) })),
        })),
      );
      return roundQuantity(released.reduce((s, r) => s + Number(r.quantity), 0));
    });
  }

  /**
   * What a scanned code names: a lot number (its item and lot), else an item number (the item,
   * oldest stock first). Null when it is neither.
   */
  async resolveScan(code: string): Promise<{ itemId: string; lotId: string | null; label: string } | null> {
    const text = code.trim();
    const [lot] = await this.db
      .select({ id: lots.id, itemId: lots.itemId, number: lots.number })
      .from(lots)
      .where(eq(lots.number, text));
    if (lot) return { itemId: lot.itemId, lotId: lot.id, label: `lot ${lot.number}` };
    const [item] = await this.db
      .select({ id: items.id, number: items.number })
      .from(items)
      .where(eq(items.number, text));
    return item ? { itemId: item.id, lotId: null, label: item.number } : null;
  }

  /** The default location to take stock from: stores, else any active location. */
  async storesLocationId(): Promise<string> {
    const location = await this.storesOrNull(this.db);
    if (!location) throw ruleViolation('locationId', 'required', 'no stock location: create one first');
    return location;
  }

  private async storesOrNull(db: Db | Tx): Promise<string | null> {
    const [location] = await db
      .select({ id: stockLocations.id })
      .from(stockLocations)
      .where(eq(stockLocations.active, true))
      .orderBy(sql`${stockLocations.kind} <> 'stores'`, asc(stockLocations.code))
      .limit(1);
    return location?.id ?? null;
  }

  /** What was issued to these jobs, per job and item (one query). */
  async issuedToJobs(jobIds: string[]): Promise<{ jobId: string; itemId: string; quantity: number }[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.db
      .select({
        jobId: stockMoves.jobId,
        itemId: stockMoves.itemId,
        quantity: sql<string>`-sum(${stockMoves.quantity})`,
      })
      .from(stockMoves)
      .where(and(eq(stockMoves.kind, 'issue'), inArray(stockMoves.jobId, jobIds)))
      .groupBy(stockMoves.jobId, stockMoves.itemId);
    return rows.map((r) => ({ jobId: r.jobId as string, itemId: r.itemId, quantity: Number(r.quantity) }));
  }

  /** What is reserved for each of these lines (one query). */
  async reservedForLines(lineIds: string[]): Promise<Map<string, number>> {
    if (lineIds.length === 0) return new Map();
    const rows = await this.db
      .select({
        lineId: stockReservations.salesOrderLineId,
        quantity: sql<string>`sum(${stockReservations.quantity})`,
      })
      .from(stockReservations)
      .where(inArray(stockReservations.salesOrderLineId, lineIds))
      .groupBy(stockReservations.salesOrderLineId);
    return new Map(rows.map((r) => [r.lineId, Number(r.quantity)]));
  }

  /** Shipments to these lines: one row per delivery note (reference), line and lot. One query. */
  async shipmentsOfLines(lineIds: string[]) {
    if (lineIds.length === 0) return [];
    const rows = await this.db
      .select({
        reference: stockMoves.reference,
        salesOrderLineId: stockMoves.salesOrderLineId,
        at: sql<string>`min(${stockMoves.at})`,
        quantity: sql<string>`-sum(${stockMoves.quantity})`,
        lotNumber: lots.number,
      })
      .from(stockMoves)
      .leftJoin(lots, eq(lots.id, stockMoves.lotId))
      .where(and(eq(stockMoves.kind, 'shipment'), inArray(stockMoves.salesOrderLineId, lineIds)))
      .groupBy(stockMoves.reference, stockMoves.salesOrderLineId, lots.number)
      .orderBy(sql`min(${stockMoves.at})`);
    return rows.map((r) => ({
      reference: r.reference,
      salesOrderLineId: r.salesOrderLineId as string,
      at: new Date(r.at).toISOString(),
      quantity: Number(r.quantity),
      lotNumber: r.lotNumber,
    }));
  }

  /** Every reservation, summed per item and line (as planning nets it). */
  async reservations(): Promise<{ itemId: string; salesOrderLineId: string; quantity: number }[]> {
    const rows = await this.db
      .select({
        itemId: stockReservations.itemId,
        salesOrderLineId: stockReservations.salesOrderLineId,
        quantity: sql<string>`sum(${stockReservations.quantity})`,
      })
      .from(stockReservations)
      .groupBy(stockReservations.itemId, stockReservations.salesOrderLineId)
      .orderBy(stockReservations.itemId, stockReservations.salesOrderLineId);
    return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
  }

  async listReservations(query: {
    limit: number;
    offset: number;
    salesOrderLineId?: string;
    itemId?: string;
  }): Promise<Page<StockReservationView>> {
    const where = and(
      query.salesOrderLineId ? eq(stockReservations.salesOrderLineId, query.salesOrderLineId) : undefined,
      query.itemId ? eq(stockReservations.itemId, query.itemId) : undefined,
    );
    const grouped = () =>
      this.db
        .select({
          itemId: stockReservations.itemId,
          salesOrderLineId: stockReservations.salesOrderLineId,
          itemNumber: items.number,
          itemName: items.name,
          quantity: sql<string>`sum(${stockReservations.quantity})`.as('quantity'),
          reservedAt: sql<Date>`min(${stockReservations.createdAt})`.as('reserved_at'),
        })
        .from(stockReservations)
        .innerJoin(items, eq(items.id, stockReservations.itemId))
        .where(where)
        .groupBy(stockReservations.itemId, stockReservations.salesOrderLineId, items.number, items.name);
    const [rows, [{ total }]] = await Promise.all([
      grouped()
        .orderBy(asc(items.number), asc(stockReservations.salesOrderLineId))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(grouped().as('g')),
    ]);
    return {
      items: rows.map((r) => ({
        itemId: r.itemId,
        itemNumber: r.itemNumber,
        itemName: r.itemName,
        salesOrderLineId: r.salesOrderLineId,
        quantity: Number(r.quantity),
        reservedAt: new Date(r.reservedAt).toISOString(),
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Takes a shipped or issued quantity off the line's reservation of the item. */
  private async consume(tx: Tx, salesOrderLineId: string, itemId: string, quantity: number) {
    const mine = and(
      eq(stockReservations.salesOrderLineId, salesOrderLineId),
      eq(stockReservations.itemId, itemId),
    );
    const [held] = await tx
      .select({
        quantity: sql<string | null>`sum(${stockReservations.quantity})`,
        since: sql<Date | null>`min(${stockReservations.createdAt})`,
      })
      .from(stockReservations)
      .where(mine);
    const reserved = Number(held?.quantity ?? 0);
    if (reserved <= QUANTITY_EPSILON) return;
    await tx.delete(stockReservations).where(mine);
    const rest = roundQuantity(reserved - quantity);
    if (rest > QUANTITY_EPSILON)
      await tx.insert(stockReservations).values({
        itemId,
        salesOrderLineId,
        quantity: String(rest),
        createdAt: held.since ? new Date(held.since) : new Date(),
      });
  }

  /** `consume` for several items of one line in one statement: quantities by item id. */
  private async consumeMany(tx: Tx, salesOrderLineId: string, quantities: ReadonlyMap<string, number>) {
    if (quantities.size === 0) return;
    const taken = sql.join(
      [...quantities].map(([itemId, quantity]) => sql`(${itemId}::uuid, ${String(quantity)}::numeric)`),
      sql`, `,
    );
    await tx.execute(
      sql`with taken(item_id, quantity) as (values ${taken}),
          held as (
            delete from stock_reservations r using taken t
            where r.sales_order_line_id = ${salesOrderLineId} and r.item_id = t.item_id
            returning r.item_id, r.quantity, r.created_at)
          insert into stock_reservations (item_id, sales_order_line_id, quantity, created_at)
          select h.item_id, ${salesOrderLineId}, sum(h.quantity) - t.quantity, min(h.created_at)
          from held h join taken t on t.item_id = h.item_id
          group by h.item_id, t.quantity
          having sum(h.quantity) - t.quantity > ${QUANTITY_EPSILON}`,
    );
  }

  // ---------------------------------------------------------------- on hand

  /** On hand per item (all locations and lots), for the items given or every item with stock. */
  async onHandByItem(itemIds?: string[]): Promise<Map<string, number>> {
    if (itemIds && itemIds.length === 0) return new Map();
    const rows = await this.db
      .select({ itemId: stockMoves.itemId, quantity: sumQuantity })
      .from(stockMoves)
      .where(itemIds ? inArray(stockMoves.itemId, itemIds) : undefined)
      .groupBy(stockMoves.itemId)
      .having(sql`sum(${stockMoves.quantity}) <> 0`)
      .orderBy(stockMoves.itemId);
    return new Map(rows.map((r) => [r.itemId, Number(r.quantity)]));
  }

  /** On hand by item, location and lot: every bucket the ledger does not sum to zero. */
  async onHand(query: {
    limit: number;
    offset: number;
    q?: string;
    itemId?: string;
    locationId?: string;
  }): Promise<Page<StockLine>> {
    const where = and(
      query.itemId ? eq(stockMoves.itemId, query.itemId) : undefined,
      query.locationId ? eq(stockMoves.locationId, query.locationId) : undefined,
      query.q
        ? or(
            ilike(items.number, likePattern(query.q)),
            ilike(items.name, likePattern(query.q)),
            ilike(lots.number, likePattern(query.q)),
            ilike(stockLocations.code, likePattern(query.q)),
          )
        : undefined,
    );
    const grouped = () =>
      this.db
        .select({
          itemId: stockMoves.itemId,
          itemNumber: items.number,
          itemName: items.name,
          uom: items.uom,
          locationId: stockMoves.locationId,
          locationCode: stockLocations.code,
          lotId: stockMoves.lotId,
          lotNumber: lots.number,
          quantity: sumQuantity.as('quantity'),
        })
        .from(stockMoves)
        .innerJoin(items, eq(items.id, stockMoves.itemId))
        .innerJoin(stockLocations, eq(stockLocations.id, stockMoves.locationId))
        .leftJoin(lots, eq(lots.id, stockMoves.lotId))
        .where(where)
        .groupBy(
          stockMoves.itemId,
          items.number,
          items.name,
          items.uom,
          stockMoves.locationId,
          stockLocations.code,
          stockMoves.lotId,
          lots.number,
        )
        .having(sql`sum(${stockMoves.quantity}) <> 0`);
    const [rows, [{ total }]] = await Promise.all([
      grouped()
        .orderBy(asc(items.number), asc(stockLocations.code), sql`${lots.number} asc nulls first`)
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ total: count() })
        .from(
          this.db
            .select({ itemId: stockMoves.itemId })
            .from(stockMoves)
            .innerJoin(items, eq(items.id, stockMoves.itemId))
            .innerJoin(stockLocations, eq(stockLocations.id, stockMoves.locationId))
            .leftJoin(lots, eq(lots.id, stockMoves.lotId))
            .where(where)
            .groupBy(stockMoves.itemId, stockMoves.locationId, stockMoves.lotId)
            .having(sql`sum(${stockMoves.quantity}) <> 0`)
            .as('g'),
        ),
    ]);
    return {
      items: rows.map((r) => ({ ...r, quantity: Number(r.quantity) })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Available to promise per item: on hand less reserved (items with stock or reservations). */
  async availability(query: {
    limit: number;
    offset: number;
    q?: string;
    itemId?: string;
  }): Promise<Page<StockAvailabilityView>> {
    const filters: SQL[] = [
      query.itemId ? sql`i.id = ${query.itemId}` : sql`(oh.item_id is not null or rs.item_id is not null)`,
    ];
    if (query.q)
      filters.push(sql`(i.number ilike ${likePattern(query.q)} or i.name ilike ${likePattern(query.q)})`);
    const from = sql`from items i
      left join (select item_id, sum(quantity) as on_hand from stock_moves group by item_id) oh on oh.item_id = i.id
      left join (select item_id, sum(quantity) as reserved from stock_reservations group by item_id) rs on rs.item_id = i.id
      where ${sql.join(filters, sql` and `)}`;
    const [rows, [{ total }]] = await Promise.all([
      queryRows<{
        id: string;
        number: string;
        name: string;
        uom: string;
        on_hand: string | null;
        reserved: string | null;
      }>(
        this.db,
        sql`select i.id, i.number, i.name, i.uom, oh.on_hand, rs.reserved ${from}
            order by i.number limit ${query.limit} offset ${query.offset}`,
      ),
      queryRows<{ total: number }>(this.db, sql`select count(*)::int as total ${from}`),
    ]);
    return {
      items: rows.map((r) => {
        const onHand = Number(r.on_hand ?? 0);
        const reserved = Number(r.reserved ?? 0);
        return {
          itemId: r.id,
          itemNumber: r.number,
          itemName: r.name,
          uom: r.uom,
          onHand,
          reserved,
          available: roundQuantity(onHand - reserved),
        };
      }),
      total: Number(total),
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** The ledger, newest first. */
  async moves(query: {
    limit: number;
    offset: number;
    itemId?: string;
    locationId?: string;
    lotId?: string;
  }): Promise<Page<StockMove>> {
    const where = and(
      query.itemId ? eq(stockMoves.itemId, query.itemId) : undefined,
      query.locationId ? eq(stockMoves.locationId, query.locationId) : undefined,
      query.lotId ? eq(stockMoves.lotId, query.lotId) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.moveQuery(this.db)
        .where(where)
        .orderBy(desc(stockMoves.at), desc(stockMoves.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(stockMoves).where(where),
    ]);
    return { items: rows.map(toMove), total, limit: query.limit, offset: query.offset };
  }

  private moveQuery(db: Db | Tx) {
    return db
      .select({
        move: stockMoves,
        itemNumber: items.number,
        locationCode: stockLocations.code,
        lotNumber: lots.number,
      })
      .from(stockMoves)
      .innerJoin(items, eq(items.id, stockMoves.itemId))
      .innerJoin(stockLocations, eq(stockLocations.id, stockMoves.locationId))
      .leftJoin(lots, eq(lots.id, stockMoves.lotId))
      .$dynamic();
  }

  private async moveViews(db: Db | Tx, ids: string[]): Promise<StockMove[]> {
    const rows = await this.moveQuery(db).where(inArray(stockMoves.id, ids));
    const byId = new Map(rows.map((r) => [r.move.id, toMove(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  // ---------------------------------------------------------------- helpers

  /** Postings of one item are serialized: the on-hand check and the write see the same ledger. */
  private async lockItem(tx: Tx, itemId: string) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.stock'), hashtext(${itemId}))`);
  }

  /** On hand of an item at a location per lot, oldest first (stock without a lot, then lots by age). */
  private async buckets(tx: Tx, itemId: string, locationId: string, lot: LotChoice): Promise<StockBucket[]> {
    const rows = await tx
      .select({ lotId: stockMoves.lotId, quantity: sumQuantity })
      .from(stockMoves)
      .leftJoin(lots, eq(lots.id, stockMoves.lotId))
      .where(
        and(
          eq(stockMoves.itemId, itemId),
          eq(stockMoves.locationId, locationId),
          lot === undefined ? undefined : lot === null ? isNull(stockMoves.lotId) : eq(stockMoves.lotId, lot),
        ),
      )
      .groupBy(stockMoves.lotId, lots.createdAt, lots.number)
      .having(sql`sum(${stockMoves.quantity}) <> 0`)
      .orderBy(sql`${stockMoves.lotId} is not null`, asc(lots.createdAt), asc(lots.number));
    return rows.map((r) => ({ lotId: r.lotId, quantity: Number(r.quantity) }));
  }

  /**
   * What of an item is free to take: on hand less what is reserved for lines other than
   * `forLine` (whose own reservation is its to take).
   */
  private async freeStock(tx: Tx, itemId: string, forLine: string | null) {
    const [row] = await queryRows<{ on_hand: string | null; reserved: string | null }>(
      tx,
      sql`select (select sum(quantity) from stock_moves where item_id = ${itemId}) as on_hand,
                 (select sum(quantity) from stock_reservations where item_id = ${itemId}
                    ${forLine ? sql`and sales_order_line_id <> ${forLine}` : sql``}) as reserved`,
    );
    const onHand = Number(row?.on_hand ?? 0);
    const reservedForOthers = Number(row?.reserved ?? 0);
    return { onHand, reservedForOthers, free: roundQuantity(onHand - reservedForOthers) };
  }

  private async requireItem(tx: Tx, itemId: string) {
    const [item] = await tx
      .select({ id: items.id, number: items.number, uom: items.uom })
      .from(items)
      .where(eq(items.id, itemId));
    if (!item) throw ruleViolation('itemId', 'exists', 'no item with this id');
    return item;
  }

  private async requireLocation(tx: Tx, locationId: string, field: string) {
    const [location] = await tx.select().from(stockLocations).where(eq(stockLocations.id, locationId));
    if (!location) throw ruleViolation(field, 'exists', 'no stock location with this id');
    if (!location.active) throw ruleViolation(field, 'active', `stock location ${location.code} is inactive`);
    return location;
  }

  private async requireLot(tx: Tx, lotId: string, itemId: string) {
    const [lot] = await tx.select().from(lots).where(eq(lots.id, lotId));
    if (!lot || lot.itemId !== itemId)
      throw ruleViolation('lotId', 'exists', 'no lot of this item with this id');
    return lot;
  }

  /** Where receipts go by default: the receiving location, else stores. */
  private async receivingLocation(tx: Tx) {
    const [location] = await tx
      .select()
      .from(stockLocations)
      .where(and(eq(stockLocations.active, true), inArray(stockLocations.kind, ['receiving', 'stores'])))
      .orderBy(sql`${stockLocations.kind} <> 'receiving'`, asc(stockLocations.code))
      .limit(1);
    if (!location)
      throw ruleViolation(
        'locationId',
        'required',
        'no receiving or stores location to receive into: create a stock location first',
      );
    return location;
  }

  /** The lot of a receipt: the one of this number and item, or a new one. */
  private async lotFor(tx: Tx, input: ReceiptInput) {
    const number = input.lotNumber?.trim() || (await nextDocumentNumber(tx, 'LOT'));
    const [existing] = await tx.select().from(lots).where(eq(lots.number, number));
    if (existing) {
      if (existing.itemId !== input.itemId)
        throw ruleViolation('lotNumber', 'unique', `lot ${number} is a lot of another item`);
      return existing;
    }
    const [lot] = await tx
      .insert(lots)
      .values({ number, itemId: input.itemId, purchaseOrderLineId: input.purchaseOrderLineId ?? null })
      .returning();
    return lot;
  }
}

function toMove(r: {
  move: typeof stockMoves.$inferSelect;
  itemNumber: string;
  locationCode: string;
  lotNumber: string | null;
}): StockMove {
  const m = r.move;
  return {
    id: m.id,
    at: m.at.toISOString(),
    kind: m.kind,
    itemId: m.itemId,
    itemNumber: r.itemNumber,
    locationId: m.locationId,
    locationCode: r.locationCode,
    lotId: m.lotId,
    lotNumber: r.lotNumber,
    quantity: Number(m.quantity),
    transferId: m.transferId,
    reference: m.reference,
    purchaseOrderLineId: m.purchaseOrderLineId,
    jobId: m.jobId,
    salesOrderLineId: m.salesOrderLineId,
    actorName: m.actorName,
    note: m.note,
  };
}

const fmt = (n: number) => String(roundQuantity(n));

function positive(quantity: number) {
  if (!(Number.isFinite(quantity) && quantity > 0))
    throw ruleViolation('quantity', 'positive', 'quantity must be greater than 0');
}

function notOnHand(
  item: { number: string; uom: string },
  locationCode: string,
  onHand: number,
  wanted: number,
  verb: string,
  lot?: LotChoice,
): RuleViolationError {
  const where = `${locationCode}${lot === null ? ' (without lot)' : lot ? ' (in that lot)' : ''}`;
  return new RuleViolationError(
    `cannot ${verb} ${fmt(wanted)} ${item.uom} of ${item.number}: only ${fmt(onHand)} ${item.uom} on hand at ${where}`,
    [{ field: 'quantity', rule: 'on-hand', message: `only ${fmt(onHand)} ${item.uom} on hand at ${where}` }],
    { onHand },
  );
}
