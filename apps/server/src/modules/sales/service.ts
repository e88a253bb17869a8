/** Customers with their contacts and delivery addresses: the only writer of customers. */
import type { Customer, customerInput } from '@takt/contracts';
import { count, eq, ilike, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { customers } from './tables';

type CustomerInput = z.output<typeof customerInput>;

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
function withOneDefault(addresses: CustomerInput['deliveryAddresses']): CustomerInput['deliveryAddresses'] {
  const marked = addresses.filter((a) => a.isDefault).length;
  if (marked > 1)
    throw ruleViolation('deliveryAddresses', 'one-default', 'only one delivery address can be the default');
  if (marked === 0 && addresses.length > 0) return addresses.map((a, i) => ({ ...a, isDefault: i === 0 }));
  return addresses;
}

export class CustomerService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(ilike(customers.number, `%${query.q}%`), ilike(customers.name, `%${query.q}%`))
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

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<CustomerInput> & { active?: boolean },
  ): Promise<Customer> {
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
