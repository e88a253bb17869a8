/** Customers with their contacts and delivery addresses: the only writer of customers. */
import type { Customer, CustomerInput, DeliveryAddress, UpdateCustomer } from '@takt/contracts';
import { count, eq, ilike, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { customers } from './tables';

const toCustomer = (r: typeof customers.$inferSelect): Customer => ({
  id: r.id,
  number: r.number,
  name: r.name,
  vatId: r.vatId,
  currency: r.currency,
  paymentTerms: r.paymentTerms,
  contacts: r.contacts,
  deliveryAddresses: r.deliveryAddresses,
  active: r.active,
  version: r.version,
});

/** Exactly one default delivery address when there are any: the first one unless one is marked. */
function withOneDefault(addresses: DeliveryAddress[]): DeliveryAddress[] {
  const marked = addresses.flatMap((a, i) => (a.isDefault ? [i] : []));
  if (marked.length > 1)
    throw ruleViolation(
      `deliveryAddresses.${marked[1]}.isDefault`,
      'one-default',
      `only one delivery address can be the default (addresses ${marked.map((i) => i + 1).join(', ')} are marked)`,
    );
  if (marked.length === 0 && addresses.length > 0)
    return addresses.map((a, i) => ({ ...a, isDefault: i === 0 }));
  return addresses;
}

/**
 * Construct it on the app's database, or on a transaction handle to take part in a larger change
 * (`new CustomerService(tx).create(...)`): its own transaction then becomes a savepoint.
 */
export class CustomerService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(
          ilike(customers.number, likePattern(query.q)),
          ilike(customers.name, likePattern(query.q)),
          ilike(customers.vatId, likePattern(query.q)),
        )
      : undefined;
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(customers)
        .where(where)
        .orderBy(customers.number)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(customers).where(where),
    ]);
    return { items: rows.map(toCustomer), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<Customer> {
    const [row] = await this.db.select().from(customers).where(eq(customers.id, id));
    if (!row) throw new NotFoundError('customer', id);
    return toCustomer(row);
  }

  async create(actor: Actor, input: CustomerInput): Promise<Customer> {
    const deliveryAddresses = withOneDefault(input.deliveryAddresses);
    return this.db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.number, input.number));
      if (taken) throw ruleViolation('number', 'unique', `customer number ${input.number} is already taken`);
      const [row] = await tx
        .insert(customers)
        .values({ ...input, deliveryAddresses })
        .returning();
      const created = toCustomer(row);
      await recordAudit(tx, actor, {
        entity: 'customer',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async update(actor: Actor, id: string, version: number, patch: UpdateCustomer): Promise<Customer> {
    const deliveryAddresses = patch.deliveryAddresses ? withOneDefault(patch.deliveryAddresses) : undefined;
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
      if (!before) throw new NotFoundError('customer', id);
      if (before.version !== version) throw new VersionConflictError('customer', id, version, before.version);
      const [row] = await tx
        .update(customers)
        .set({ ...patch, deliveryAddresses, version: sql`${customers.version} + 1` })
        .where(eq(customers.id, id))
        .returning();
      const after = toCustomer(row);
      await recordAudit(tx, actor, {
        entity: 'customer',
        entityId: id,
        action: 'update',
        before: toCustomer(before),
        after,
      });
      return after;
    });
  }
}
