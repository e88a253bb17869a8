/**
 * Webhook subscriptions and their delivery log: the only writer of webhook_subscriptions, and,
 * with the dispatcher and the delivery worker, of webhook_deliveries. A secret is shown once,
 * when it is made (create, rotate); afterwards only its last characters.
 */
import type {
  UpdateWebhookSubscription,
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionInput,
} from '@takt/contracts';
import { and, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { integrationEvents, webhookDeliveries, webhookSubscriptions } from './tables';
import { newWebhookSecret } from './webhook-signature';

/** A ping goes to one subscription only (the dispatcher leaves this type alone). */
export const PING_EVENT_TYPE = 'webhook.ping';

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
type DeliveryCounts = WebhookSubscription['deliveries'];

const noDeliveries: DeliveryCounts = { pending: 0, delivered: 0, failed: 0, lastDeliveredAt: null };

const hintOf = (secret: string) => `…${secret.slice(-4)}`;

const toSubscription = (row: SubscriptionRow, deliveries: DeliveryCounts = noDeliveries) => ({
  id: row.id,
  name: row.name,
  url: row.url,
  eventTypes: row.eventTypes,
  active: row.active,
  secretHint: hintOf(row.secret),
  createdAt: row.createdAt.toISOString(),
  deliveries,
  version: row.version,
});

/** What the audit log keeps of a subscription: never the secret. */
const audited = (row: SubscriptionRow) => ({
  name: row.name,
  url: row.url,
  eventTypes: row.eventTypes,
  active: row.active,
  secretHint: hintOf(row.secret),
  version: row.version,
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export class WebhookService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(
          ilike(webhookSubscriptions.name, likePattern(query.q)),
          ilike(webhookSubscriptions.url, likePattern(query.q)),
        )
      : undefined;
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(webhookSubscriptions)
        .where(where)
        .orderBy(webhookSubscriptions.name, webhookSubscriptions.id)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(webhookSubscriptions).where(where),
    ]);
    const counts = await this.deliveryCounts(rows.map((r) => r.id));
    return {
      items: rows.map((r) => toSubscription(r, counts.get(r.id))),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<WebhookSubscription> {
    const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    if (!row) throw new NotFoundError('webhook subscription', id);
    return toSubscription(row, (await this.deliveryCounts([id], db)).get(id));
  }

  /** Creates a subscription; the answer carries the secret, the only time it is shown. */
  async create(actor: Actor, input: WebhookSubscriptionInput) {
    return this.db.transaction(async (tx) => {
      const secret = input.secret ?? newWebhookSecret();
      const [row] = await tx
        .insert(webhookSubscriptions)
        .values({
          name: input.name,
          url: input.url,
          secret,
          eventTypes: [...new Set(input.eventTypes)],
          active: input.active,
        })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'webhook-subscription',
        entityId: row.id,
        action: 'create',
        after: audited(row),
      });
      return { ...toSubscription(row), secret };
    });
  }

  async update(actor: Actor, id: string, version: number, patch: UpdateWebhookSubscription) {
    return this.db.transaction(async (tx) => {
      const before = await this.lockCurrent(tx, id, version);
      const [row] = await tx
        .update(webhookSubscriptions)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.eventTypes !== undefined ? { eventTypes: [...new Set(patch.eventTypes)] } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          ...(patch.secret !== undefined ? { secret: patch.secret } : {}),
          version: sql`${webhookSubscriptions.version} + 1`,
        })
        .where(eq(webhookSubscriptions.id, id))
        .returning();
      await recordAudit(tx, actor, {
        entity: 'webhook-subscription',
        entityId: id,
        action: patch.secret !== undefined ? 'update-secret' : 'update',
        before: audited(before),
        after: audited(row),
      });
      return this.get(id, tx);
    });
  }

  /** A new generated secret, shown once; the old one stops signing at once. */
  async rotateSecret(actor: Actor, id: string, version: number) {
    return this.db.transaction(async (tx) => {
      const before = await this.lockCurrent(tx, id, version);
      const secret = newWebhookSecret();
      const [row] = await tx
        .update(webhookSubscriptions)
        .set({ secret, version: sql`${webhookSubscriptions.version} + 1` })
        .where(eq(webhookSubscriptions.id, id))
        .returning();
      await recordAudit(tx, actor, {
        entity: 'webhook-subscription',
        entityId: id,
        action: 'rotate-secret',
        before: audited(before),
        after: audited(row),
      });
      return { ...(await this.get(id, tx)), secret };
    });
  }

  /** Removes a subscription and its delivery log; the events stay in the outbox. */
  async remove(actor: Actor, id: string, version: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lockCurrent(tx, id, version);
      await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
      await recordAudit(tx, actor, {
        entity: 'webhook-subscription',
        entityId: id,
        action: 'delete',
        before: audited(before),
      });
    });
  }

  /** The delivery log of a subscription, newest first. */
  async deliveries(
    subscriptionId: string,
    query: { limit: number; offset: number; status?: WebhookDelivery['status'] },
  ) {
    await this.get(subscriptionId);
    const where = and(
      eq(webhookDeliveries.subscriptionId, subscriptionId),
      query.status ? eq(webhookDeliveries.status, query.status) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ delivery: webhookDeliveries, event: integrationEvents })
        .from(webhookDeliveries)
        .innerJoin(integrationEvents, eq(integrationEvents.id, webhookDeliveries.eventId))
        .where(where)
        .orderBy(desc(webhookDeliveries.createdAt), desc(integrationEvents.sequence))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(webhookDeliveries).where(where),
    ]);
    return {
      items: rows.map((r) => toDelivery(r.delivery, r.event)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Sends an event again as a new delivery (due now, with a fresh retry budget); the old
   * delivery stays in the log as it was. Receivers see the same event id again.
   */
  async redeliver(actor: Actor, subscriptionId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.db.transaction(async (tx) => {
      const [original] = await tx
        .select()
        .from(webhookDeliveries)
        .where(
          and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)),
        );
      if (!original) throw new NotFoundError('webhook delivery', deliveryId);
      const [created] = await tx
        .insert(webhookDeliveries)
        .values({ subscriptionId, eventId: original.eventId })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'webhook-delivery',
        entityId: created.id,
        action: 'redeliver',
        after: { subscriptionId, eventId: original.eventId, redeliveryOf: deliveryId },
      });
      return this.delivery(tx, created.id);
    });
  }

  /**
   * A `webhook.ping` event addressed to this subscription alone, to check the receiver and
   * its signature check. It goes through the outbox and the worker like any event.
   */
  async ping(actor: Actor, subscriptionId: string): Promise<WebhookDelivery> {
    return this.db.transaction(async (tx) => {
      const subscription = await this.get(subscriptionId, tx);
      const [event] = await tx
        .insert(integrationEvents)
        .values({
          type: PING_EVENT_TYPE,
          entity: 'webhook-subscription',
          entityId: subscriptionId,
          payload: { name: subscription.name, message: 'a test event from Takt' },
        })
        .returning();
      const [created] = await tx
        .insert(webhookDeliveries)
        .values({ subscriptionId, eventId: event.id })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'webhook-subscription',
        entityId: subscriptionId,
        action: 'ping',
        after: { eventId: event.id, deliveryId: created.id },
      });
      return this.delivery(tx, created.id);
    });
  }

  private async delivery(db: Db | Tx, id: string): Promise<WebhookDelivery> {
    const [row] = await db
      .select({ delivery: webhookDeliveries, event: integrationEvents })
      .from(webhookDeliveries)
      .innerJoin(integrationEvents, eq(integrationEvents.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.id, id));
    return toDelivery(row.delivery, row.event);
  }

  private async lockCurrent(tx: Tx, id: string, version: number): Promise<SubscriptionRow> {
    const [row] = await tx
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, id))
      .for('update');
    if (!row) throw new NotFoundError('webhook subscription', id);
    if (row.version !== version)
      throw new VersionConflictError('webhook subscription', id, version, row.version);
    return row;
  }

  /** Deliveries per status of these subscriptions: one grouped query. */
  private async deliveryCounts(ids: string[], db: Db | Tx = this.db): Promise<Map<string, DeliveryCounts>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({
        subscriptionId: webhookDeliveries.subscriptionId,
        pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'pending')::int`,
        delivered: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'delivered')::int`,
        failed: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'failed')::int`,
        lastDeliveredAt: sql<string | null>`max(${webhookDeliveries.deliveredAt})`,
      })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.subscriptionId, ids))
      .groupBy(webhookDeliveries.subscriptionId);
    return new Map(
      rows.map((r) => [
        r.subscriptionId,
        {
          pending: r.pending,
          delivered: r.delivered,
          failed: r.failed,
          lastDeliveredAt: iso(r.lastDeliveredAt),
        },
      ]),
    );
  }
}

function toDelivery(
  d: typeof webhookDeliveries.$inferSelect,
  e: typeof integrationEvents.$inferSelect,
): WebhookDelivery {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: e.id,
    eventSequence: e.sequence,
    eventType: e.type,
    entity: e.entity,
    entityId: e.entityId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
  };
}
