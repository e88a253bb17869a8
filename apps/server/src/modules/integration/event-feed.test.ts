/**
 * The pull API (a cursor on the outbox sequence) and the period exports (CSV with a stable
 * column set, JSON), over the API and the `takt export events` command.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommands } from '../../cli/commands';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { recordIntegrationEvents } from './outbox';

let t: TestApp;
let dir: string;

/** Events as a module records them, then aged (the feed shows an event once it has settled). */
async function recordAged(
  at: Date,
  events: { type: string; entityId: string; payload?: Record<string, unknown> }[],
) {
  await recordIntegrationEvents(
    t.services.db,
    events.map((e) => ({ entity: 'job', payload: {}, ...e })),
  );
  await t.services.db.execute(
    sql`update integration_events set occurred_at = ${at.toISOString()}::timestamptz
         where entity_id in ${events.map((e) => e.entityId)}`,
  );
}

beforeAll(async () => {
  t = await openTestApp();
  dir = mkdtempSync(join(tmpdir(), 'takt-export-'));
  await recordAged(new Date('2026-03-10T08:00:00Z'), [
    { type: 'operation.reported', entityId: 'e1', payload: { quantity: 4, note: 'first, "good"' } },
    { type: 'job.completed', entityId: 'e2', payload: { job: 'JOB-000001' } },
  ]);
  await recordAged(new Date('2026-03-31T23:30:00Z'), [{ type: 'order.shipped', entityId: 'e3' }]);
  await recordAged(new Date('2026-04-02T10:00:00Z'), [
    { type: 'job.started', entityId: 'e4' },
    { type: 'operation.reported', entityId: 'e5', payload: { quantity: 1 } },
  ]);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const pull = async (query: string) => {
  const response = await t.as('planner').get(`/api/integration/events?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    items: { entityId: string; sequence: number; type: string; payload: unknown }[];
    next: number;
    hasMore: boolean;
  };
};

describe('the pull API', () => {
  it('pages through the outbox in sequence order with a cursor', async () => {
    const first = await pull('after=0&limit=2');
    expect(first.items.map((e) => e.entityId)).toEqual(['e1', 'e2']);
    expect(first.hasMore).toBe(true);
    expect(first.next).toBe(first.items[1].sequence);
    const second = await pull(`after=${first.next}&limit=2`);
    expect(second.items.map((e) => e.entityId)).toEqual(['e3', 'e4']);
    const third = await pull(`after=${second.next}&limit=2`);
    expect(third.items.map((e) => e.entityId)).toEqual(['e5']);
    expect(third.hasMore).toBe(false);
    const empty = await pull(`after=${third.next}`);
    expect(empty).toEqual({ items: [], next: third.next, hasMore: false });
    expect(first.items[0]).toMatchObject({ type: 'operation.reported', payload: { quantity: 4 } });
  });

  it('filters by event types and prefixes', async () => {
    expect((await pull('types=operation.reported')).items.map((e) => e.entityId)).toEqual(['e1', 'e5']);
    expect((await pull('types=job.*,order.shipped')).items.map((e) => e.entityId)).toEqual([
      'e2',
      'e3',
      'e4',
    ]);
    const bad = await t.as('planner').get('/api/integration/events?types=Not%20A%20Type');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^types/);
  });

  it('shows an event only once it has settled', async () => {
    await recordIntegrationEvents(t.services.db, [
      { type: 'fresh.event', entity: 'job', entityId: 'fresh', payload: {} },
    ]);
    expect((await pull('types=fresh.event')).items).toEqual([]);
    await t.services.db.execute(
      sql`update integration_events set occurred_at = now() - interval '1 minute' where entity_id = 'fresh'`,
    );
    expect((await pull('types=fresh.event')).items.map((e) => e.entityId)).toEqual(['fresh']);
  });

  it('is for planners, supervisors and the admin', async () => {
    expect((await t.as('supervisor').get('/api/integration/events')).statusCode).toBe(200);
    expect((await t.as('operator').get('/api/integration/events')).statusCode).toBe(403);
  });
});

describe('period exports', () => {
  it('writes the CSV with a stable column set, payload as JSON, the period half-open', async () => {
    const response = await t
      .as('admin')
      .get('/api/integration/exports?from=2026-03-01&to=2026-04-01&format=csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="takt-events-2026-03-01-2026-04-01.csv"',
    );
    const [header, ...lines] = response.body.trimEnd().split('\n');
    expect(header).toBe('sequence,id,type,entity,entity_id,occurred_at,payload');
    expect(lines).toHaveLength(3); // an empty plant keeps UTC: e3 at 23:30 on March 31 is in March
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.entity_id)).toEqual(['e1', 'e2', 'e3']);
    expect(rows[0]).toMatchObject({
      type: 'operation.reported',
      entity: 'job',
      occurred_at: '2026-03-10T08:00:00.000Z',
    });
    expect(JSON.parse(rows[0].payload)).toEqual({ quantity: 4, note: 'first, "good"' });
    expect(Number(rows[1].sequence)).toBeGreaterThan(Number(rows[0].sequence));
  });

  it('writes JSON as an array of events, filtered by type', async () => {
    const response = await t
      .as('planner')
      .get(
        '/api/integration/exports?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z&format=json&types=operation.reported',
      );
    expect(response.statusCode).toBe(200);
    const events = response.json() as { entityId: string; payload: unknown; occurredAt: string }[];
    expect(events.map((e) => e.entityId)).toEqual(['e1', 'e5']);
    expect(events[1]).toMatchObject({ payload: { quantity: 1 }, occurredAt: '2026-04-02T10:00:00.000Z' });
    const none = await t
      .as('planner')
      .get('/api/integration/exports?from=2020-01-01&to=2020-02-01&format=json');
    expect(none.json()).toEqual([]);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const response = await t.as('admin').get('/api/integration/exports?from=2026-04-01&to=2026-03-01');
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'to', rule: 'after-from' });
    expect(
      (await t.as('admin').get('/api/integration/exports?from=yesterday&to=2026-03-01')).statusCode,
    ).toBe(400);
  });

  it('exports a period to a file from the command line', async () => {
    const exporter = cliCommands.find((c) => c.name === 'export')!;
    const out = join(dir, 'march.csv');
    const config = {} as Parameters<typeof exporter.run>[2];
    const code = await exporter.run(
      t.database,
      ['--from', '2026-03-01', '--to', '2026-04-01', '--format', 'csv', '--out', out],
      config,
    );
    expect(code).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.entity_id)).toEqual(['e1', 'e2', 'e3']);
    const json = join(dir, 'april.json');
    await exporter.run(
      t.database,
      ['events', '--from', '2026-04-01', '--to', '2026-05-01', '--format', 'json', '--out', json],
      config,
    );
    expect((JSON.parse(readFileSync(json, 'utf8')) as { entityId: string }[]).map((e) => e.entityId)).toEqual(
      ['e4', 'e5'],
    );
  });
});
