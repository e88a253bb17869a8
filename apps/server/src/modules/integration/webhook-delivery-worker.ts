/**
 * The delivery worker: each pass dispatches new events, then claims due deliveries and POSTs
 * them, signed, to their subscriptions' URLs.
 *
 * Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` selection that counts the attempt and
 * moves the delivery's next attempt past a lease (the timeout plus a minute): once committed,
 * no other process sees the delivery as due, and a process that dies mid-send leaves it to be
 * tried again after the lease. The HTTP calls happen outside any transaction (PGlite is one
 * connection; a pool connection is not held while a receiver is slow). Outcomes are written in
 * one UPDATE, only where the attempt count is still the one claimed.
 *
 * At least once: a receiver that answered 2xx after the lease ran out, or whose answer was
 * lost, gets the event again; it deduplicates on the event id (`Takt-Event-Id`).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Db, queryRows } from '../../platform/db/database';
import { defaultRetryPolicy, nextAttemptAt, type RetryPolicy } from './retry-schedule';
import { integrationEvents, webhookDeliveries, webhookSubscriptions } from './tables';
import { WebhookDispatcher } from './webhook-dispatcher';
import { signatureHeader } from './webhook-signature';

export interface WebhookWorkerOptions {
  /** deliveries claimed per batch */
  batchSize?: number;
  /** batches per pass at most (a pass ends earlier when nothing more is due) */
  maxBatches?: number;
  /** requests in flight at once */
  concurrency?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** jitter source, 0 <= x < 1 */
  random?: () => number;
  /** the dispatcher's lookback for late-committed events */
  lookbackSeconds?: number;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

export interface PassResult {
  dispatched: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

interface Claimed {
  deliveryId: string;
  attempts: number;
  url: string;
  secret: string;
  event: typeof integrationEvents.$inferSelect;
}

interface Outcome {
  id: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  at: string;
  next_at: string | null;
}

const USER_AGENT = 'Takt-Webhooks/1';
const ERROR_TEXT_LIMIT = 500;

/** The JSON body of a delivery, as signed. */
export function deliveryBody(event: typeof integrationEvents.$inferSelect): string {
  return JSON.stringify({
    id: event.id,
    sequence: event.sequence,
    type: event.type,
    entity: event.entity,
    entityId: event.entityId,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
  });
}

export class WebhookDeliveryWorker {
  private readonly options: Required<Omit<WebhookWorkerOptions, 'log'>> & Pick<WebhookWorkerOptions, 'log'>;
  private readonly dispatcher: WebhookDispatcher;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    options: WebhookWorkerOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? 25,
      maxBatches: options.maxBatches ?? 8,
      concurrency: options.concurrency ?? 5,
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: options.retry ?? defaultRetryPolicy,
      random: options.random ?? Math.random,
      lookbackSeconds: options.lookbackSeconds ?? 600,
      log: options.log,
    };
    this.dispatcher = new WebhookDispatcher(db, this.options.lookbackSeconds);
  }

  /** Runs a pass every `intervalMs` (never two at once) until `stop()`. */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.running = this.runOnce().catch((error: unknown) =>
        this.options.log?.error({ err: error }, 'webhook delivery pass failed; the next pass tries again'),
      );
      await this.running;
      this.running = undefined;
      if (!this.stopped) this.schedule(tick, intervalMs);
    };
    this.schedule(tick, intervalMs);
  }

  /** Stops the interval and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One pass: dispatch new events, then send what is due at `now` (the database's clock when
   * left out; tests pass a later moment instead of waiting for a retry).
   */
  async runOnce(now?: Date): Promise<PassResult> {
    const result: PassResult = {
      dispatched: await this.dispatcher.dispatch(),
      attempted: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
    };
    for (let batch = 0; batch < this.options.maxBatches; batch++) {
      const claimed = await this.claim(now);
      if (claimed.length === 0) break;
      const outcomes = await this.sendAll(claimed, now);
      await this.record(outcomes);
      result.attempted += outcomes.length;
      for (const o of outcomes) {
        if (o.status === 'delivered') result.delivered++;
        else if (o.status === 'failed') result.failed++;
        else result.retrying++;
      }
      if (claimed.length < this.options.batchSize) break;
    }
    return result;
  }

  private schedule(tick: () => Promise<void>, intervalMs: number) {
    this.timer = setTimeout(() => void tick(), intervalMs);
    this.timer.unref();
  }

  private async claim(now: Date | undefined): Promise<Claimed[]> {
    const at = sql`coalesce(${now?.toISOString() ?? null}::timestamptz, now())`;
    const leaseSeconds = (this.options.timeoutMs + 60_000) / 1000;
    const rows = await queryRows<{ id: string; attempts: number }>(
      this.db,
      sql`update webhook_deliveries as d
             set attempts = d.attempts + 1, next_attempt_at = ${at} + make_interval(secs => ${leaseSeconds})
           where d.id in (
                 select due.id
                   from webhook_deliveries due
                   join webhook_subscriptions s on s.id = due.subscription_id and s.active
                  where due.status = 'pending'
                    and due.next_attempt_at <= ${at}
                  order by due.next_attempt_at, due.id
                  limit ${this.options.batchSize}
                    for update of due skip locked)
          returning d.id, d.attempts`,
    );
    if (rows.length === 0) return [];
    const details = await this.db
      .select({
        deliveryId: webhookDeliveries.id,
        url: webhookSubscriptions.url,
        secret: webhookSubscriptions.secret,
        event: integrationEvents,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(integrationEvents, eq(integrationEvents.id, webhookDeliveries.eventId))
      .where(
        inArray(
          webhookDeliveries.id,
          rows.map((r) => r.id),
        ),
      );
    const attemptsOf = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
    return details
      .map((d) => ({ ...d, attempts: attemptsOf.get(d.deliveryId) ?? 0 }))
      .sort((a, b) => a.event.sequence - b.event.sequence);
  }

  private async sendAll(claimed: Claimed[], now: Date | undefined): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++];
        outcomes.push(await this.send(delivery, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, lane));
    return outcomes;
  }

  private async send(delivery: Claimed, now: Date | undefined): Promise<Outcome> {
    const body = deliveryBody(delivery.event);
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'takt-event-id': delivery.event.id,
          'takt-event-type': delivery.event.type,
          'takt-delivery-id': delivery.deliveryId,
          'takt-timestamp': String(timestamp),
          'takt-signature': signatureHeader(delivery.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      statusCode = response.status;
      const text = await response.text().catch(() => '');
      if (!response.ok)
        error = `HTTP ${response.status}${text ? `: ${text.slice(0, ERROR_TEXT_LIMIT)}` : ''}`;
    } catch (failure) {
      error = describeFailure(failure, this.options.timeoutMs);
    }
    const at = new Date().toISOString();
    if (error === null)
      return {
        id: delivery.deliveryId,
        attempts: delivery.attempts,
        status: 'delivered',
        status_code: statusCode,
        error,
        at,
        next_at: null,
      };
    const retryAt = nextAttemptAt(
      this.options.retry,
      delivery.attempts,
      now ?? new Date(),
      this.options.random,
    );
    if (!retryAt)
      this.options.log?.warn({ deliveryId: delivery.deliveryId, error }, 'webhook delivery given up');
    return {
      id: delivery.deliveryId,
      attempts: delivery.attempts,
      status: retryAt ? 'pending' : 'failed',
      status_code: statusCode,
      error,
      at,
      next_at: retryAt?.toISOString() ?? null,
    };
  }

  private async record(outcomes: Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.db.execute(
      sql`update webhook_deliveries as d
             set status = v.status,
                 last_status_code = v.status_code,
                 last_error = v.error,
                 delivered_at = case when v.status = 'delivered' then v.at else d.delivered_at end,
                 next_attempt_at = coalesce(v.next_at, d.next_attempt_at)
            from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
                 as v(id uuid, attempts int, status text, status_code int, error text, at timestamptz, next_at timestamptz)
           where d.id = v.id and d.attempts = v.attempts and d.status = 'pending'`,
    );
  }
}

function describeFailure(failure: unknown, timeoutMs: number): string {
  const error = failure as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const cause = error.cause?.code ?? error.cause?.message;
  return (cause ? `${error.message}: ${cause}` : error.message).slice(0, ERROR_TEXT_LIMIT);
}

/** Starts the worker of a server process; the returned function stops it (before the database closes). */
export function startWebhookDelivery(
  db: Db,
  intervalMs: number,
  log: WebhookWorkerOptions['log'],
): () => Promise<void> {
  const worker = new WebhookDeliveryWorker(db, { log });
  worker.start(intervalMs);
  return () => worker.stop();
}
