/**
 * Outbound webhooks against a real local receiver: subscriptions over the API, the dispatcher
 * (filters, no duplicates), the delivery worker (signature, retries with backoff, giving up,
 * timeouts, two workers at once) and the delivery log with redelivery.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { usingPostgres } from '../../testing/test-database';
import { type IntegrationEvent, recordIntegrationEvents } from './outbox';
import { WebhookDeliveryWorker } from './webhook-delivery-worker';
import { WebhookDispatcher } from './webhook-dispatcher';
import { verifyWebhookSignature } from './webhook-signature';
import { startTestReceiver, type TestReceiver } from './webhook-test-receiver';

let t: TestApp;
let receiver: TestReceiver;
const SECRET = 'test-secret-0123456789abcdef';
const SECOND = 1000;

beforeAll(async () => {
  [t, receiver] = await Promise.all([openTestApp(), startTestReceiver()]);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});
afterEach(async () => {
  // each test subscribes afresh; events stay, as in the outbox of a plant
  await t.services.db.execute(sql`delete from webhook_subscriptions`);
});

/** A worker without jitter (random 0.5 is the middle of the spread). */
const workerWith = (options: ConstructorParameters<typeof WebhookDeliveryWorker>[1] = {}) =>
  new WebhookDeliveryWorker(t.services.db, { random: () => 0.5, timeoutMs: 2000, ...options });

/** A moment safely after the rows just written (their times come from the database clock). */
const soon = () => new Date(Date.now() + SECOND);

const subscribe = async (body: Record<string, unknown>) => {
  const response = await t
    .as('admin')
    .post('/api/integration/webhooks', { secret: SECRET, url: receiver.url, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; secret: string };
};

const record = (...events: Partial<IntegrationEvent>[]) =>
  recordIntegrationEvents(
    t.services.db,
    events.map((e, x) => ({
      type: 'operation.reported',
      entity: 'job-operation',
      entityId: `op-${x}`,
      payload: { quantity: 5, note: 'a "quoted", comma' },
      ...e,
    })),
  );

const deliveriesOf = async (subscriptionId: string) =>
  (await t.as('planner').get(`/api/integration/webhooks/${subscriptionId}/deliveries`)).json().items as {
    id: string;
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    deliveredAt: string | null;
    nextAttemptAt: string | null;
  }[];

const deliveryRows = async () =>
  (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from webhook_deliveries`))[0]
    .n;

describe('webhook subscriptions', () => {
  it('shows a generated secret once, then only its hint, and audits without it', async () => {
    const created = await t.as('admin').post('/api/integration/webhooks', {
      name: 'ERP confirmations',
      url: receiver.url,
      eventTypes: ['operation.reported', 'job.*'],
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ active: true, version: 1, eventTypes: ['operation.reported', 'job.*'] });
    expect(body.secretHint).toBe(`…${body.secret.slice(-4)}`);
    const got = (await t.as('supervisor').get(`/api/integration/webhooks/${body.id}`)).json();
    expect(got.secret).toBeUndefined();
    expect(got.deliveries).toEqual({ pending: 0, delivered: 0, failed: 0, lastDeliveredAt: null });
    const audit = (await t.as('admin').get(`/api/audit?entityId=${body.id}`)).json().items;
    expect(JSON.stringify(audit)).not.toContain(body.secret);
  });

  it('refuses a bad URL or event type naming the field, and writes need the admin', async () => {
    const bad = await t.as('admin').post('/api/integration/webhooks', {
      name: 'x',
      url: 'ftp://erp.example.com',
      eventTypes: ['Job Done'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['eventTypes.0', 'url']);
    const planner = await t.as('planner').post('/api/integration/webhooks', { name: 'x', url: receiver.url });
    expect(planner.statusCode).toBe(403);
    expect((await t.as('sales').get('/api/integration/webhooks')).statusCode).toBe(403);
  });

  it('changes with If-Match, answers 409 to a stale version, rotates the secret and deletes', async () => {
    const sub = await subscribe({ name: 'MES bridge' });
    const changed = await t
      .as('admin')
      .patch(`/api/integration/webhooks/${sub.id}`, { active: false }, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ active: false, version: 2, name: 'MES bridge' });
    const stale = await t
      .as('admin')
      .patch(`/api/integration/webhooks/${sub.id}`, { name: 'late' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 2 });
    expect((await t.as('admin').patch(`/api/integration/webhooks/${sub.id}`, { name: 'x' })).statusCode).toBe(
      428,
    );
    const rotated = await t.as('admin').post(`/api/integration/webhooks/${sub.id}/secret`, { version: 2 });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(SECRET);
    expect(rotated.json().version).toBe(3);
    const removed = await t.as('admin').delete(`/api/integration/webhooks/${sub.id}`, { 'if-match': '3' });
    expect(removed.statusCode).toBe(204);
    expect((await t.as('admin').get(`/api/integration/webhooks/${sub.id}`)).statusCode).toBe(404);
  });
});

describe('dispatching events to subscriptions', () => {
  it('creates deliveries only for matching active subscriptions: exact types, prefixes, or all', async () => {
    const exact = await subscribe({ name: 'exact', eventTypes: ['operation.reported'] });
    const prefix = await subscribe({ name: 'prefix', eventTypes: ['job.*'] });
    const all = await subscribe({ name: 'all' });
    const inactive = await subscribe({ name: 'off', active: false });
    await record(
      { type: 'operation.reported' },
      { type: 'job.completed' },
      { type: 'order.shipped' },
      { type: 'jobs.other' },
    );
    await new WebhookDispatcher(t.services.db).dispatch();
    const types = async (id: string) => (await deliveriesOf(id)).map((d) => d.eventType).sort();
    expect(await types(exact.id)).toEqual(['operation.reported']);
    expect(await types(prefix.id)).toEqual(['job.completed']);
    expect(await types(all.id)).toEqual([
      'job.completed',
      'jobs.other',
      'operation.reported',
      'order.shipped',
    ]);
    expect(await types(inactive.id)).toEqual([]);
  });

  it('makes no duplicate delivery rows when the dispatcher runs twice, or in two processes', async () => {
    const sub = await subscribe({ name: 'once' });
    await record({}, {}, {});
    const first = new WebhookDispatcher(t.services.db);
    const second = new WebhookDispatcher(t.services.db); // another process: its own floor
    expect(await first.dispatch()).toBe(3);
    const rows = await deliveryRows();
    expect(await first.dispatch()).toBe(0);
    expect(await Promise.all([first.dispatch(), second.dispatch()])).toEqual([0, 0]);
    expect(await deliveryRows()).toBe(rows);
    await record({});
    expect((await Promise.all([first.dispatch(), second.dispatch()])).reduce((a, b) => a + b)).toBe(1);
    expect((await deliveriesOf(sub.id)).length).toBe(4);
  });

  it.runIf(usingPostgres())(
    'still dispatches an event whose transaction commits after a later one',
    async () => {
      const sub = await subscribe({ name: 'late commit' });
      const schema = t.database.location.match(/\(schema (\w+)\)/)![1];
      const writer = new pg.Client({ connectionString: process.env.TAKT_TEST_DATABASE_URL });
      await writer.connect();
      try {
        await writer.query(`set search_path to ${schema}`);
        await writer.query('begin');
        await writer.query(
          `insert into integration_events (type, entity, entity_id, payload) values ('job.completed', 'job', 'slow', '{}')`,
        );
        await record({ type: 'job.started', entityId: 'quick' }); // a higher sequence, committed first
        const dispatcher = new WebhookDispatcher(t.services.db);
        expect(await dispatcher.dispatch()).toBe(1);
        await writer.query('commit');
        expect(await dispatcher.dispatch()).toBe(1);
      } finally {
        await writer.end();
      }
      expect((await deliveriesOf(sub.id)).map((d) => d.eventType).sort()).toEqual([
        'job.completed',
        'job.started',
      ]);
    },
  );

  it('does not send events from before a subscription was made', async () => {
    await record({ type: 'old.event' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sub = await subscribe({ name: 'late' });
    await new WebhookDispatcher(t.services.db).dispatch();
    expect((await deliveriesOf(sub.id)).map((d) => d.eventType)).not.toContain('old.event');
  });
});

describe('delivering', () => {
  it('POSTs the event signed, so the receiver can verify it', async () => {
    const sub = await subscribe({ name: 'signed', eventTypes: ['operation.reported'] });
    await record({ entityId: 'op-signed' });
    const pass = await workerWith().runOnce(soon());
    expect(pass).toMatchObject({ dispatched: 1, attempted: 1, delivered: 1 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toMatchObject({
      type: 'operation.reported',
      entity: 'job-operation',
      entityId: 'op-signed',
      payload: { quantity: 5, note: 'a "quoted", comma' },
    });
    expect(Object.keys(request.json)).toEqual([
      'id',
      'sequence',
      'type',
      'entity',
      'entityId',
      'occurredAt',
      'payload',
    ]);
    expect(request.headers['takt-event-id']).toBe(request.json.id);
    expect(request.headers['takt-event-type']).toBe('operation.reported');
    const timestamp = Number(request.headers['takt-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    const signature = request.headers['takt-signature'] as string;
    expect(signature).toMatch(new RegExp(`^t=${timestamp},v1=[0-9a-f]{64}$`));
    expect(receiver.verifies(request, SECRET)).toBe(true);
    // what a receiver must refuse: another secret, a changed body, an old timestamp
    expect(verifyWebhookSignature('another-secret-0123456789', signature, request.rawBody)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyWebhookSignature(SECRET, signature, request.rawBody.replace('op-signed', 'op-forged')).valid,
    ).toBe(false);
    expect(
      verifyWebhookSignature(SECRET, signature, request.rawBody, { nowSeconds: timestamp + 3600 }),
    ).toEqual({ valid: false, reason: 'too-old' });
    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(delivery.deliveredAt).not.toBeNull();
  });

  it('retries a 500 with exponential backoff, then delivers the same event id', async () => {
    const sub = await subscribe({ name: 'flaky' });
    await record({ entityId: 'op-flaky' });
    receiver.answerWith(500, 503);
    const worker = workerWith();
    const t0 = soon();
    expect(await worker.runOnce(t0)).toMatchObject({ attempted: 1, retrying: 1 });
    let [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(delivery.lastError).toBe('HTTP 500: receiver says 500');
    expect(new Date(delivery.nextAttemptAt!).getTime()).toBe(t0.getTime() + 30 * SECOND);

    expect((await worker.runOnce(new Date(t0.getTime() + 29 * SECOND))).attempted).toBe(0);
    const t1 = new Date(t0.getTime() + 30 * SECOND);
    expect(await worker.runOnce(t1)).toMatchObject({ attempted: 1, retrying: 1 });
    [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 503 });
    expect(new Date(delivery.nextAttemptAt!).getTime()).toBe(t1.getTime() + 120 * SECOND);

    expect(await worker.runOnce(new Date(t1.getTime() + 120 * SECOND))).toMatchObject({ delivered: 1 });
    [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(new Set(receiver.received.map((r) => r.headers['takt-event-id'])).size).toBe(1);
    expect(receiver.received).toHaveLength(3);
  });

  it('spreads retries by jitter within ±20 %', async () => {
    const sub = await subscribe({ name: 'jitter' });
    await record({});
    receiver.answerWith(500);
    const t0 = soon();
    await workerWith({ random: () => 0 }).runOnce(t0);
    const [delivery] = await deliveriesOf(sub.id);
    expect(new Date(delivery.nextAttemptAt!).getTime()).toBe(t0.getTime() + 24 * SECOND);
  });

  it('gives up after the last attempt, keeps the log, and redelivers on request', async () => {
    const sub = await subscribe({ name: 'down' });
    await record({ entityId: 'op-down' });
    receiver.answerWith(500, 500, 500);
    const worker = workerWith({ retry: { delaysSeconds: [30, 120], maxAttempts: 3, jitter: 0.2 } });
    let now = soon();
    for (const wait of [0, 30, 120]) {
      now = new Date(now.getTime() + wait * SECOND);
      await worker.runOnce(now);
    }
    let [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });
    expect((await worker.runOnce(new Date(now.getTime() + 86_400 * SECOND))).attempted).toBe(0);
    expect(
      (await t.as('planner').get(`/api/integration/webhooks/${sub.id}`)).json().deliveries,
    ).toMatchObject({
      failed: 1,
      pending: 0,
    });

    const redelivered = await t
      .as('admin')
      .post(`/api/integration/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`);
    expect(redelivered.statusCode).toBe(201);
    expect(redelivered.json()).toMatchObject({ status: 'pending', attempts: 0, eventId: delivery.eventId });
    expect(await worker.runOnce(soon())).toMatchObject({ delivered: 1 });
    const log = await deliveriesOf(sub.id);
    expect(log.map((d) => d.status).sort()).toEqual(['delivered', 'failed']);
    [delivery] = log.filter((d) => d.status === 'delivered');
    expect(delivery.eventId).toBe(log[1].eventId);
    const failedOnly = await t
      .as('planner')
      .get(`/api/integration/webhooks/${sub.id}/deliveries?status=failed`);
    expect(failedOnly.json().total).toBe(1);
    expect(
      (await t.as('admin').post(`/api/integration/webhooks/${sub.id}/deliveries/${sub.id}/redeliver`))
        .statusCode,
    ).toBe(404);
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const sub = await subscribe({ name: 'slow' });
    await record({});
    receiver.delayAnswersBy(1500);
    try {
      await workerWith({ timeoutMs: 300 }).runOnce(soon());
    } finally {
      receiver.delayAnswersBy(0);
    }
    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toBe('no answer within 300 ms');
  });

  it('records a refused connection as the error', async () => {
    const closed = await startTestReceiver();
    const url = closed.url;
    await closed.close();
    const sub = await subscribe({ name: 'gone', url });
    await record({});
    await workerWith().runOnce(soon());
    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery.lastError).toMatch(/ECONNREFUSED/);
  });

  it('never sends one attempt twice when two workers run at once', async () => {
    const sub = await subscribe({ name: 'busy' });
    await record(...Array.from({ length: 12 }, (_, x) => ({ entityId: `op-busy-${x}` })));
    await new WebhookDispatcher(t.services.db).dispatch();
    const now = soon();
    const [a, b] = await Promise.all([
      workerWith({ batchSize: 4 }).runOnce(now),
      workerWith({ batchSize: 4 }).runOnce(now),
    ]);
    expect(a.attempted + b.attempted).toBe(12);
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((r) => r.json.id)).size).toBe(12);
    expect((await deliveriesOf(sub.id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(
      true,
    );
  });

  it('does not send to an inactive subscription', async () => {
    const sub = await subscribe({ name: 'paused' });
    await record({});
    await new WebhookDispatcher(t.services.db).dispatch();
    await t.as('admin').patch(`/api/integration/webhooks/${sub.id}`, { active: false }, { 'if-match': '1' });
    expect((await workerWith().runOnce(soon())).attempted).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('pings one subscription only, through the outbox and the worker', async () => {
    const target = await subscribe({ name: 'target' });
    const other = await subscribe({ name: 'other' });
    const ping = await t.as('admin').post(`/api/integration/webhooks/${target.id}/ping`);
    expect(ping.statusCode).toBe(201);
    expect(ping.json()).toMatchObject({ eventType: 'webhook.ping', status: 'pending' });
    expect(await workerWith().runOnce(soon())).toMatchObject({ delivered: 1 });
    expect(receiver.received.map((r) => r.json.type)).toEqual(['webhook.ping']);
    expect(await deliveriesOf(other.id)).toEqual([]);
  });

  it('runs on an interval until stopped', async () => {
    await subscribe({ name: 'interval' });
    await record({ entityId: 'op-interval' });
    const worker = workerWith();
    worker.start(50);
    try {
      await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(1);
    } finally {
      await worker.stop();
    }
    await record({ entityId: 'op-after-stop' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
  });
});
