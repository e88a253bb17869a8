/**
 * Sales orders from an external ERP, as a JSON batch or a CSV file. A batch is all or nothing:
 * every order is checked first (customers and items by number, every line rule of the sales
 * module), each broken rule named by its row and field (`orders.2.lines.0.itemNumber`, or
 * `line 7.item_number` in a file), and then all new orders are created in one transaction
 * through the sales module's SalesOrderService, so a bad row writes nothing.
 *
 * Idempotent by the external reference: it is kept as the order's customer reference, and a
 * (customer, reference) pair already in Takt is reported as `existing` and left as it is (a
 * resend is not an update; changes go through the order change API). A transaction-level
 * advisory lock per pair keeps two batches sent at once from both creating the order.
 */
import { randomUUID } from 'node:crypto';
import {
  type InboundSalesOrder,
  type InboundSalesOrderBatch,
  type InboundSalesOrderResult,
  inboundSalesOrder,
  type SalesOrder,
} from '@takt/contracts';
import { and, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { DomainError, type FieldIssue, RuleViolationError } from '../../platform/errors';
import {
  type CsvRow,
  parseDecimal,
  pickColumn,
  readCsv,
  rejectIfIssues,
  requireColumns,
} from '../catalog/csv-file';
import { items } from '../catalog/tables/items';
import { evaluateConfigurations } from '../sales/configured-line';
import { checkSellableLines } from '../sales/line-checks';
import type { SalesOrderService } from '../sales/order-service';
import { customers, salesOrders } from '../sales/tables';

type SalesOrdersOn = (tx: Tx) => SalesOrderService;

/** Renames a field of the batch (`orders.2.lines.0.quantity`) the way the caller named it. */
type FieldNamer = (field: string) => string;

/** a customer id is a uuid, so the first slash ends it */
const keyOf = (customerId: string, reference: string) => `${customerId}/${reference}`;

/** `lines.<k>.<rest>` of the flattened lines back to `orders.<i>.lines.<j>.<rest>`, item ids as numbers. */
function remapLineIssues(error: RuleViolationError, at: { order: number; line: number }[]): FieldIssue[] {
  return error.issues.map((issue) => {
    const match = issue.field.match(/^lines\.(\d+)(\.(.*))?$/);
    const place = match ? at[Number(match[1])] : undefined;
    if (!match || !place) return issue;
    const rest = match[3] === 'itemId' ? 'itemNumber' : match[3];
    return { ...issue, field: `orders.${place.order}.lines.${place.line}${rest ? `.${rest}` : ''}` };
  });
}

export class InboundSalesOrders {
  constructor(
    private readonly db: Db,
    private readonly salesOrdersOn: SalesOrdersOn,
  ) {}

  /** Receives a batch: checks it whole, then creates the new orders in one transaction. */
  async receive(
    actor: Actor,
    batch: InboundSalesOrderBatch,
    nameField: FieldNamer = (f) => f,
  ): Promise<InboundSalesOrderResult> {
    const reject = (issues: FieldIssue[]) => {
      const named = issues.map((i) => ({ ...i, field: nameField(i.field) }));
      const shown = named.slice(0, 20).map((i) => `${i.field}: ${i.message}`);
      const more = named.length > 20 ? `; and ${named.length - 20} more` : '';
      return new RuleViolationError(
        `the batch was rejected, nothing was written: ${shown.join('; ')}${more}`,
        named,
      );
    };
    const { issues, customerBy, itemBy } = await this.referenceIssues(batch.orders);
    if (issues.length > 0) throw reject(issues);

    const orders = batch.orders.map((order) => ({
      ...order,
      customerId: customerBy.get(order.customerNumber)!.id,
      lines: order.lines.map((l) => ({ ...l, itemId: itemBy.get(l.itemNumber)! })),
    }));

    return this.db.transaction(async (tx) => {
      // one advisory lock per (customer, reference), taken in a fixed order so batches cannot deadlock
      const keys = [...new Set(orders.map((o) => keyOf(o.customerId, o.externalReference)))].sort();
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(k.key, 0))
              from (select key from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as e(key) order by key) k`,
      );
      const known = await tx
        .select({
          id: salesOrders.id,
          number: salesOrders.number,
          status: salesOrders.status,
          customerId: salesOrders.customerId,
          reference: salesOrders.customerReference,
        })
        .from(salesOrders)
        .where(
          and(
            inArray(
              salesOrders.customerId,
              orders.map((o) => o.customerId),
            ),
            inArray(
              salesOrders.customerReference,
              orders.map((o) => o.externalReference),
            ),
          ),
        );
      const existing = new Map(known.map((k) => [keyOf(k.customerId, k.reference ?? ''), k]));
      const fresh = orders.flatMap((order, i) =>
        existing.has(keyOf(order.customerId, order.externalReference)) ? [] : [{ order, i }],
      );

      // every line rule of the sales module, for all new lines at once
      const at = fresh.flatMap(({ order, i }) => order.lines.map((_, j) => ({ order: i, line: j })));
      const flatLines = fresh.flatMap(({ order }) => order.lines);
      try {
        await checkSellableLines(tx, flatLines);
        if (flatLines.some((l) => l.configuration)) await evaluateConfigurations(tx, flatLines);
      } catch (error) {
        if (error instanceof RuleViolationError) throw reject(remapLineIssues(error, at));
        throw error;
      }

      const service = this.salesOrdersOn(tx);
      const created = new Map<number, SalesOrder>();
      for (const { order, i } of fresh) {
        try {
          let written = await service.create(actor, {
            customerId: order.customerId,
            customerReference: order.externalReference,
            lines: order.lines.map((l) => ({
              itemId: l.itemId,
              quantity: l.quantity,
              requestedDate: l.requestedDate,
              unitPrice: l.unitPrice,
              discountPercent: l.discountPercent,
              ...(l.configuration ? { configuration: l.configuration } : {}),
            })),
          });
          if (batch.confirm) written = await service.confirm(actor, written.id, written.version);
          created.set(i, written);
        } catch (error) {
          if (error instanceof DomainError && error.status === 422)
            throw reject(
              (error.issues.length
                ? error.issues
                : [{ field: '', rule: 'rule-violation', message: error.message }]
              ).map((issue) => ({
                ...issue,
                field: `orders.${i}${issue.field ? `.${issue.field.replace(/\.itemId$/, '.itemNumber')}` : ''}`,
              })),
            );
          throw error;
        }
      }

      const result: InboundSalesOrderResult = {
        created: created.size,
        existing: orders.length - created.size,
        orders: orders.map((order, i) => {
          const made = created.get(i);
          const old = existing.get(keyOf(order.customerId, order.externalReference));
          return {
            externalReference: order.externalReference,
            customerNumber: order.customerNumber,
            outcome: made ? 'created' : 'existing',
            orderId: made?.id ?? old!.id,
            number: made?.number ?? old!.number,
            status: made?.status ?? old!.status,
          };
        }),
      };
      await recordAudit(tx, actor, {
        entity: 'inbound-sales-orders',
        entityId: randomUUID(),
        action: 'receive',
        after: {
          confirm: batch.confirm,
          orders: result.orders.map((o) => ({
            reference: o.externalReference,
            number: o.number,
            outcome: o.outcome,
          })),
        },
      });
      return result;
    });
  }

  /**
   * Customers and items by number, and references twice in the batch: every issue at once
   * (orders left out, undefined, keep their place so fields keep their row).
   */
  private async referenceIssues(orders: (InboundSalesOrder | undefined)[]) {
    const present = orders.flatMap((order, i) => (order ? [{ order, i }] : []));
    const issues: FieldIssue[] = [];
    const customerNumbers = [...new Set(present.map(({ order }) => order.customerNumber))];
    const itemNumbers = [...new Set(present.flatMap(({ order }) => order.lines.map((l) => l.itemNumber)))];
    // read-only lookups of numbers in the sales and catalog modules' tables; writes go through their services
    const [foundCustomers, foundItems] = await Promise.all([
      customerNumbers.length === 0
        ? []
        : this.db
            .select({
              id: customers.id,
              number: customers.number,
              active: customers.active,
              name: customers.name,
            })
            .from(customers)
            .where(inArray(customers.number, customerNumbers)),
      itemNumbers.length === 0
        ? []
        : this.db
            .select({ id: items.id, number: items.number })
            .from(items)
            .where(inArray(items.number, itemNumbers)),
    ]);
    const customerBy = new Map(foundCustomers.map((c) => [c.number, c]));
    const itemBy = new Map(foundItems.map((i) => [i.number, i.id]));
    const seen = new Map<string, number>();
    for (const { order, i } of present) {
      const customer = customerBy.get(order.customerNumber);
      if (!customer)
        issues.push({
          field: `orders.${i}.customerNumber`,
          rule: 'exists',
          message: `no customer with number ${order.customerNumber}`,
        });
      else if (!customer.active)
        issues.push({
          field: `orders.${i}.customerNumber`,
          rule: 'active',
          message: `customer ${order.customerNumber} (${customer.name}) is inactive`,
        });
      const key = `${order.customerNumber}\u0000${order.externalReference}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        issues.push({
          field: `orders.${i}.externalReference`,
          rule: 'unique',
          message: `${order.externalReference} of customer ${order.customerNumber} is also order ${earlier} of this batch`,
        });
      else seen.set(key, i);
      order.lines.forEach((line, j) => {
        if (!itemBy.has(line.itemNumber))
          issues.push({
            field: `orders.${i}.lines.${j}.itemNumber`,
            rule: 'exists',
            message: `no item with number ${line.itemNumber}`,
          });
      });
    }
    return { issues, customerBy, itemBy };
  }

  /**
   * A CSV file of order lines: external_reference, customer_number, item_number, quantity,
   * requested_date (YYYY-MM-DD)[, unit_price (in currency units, e.g. 12.50), discount_percent].
   * Rows with the same customer and reference are one order, lines in file order.
   */
  async receiveCsv(actor: Actor, text: string, confirm: boolean): Promise<InboundSalesOrderResult> {
    const rows = readCsv(text);
    if (rows.length === 0)
      rejectIfIssues([{ field: 'file', rule: 'not-empty', message: 'no order lines under the header' }]);
    const col = requireColumns(rows, {
      reference: ['external_reference', 'reference', 'order reference', 'order number', 'erp order'],
      customer: ['customer_number', 'customer', 'customer no'],
      item: ['item_number', 'item', 'part number'],
      quantity: ['quantity', 'qty'],
      date: ['requested_date', 'requested date', 'delivery date', 'date'],
    });
    const price = pickColumn(rows, ['unit_price', 'price']);
    const discount = pickColumn(rows, ['discount_percent', 'discount']);
    const cell = (row: CsvRow, column: string | undefined) =>
      column ? (row.values[column] ?? '').trim() : '';
    const issues: FieldIssue[] = [];
    /** orders in first-seen order; the file line of each order and of each of its lines */
    const orders = new Map<
      string,
      { firstLine: number; order: Record<string, unknown>; lineRows: number[] }
    >();
    for (const row of rows) {
      const reference = cell(row, col.reference);
      const customer = cell(row, col.customer);
      const quantity = parseDecimal(cell(row, col.quantity));
      const unitPrice = parseDecimal(cell(row, price));
      const discountPercent = parseDecimal(cell(row, discount));
      const bad = (column: string, rule: string, message: string) =>
        issues.push({ field: `line ${row.line}.${column}`, rule, message });
      for (const [column, value] of [
        ['external_reference', reference],
        ['customer_number', customer],
        ['item_number', cell(row, col.item)],
        ['quantity', cell(row, col.quantity)],
        ['requested_date', cell(row, col.date)],
      ] as const)
        if (!value) bad(column, 'required', 'is empty');
      if (Number.isNaN(quantity)) bad('quantity', 'number', `'${cell(row, col.quantity)}' is not a number`);
      if (Number.isNaN(unitPrice)) bad('unit_price', 'number', `'${cell(row, price)}' is not a number`);
      if (Number.isNaN(discountPercent))
        bad('discount_percent', 'number', `'${cell(row, discount)}' is not a number`);
      const key = `${customer}\u0000${reference}`;
      const entry = orders.get(key) ?? {
        firstLine: row.line,
        order: { externalReference: reference, customerNumber: customer, lines: [] as unknown[] },
        lineRows: [],
      };
      (entry.order.lines as unknown[]).push({
        itemNumber: cell(row, col.item),
        quantity: quantity ?? Number.NaN,
        requestedDate: cell(row, col.date),
        ...(unitPrice !== undefined && !Number.isNaN(unitPrice)
          ? { unitPrice: Math.round(unitPrice * 100) }
          : {}),
        ...(discountPercent !== undefined && !Number.isNaN(discountPercent) ? { discountPercent } : {}),
      });
      entry.lineRows.push(row.line);
      orders.set(key, entry);
    }
    const entries = [...orders.values()];
    const columnOf: Record<string, string> = {
      externalReference: 'external_reference',
      customerNumber: 'customer_number',
      itemNumber: 'item_number',
      quantity: 'quantity',
      requestedDate: 'requested_date',
      unitPrice: 'unit_price',
      discountPercent: 'discount_percent',
      configuration: 'configuration',
    };
    /** `orders.3.lines.1.quantity` → `line 9.quantity` */
    const nameField: FieldNamer = (field) => {
      const match = field.match(/^orders\.(\d+)(?:\.lines\.(\d+))?(?:\.([A-Za-z]+))?/);
      if (!match) return field;
      const entry = entries[Number(match[1])];
      if (!entry) return field;
      const line = match[2] !== undefined ? entry.lineRows[Number(match[2])] : entry.firstLine;
      const column = match[3] ? (columnOf[match[3]] ?? match[3]) : undefined;
      return `line ${line ?? entry.firstLine}${column ? `.${column}` : ''}`;
    };
    // each order parsed on its own, so the references of the good ones are checked in the same go
    const parsed = entries.map((entry, i) => {
      const one = inboundSalesOrder.safeParse(entry.order);
      if (one.success) return one.data;
      for (const issue of one.error.issues) {
        const field = nameField(`orders.${i}.${issue.path.join('.')}`);
        // an empty or unreadable cell is already reported in the file's words
        if (!issues.some((known) => known.field === field))
          issues.push({ field, rule: issue.code, message: issue.message });
      }
      return undefined;
    });
    const references = await this.referenceIssues(parsed);
    issues.push(...references.issues.map((i) => ({ ...i, field: nameField(i.field) })));
    rejectIfIssues(issues.sort((a, b) => lineOf(a.field) - lineOf(b.field)));
    try {
      return await this.receive(actor, { confirm, orders: parsed as InboundSalesOrder[] }, nameField);
    } catch (error) {
      if (error instanceof RuleViolationError) rejectIfIssues(error.issues);
      throw error;
    }
  }
}

const lineOf = (field: string) => Number(field.match(/^line (\d+)/)?.[1] ?? 0);
