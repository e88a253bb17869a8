/**
 * Machine data on the demo plant, through the service and the API: an event is stored once
 * however often it comes, batches commit set-based and are acknowledged only after the commit,
 * counted cycles land on the operation running on the machine, state changes open and close
 * stops (micro-stops below the threshold), and the terminal reports stops and gives reasons.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import type { BusLogger, BusMessage } from '../../platform/machine-data-bus';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { MachineDataIngestor } from './ingestor';
import type { MachineEvent } from './machine-message';
import { machineTopic } from './machine-message';

let t: TestApp;
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const seconds = (n: number) => T0 + n * 1000;
let sequence = 0;
const nextId = () => `ev-${++sequence}`;

const quietLog: BusLogger & { warnings: string[] } = {
  warnings: [],
  info() {},
  warn(_object, message) {
    quietLog.warnings.push(message ?? '');
  },
  error() {},
};

const count = (machineCode: string, cycles: number, at: number, eventId = nextId()): MachineEvent => ({
  machineCode,
  eventId,
  kind: 'count',
  state: null,
  cycles,
  rejects: 0,
  at,
});
const state = (
  machineCode: string,
  s: MachineEvent['state'],
  at: number,
  eventId = nextId(),
): MachineEvent => ({
  machineCode,
  eventId,
  kind: 'state',
  state: s,
  cycles: null,
  rejects: null,
  at,
});

const machineRow = async (code: string) =>
  (
    await queryRows<{ state: string; since: Date | string | null; total_cycles: number; events: number }>(
      t.services.db,
      sql`select state, since, total_cycles, events from machine_states where machine_code = ${code}`,
    )
  )[0];

const stopsOf = async (code: string) =>
  (await t.as('supervisor').get(`/api/machine-stops?machineCode=${code}&limit=100`)).json().items as {
    id: string;
    startedAt: string;
    endedAt: string | null;
    micro: boolean;
    source: string;
    waitingForReason: boolean;
    jobOperationId: string | null;
    version: number;
  }[];

// ---------------------------------------------------------------- test fixtures

/**
 * Test fixture: reason codes inserted directly. Production owns reason_codes; its service for
 * creating them is not settled yet, so the tests insert the rows they need here.
 */
async function fixtureReasonCode(kind: 'stop' | 'scrap', code: string, planned = false): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.services.db,
    sql`insert into reason_codes (kind, code, name, planned) values (${kind}, ${code}, ${`${code} (test)`}, ${planned})
        returning id`,
  );
  return row.id;
}

/**
 * Test fixture: a job with one operation running on machine `machineIndex` of a work center,
 * inserted directly (starting work is the terminal's business, owned by production).
 */
async function fixtureRunningOperation(workCenterCode: string, machineIndex: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.services.db,
    sql`with job as (
          insert into production_jobs (number, item_id, quantity, status, due)
          select ${`MD-TEST-${randomUUID().slice(0, 8)}`}, (select id from items order by number limit 1), 10,
                 'in-progress', now() + interval '7 days'
          returning id
        )
        insert into job_operations (job_id, number, name, predecessors, work_center_id, machine_index,
                                    setup_minutes, run_minutes, status, actual_start)
        select job.id, '010', 'machine-data test', '{}', w.id, ${machineIndex}, 10, 50, 'running', now()
        from job, work_centers w where w.code = ${workCenterCode}
        returning id`,
  );
  return row.id;
}

/** A bus message as the subscriber hands it over, recording its acknowledgement. */
function busMessage(topic: string, payload: unknown, acks: string[], tag: string): BusMessage {
  return {
    topic,
    payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    redelivered: false,
    ack: () => acks.push(tag),
  };
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('ingestion', () => {
  it('stores an event once: the same event twice is one row and its cycles count once', async () => {
    const machineData = t.services.machineData;
    const event = count('SAW-1', 7, seconds(1), 'saw-1-once');
    expect(await machineData.ingest([event])).toMatchObject({ inserted: 1, duplicates: 0 });
    expect(await machineData.ingest([event, event])).toMatchObject({ inserted: 0, duplicates: 2 });
    const rows = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from machine_events where machine_code = 'SAW-1' and event_id = 'saw-1-once'`,
    );
    expect(rows[0].n).toBe(1);
    expect(await machineRow('SAW-1')).toMatchObject({ total_cycles: 7, events: 1 });
  });

  it('batches messages into few transactions and acknowledges each only after its batch committed', async () => {
    const acks: string[] = [];
    const committed: number[] = [];
    const ingestor = new MachineDataIngestor(t.services.machineData, {
      flushMs: 10_000,
      batchSize: 500,
      log: quietLog,
      onCommitted: (events) => committed.push(events.length),
    });
    const batchesBefore = t.services.machineData.statistics.batches;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 1200; i++) {
      const machine = `LATHE-${(i % 3) + 1}`;
      const accepted = ingestor.accept(
        busMessage(
          machineTopic('plant', machine, 'count'),
          { eventId: `batch-${i}`, cycles: 1, at: new Date(seconds(100 + i)).toISOString() },
          acks,
          `m${i}`,
        ),
      );
      if (accepted) pending.push(accepted);
    }
    // two full batches go at once; the last 200 wait for flushMs (or a flush)
    await ingestor.flush();
    await Promise.all(pending);
    expect(committed).toEqual([500, 500, 200]);
    expect(t.services.machineData.statistics.batches - batchesBefore).toBe(3);
    expect(acks).toEqual(Array.from({ length: 1200 }, (_, i) => `m${i}`)); // in arrival order
    const totals = await queryRows<{ cycles: number }>(
      t.services.db,
      sql`select sum(total_cycles)::int as cycles from machine_states where machine_code like 'LATHE-%'`,
    );
    expect(totals[0].cycles).toBeGreaterThanOrEqual(1200);
    await ingestor.close();
  });

  it('does not acknowledge a message before its batch committed', async () => {
    const acks: string[] = [];
    const ingestor = new MachineDataIngestor(t.services.machineData, {
      flushMs: 60_000,
      batchSize: 1000,
      log: quietLog,
    });
    ingestor.accept(
      busMessage(
        machineTopic('plant', 'MILL-2', 'count'),
        { eventId: 'held-1', cycles: 2, at: new Date(seconds(5)).toISOString() },
        acks,
        'held-1',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acks).toEqual([]);
    expect(ingestor.pending).toBe(1);
    await ingestor.close();
    expect(acks).toEqual(['held-1']);
  });

  it('counts and logs bad messages and unknown machines, stores nothing of them, and still acknowledges them', async () => {
    const acks: string[] = [];
    const statistics = t.services.machineData.statistics;
    const before = { ...statistics };
    const ingestor = new MachineDataIngestor(t.services.machineData, {
      flushMs: 10,
      batchSize: 100,
      log: quietLog,
    });
    const at = new Date(seconds(9)).toISOString();
    ingestor.accept(busMessage('takt/plant/SAW-2/count', '{not json', acks, 'json'));
    ingestor.accept(busMessage('takt/plant/SAW-2/count', { eventId: 'x', cycles: -1, at }, acks, 'cycles'));
    ingestor.accept(
      busMessage('takt/plant/SAW-2/state', { eventId: 'y', state: 'exploded', at }, acks, 'state'),
    );
    ingestor.accept(
      busMessage('takt/plant/SAW-2/count', { eventId: 'z', cycles: 1, at: 'yesterday' }, acks, 'at'),
    );
    ingestor.accept(busMessage('takt/plant/SAW-2/temperature', { eventId: 'w', at }, acks, 'topic'));
    ingestor.accept(busMessage('takt/plant/NOPE-1/count', { eventId: 'u1', cycles: 3, at }, acks, 'unknown'));
    ingestor.accept(busMessage('takt/plant/SAW-2/count', { eventId: 'fine', cycles: 3, at }, acks, 'fine'));
    await ingestor.close();
    expect(statistics.rejected - before.rejected).toBe(5);
    expect(statistics.unknownMachines - before.unknownMachines).toBe(1);
    expect(statistics.inserted - before.inserted).toBe(1);
    expect(acks).toEqual(['json', 'cycles', 'state', 'at', 'topic', 'unknown', 'fine']);
    expect(quietLog.warnings.some((w) => w.includes('NOPE-1 names no machine'))).toBe(true);
    expect(quietLog.warnings.some((w) => w.includes('rejected'))).toBe(true);
    const unknownRows = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from machine_events where machine_code = 'NOPE-1'`,
    );
    expect(unknownRows[0].n).toBe(0);
  });

  it('sets aside a message the database refuses and stores the rest of its batch', async () => {
    const acks: string[] = [];
    const statistics = t.services.machineData.statistics;
    const before = { ...statistics };
    const ingestor = new MachineDataIngestor(t.services.machineData, {
      flushMs: 60_000,
      batchSize: 1000,
      log: quietLog,
    });
    const message = (i: number, eventId: string) =>
      busMessage(
        machineTopic('plant', 'GRIND-1', 'count'),
        { eventId, cycles: 1, at: new Date(seconds(700 + i)).toISOString() },
        acks,
        `g${i}`,
      );
    // PostgreSQL text cannot hold a NUL: a firmware that pads its ids with one breaks every
    // statement carrying it, so the batch would be retried forever if nothing isolated it
    for (let i = 0; i < 40; i++)
      ingestor.accept(message(i, i === 13 ? 'pad\u0000ded-13' : `poison-batch-${i}`));
    await ingestor.close();

    expect(acks).toEqual(Array.from({ length: 40 }, (_, i) => `g${i}`));
    expect(statistics.inserted - before.inserted).toBe(39);
    expect(statistics.setAside - before.setAside).toBe(1);
    const [stored] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from machine_events where machine_code = 'GRIND-1' and event_id like 'poison-batch-%'`,
    );
    expect(stored.n).toBe(39);
    const rejects = await queryRows<{ topic: string; payload: string; error: string }>(
      t.services.db,
      sql`select topic, payload, error from machine_event_rejects`,
    );
    expect(rejects).toHaveLength(1);
    expect(rejects[0].topic).toBe('takt/plant/GRIND-1/count');
    expect(rejects[0].payload).toContain('pad\\u0000ded-13');
    expect(rejects[0].error).not.toBe('');
    expect((await t.as('supervisor').get('/api/machine-data/ingestion')).json().setAside).toBe(
      statistics.setAside,
    );
  });

  it('books counted cycles onto the operation running on the machine, and maps every event to it', async () => {
    const operationId = await fixtureRunningOperation('MILL', 0);
    const machineData = t.services.machineData;
    machineData.forgetCaches(); // the operation started a moment ago
    await machineData.ingest([
      count('MILL-1', 4, seconds(20)),
      count('MILL-1', 6, seconds(21)),
      state('MILL-1', 'running', seconds(19)),
      count('MILL-2', 9, seconds(21)), // nothing runs on MILL-2
    ]);
    const [op] = await queryRows<{ machine_cycles: number }>(
      t.services.db,
      sql`select machine_cycles from job_operations where id = ${operationId}`,
    );
    expect(op.machine_cycles).toBe(10);
    const mapped = await queryRows<{ machine_code: string; n: number; op: string | null }>(
      t.services.db,
      sql`select machine_code, count(*)::int as n, max(job_operation_id::text) as op from machine_events
          where machine_code in ('MILL-1', 'MILL-2') and machine_at >= ${new Date(seconds(19)).toISOString()}
          group by machine_code order by machine_code`,
    );
    expect(mapped).toEqual([
      { machine_code: 'MILL-1', n: 3, op: operationId },
      { machine_code: 'MILL-2', n: 1, op: null },
    ]);
    const machines = (await t.as('operator').get('/api/machines?workCenterId=')).statusCode;
    expect(machines).toBe(400); // a bad filter is a 400, not an empty list
    const mill = (await t.as('operator').get('/api/machines'))
      .json()
      .find((m: { machineCode: string }) => m.machineCode === 'MILL-1');
    expect(mill).toMatchObject({
      workCenterCode: 'MILL',
      machineIndex: 0,
      configured: true,
      state: 'running',
      currentOperation: { jobOperationId: operationId, status: 'running' },
    });
  });
});

describe('stops', () => {
  it('opens a stop when a machine goes down and closes it when it runs again; short ones are micro-stops', async () => {
    const machineData = t.services.machineData;
    await machineData.ingest([state('GRIND-1', 'running', seconds(0))]);
    // a 30 s stop and a 10 min stop, the first one within one batch
    await machineData.ingest([
      state('GRIND-1', 'down', seconds(60)),
      state('GRIND-1', 'running', seconds(90)),
    ]);
    await machineData.ingest([state('GRIND-1', 'down', seconds(200))]);
    const open = await stopsOf('GRIND-1');
    expect(open).toHaveLength(2);
    expect(open[0]).toMatchObject({ endedAt: null, micro: false, source: 'machine' });
    expect(open[1]).toMatchObject({
      startedAt: new Date(seconds(60)).toISOString(),
      endedAt: new Date(seconds(90)).toISOString(),
      micro: true,
      waitingForReason: false,
    });
    await machineData.ingest([state('GRIND-1', 'down', seconds(300)), count('GRIND-1', 0, seconds(400))]);
    await machineData.ingest([state('GRIND-1', 'running', seconds(800))]);
    const [long] = await stopsOf('GRIND-1');
    expect(long).toMatchObject({
      startedAt: new Date(seconds(200)).toISOString(),
      endedAt: new Date(seconds(800)).toISOString(),
      micro: false,
      waitingForReason: true,
    });
    expect(await machineRow('GRIND-1')).toMatchObject({ state: 'running' });
    const waiting = (
      await t.as('operator').get('/api/machine-stops?waitingForReason=true&machineCode=GRIND-1')
    ).json();
    expect(waiting.items.map((s: { id: string }) => s.id)).toEqual([long.id]);
    const openOnes = (await t.as('operator').get('/api/machine-stops?open=true&machineCode=GRIND-1')).json();
    expect(openOnes.total).toBe(0);
  });

  it('replays nothing: the same state events again open no second stop', async () => {
    const machineData = t.services.machineData;
    const down = state('SHOT-1', 'down', seconds(1000), 'shot-down');
    const up = state('SHOT-1', 'running', seconds(1500), 'shot-up');
    await machineData.ingest([state('SHOT-1', 'running', seconds(900), 'shot-run')]);
    await machineData.ingest([down]);
    await machineData.ingest([down, up]);
    await machineData.ingest([up, down]);
    const stops = await stopsOf('SHOT-1');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ micro: false, endedAt: new Date(seconds(1500)).toISOString() });
  });

  it('counts a machine idle under a running operation as stopped, an idle machine without work not', async () => {
    const machineData = t.services.machineData;
    const operationId = await fixtureRunningOperation('LATHE', 2);
    machineData.forgetCaches();
    await machineData.ingest([
      state('LATHE-3', 'running', seconds(2000)),
      state('LATHE-3', 'idle', seconds(2100)),
    ]);
    await machineData.ingest([
      state('ASSY-1', 'running', seconds(2000)),
      state('ASSY-1', 'idle', seconds(2100)),
    ]);
    const [lathe] = await stopsOf('LATHE-3');
    expect(lathe).toMatchObject({ endedAt: null, jobOperationId: operationId });
    expect(await stopsOf('ASSY-1')).toEqual([]);
    await machineData.ingest([state('LATHE-3', 'setup', seconds(2400))]);
    expect((await stopsOf('LATHE-3'))[0]).toMatchObject({ endedAt: new Date(seconds(2400)).toISOString() });
  });

  it('keeps a late event as history without turning the machine back', async () => {
    const machineData = t.services.machineData;
    await machineData.ingest([state('PAINT-1', 'running', seconds(3000))]);
    await machineData.ingest([state('PAINT-1', 'down', seconds(2500))]); // older than the state
    expect(await machineRow('PAINT-1')).toMatchObject({ state: 'running', events: 2 });
    expect(await stopsOf('PAINT-1')).toEqual([]);
  });
});

describe('the terminal', () => {
  it('gives a stop a reason of kind stop, naming the field and rule of every refusal as problem+json', async () => {
    const jam = await fixtureReasonCode('stop', 'MD-JAM');
    const scrap = await fixtureReasonCode('scrap', 'MD-BURR');
    const retired = await fixtureReasonCode('stop', 'MD-OLD');
    await t.services.db.execute(sql`update reason_codes set active = false where id = ${retired}`);
    const machineData = t.services.machineData;
    await machineData.ingest([
      state('INSP-1', 'down', seconds(4000)),
      state('INSP-1', 'running', seconds(4600)),
    ]);
    const [stop] = await stopsOf('INSP-1');
    expect(stop.waitingForReason).toBe(true);
    const url = `/api/machine-stops/${stop.id}/reason`;
    const operator = t.as('operator');

    const wrongKind = await operator.post(url, { reasonId: scrap, version: stop.version });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.headers['content-type']).toContain('application/problem+json');
    expect(wrongKind.json().errors).toEqual([
      { field: 'reasonId', rule: 'stop-reason', message: expect.stringContaining('MD-BURR') },
    ]);
    const unknown = await operator.post(url, { reasonId: randomUUID(), version: stop.version });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'reasonId', rule: 'exists' });
    const inactive = await operator.post(url, { reasonId: retired, version: stop.version });
    expect(inactive.json().errors[0]).toMatchObject({ field: 'reasonId', rule: 'active' });
    const malformed = await operator.post(url, { reasonId: 'jam', version: stop.version });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0]).toMatchObject({ field: 'reasonId' });
    const noVersion = await operator.post(url, { reasonId: jam });
    expect(noVersion.statusCode).toBe(428);
    const stale = await operator.post(url, { reasonId: jam }, { 'if-match': String(stop.version + 5) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: stop.version });
    const missing = await operator.post(`/api/machine-stops/${randomUUID()}/reason`, {
      reasonId: jam,
      version: 1,
    });
    expect(missing.statusCode).toBe(404);
    expect((await t.as('sales').post(url, { reasonId: jam, version: stop.version })).statusCode).toBe(403);

    const given = await operator.post(url, { reasonId: jam, version: stop.version });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toMatchObject({
      reasonId: jam,
      reasonCode: 'MD-JAM',
      waitingForReason: false,
      version: stop.version + 1,
    });
    const audit = await queryRows<{ action: string; actor_name: string }>(
      t.services.db,
      sql`select action, actor_name from audit_log where entity = 'machine-stop' and entity_id = ${stop.id}`,
    );
    expect(audit).toEqual([{ action: 'set-reason', actor_name: 'Test operator' }]);
  });

  it('lets an operator report a stop that the machine closes when it runs again, one open stop per machine', async () => {
    const operator = t.as('operator');
    const reported = await operator.post('/api/machine-stops', { machineCode: 'ASSY-2' });
    expect(reported.statusCode, reported.body).toBe(201);
    expect(reported.json()).toMatchObject({ machineCode: 'ASSY-2', source: 'operator', endedAt: null });
    const again = await operator.post('/api/machine-stops', { machineCode: 'ASSY-2' });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'machineCode', rule: 'one-open-stop' });
    const nowhere = await operator.post('/api/machine-stops', { machineCode: 'FOUNDRY-1' });
    expect(nowhere.json().errors[0]).toMatchObject({ field: 'machineCode', rule: 'machine' });
    // the machine going down now opens nothing new; running closes the operator's stop
    const now = Date.now();
    await t.services.machineData.ingest([state('ASSY-2', 'down', now + 1000)]);
    expect(await stopsOf('ASSY-2')).toHaveLength(1);
    await t.services.machineData.ingest([state('ASSY-2', 'running', now + 200_000)]);
    const [closed] = await stopsOf('ASSY-2');
    expect(closed).toMatchObject({
      source: 'operator',
      micro: false,
      endedAt: new Date(now + 200_000).toISOString(),
    });
  });

  it('closes a reported stop at the terminal; a quick one is a micro-stop', async () => {
    const operator = t.as('operator');
    const stop = (await operator.post('/api/machine-stops', { machineCode: 'PACK-1' })).json();
    const closed = await operator.post(`/api/machine-stops/${stop.id}/close`, { version: stop.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ micro: true, waitingForReason: false, version: stop.version + 1 });
    expect(closed.json().endedAt).not.toBeNull();
    const twice = await operator.post(`/api/machine-stops/${stop.id}/close`, { version: stop.version + 1 });
    expect(twice.json().errors[0]).toMatchObject({ field: 'id', rule: 'open' });
  });
});

describe('machines and counters', () => {
  it('lists every configured machine and the extra ones that report, with the ingestion counters', async () => {
    await t.services.machineData.ingest([count('LATHE-9', 5, seconds(5000))]);
    const machines = (await t.as('planner').get('/api/machines')).json() as {
      machineCode: string;
      configured: boolean;
      state: string;
      totalCycles: number;
    }[];
    const codes = machines.map((m) => m.machineCode);
    for (const code of ['SAW-1', 'SAW-2', 'LATHE-1', 'LATHE-3', 'PACK-1']) expect(codes).toContain(code);
    expect(machines.find((m) => m.machineCode === 'LATHE-9')).toMatchObject({
      configured: false,
      totalCycles: 5,
    });
    expect(machines.find((m) => m.machineCode === 'LATHE-1')?.configured).toBe(true);
    const down = (await t.as('planner').get('/api/machines?state=down')).json();
    expect(down.every((m: { state: string }) => m.state === 'down')).toBe(true);

    const ingestion = await t.as('supervisor').get('/api/machine-data/ingestion');
    expect(ingestion.statusCode).toBe(200);
    expect(ingestion.json()).toMatchObject({
      bus: { mode: 'off', connected: false },
      received: expect.any(Number),
      inserted: expect.any(Number),
      duplicates: expect.any(Number),
      rejected: 5,
      lastFlush: { events: expect.any(Number), milliseconds: expect.any(Number) },
    });
    expect(ingestion.json().received).toBeGreaterThan(1200);
    expect((await t.anonymous.get('/api/machines')).statusCode).toBe(401);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const response = await t.anonymous.get('/api/openapi.json');
    expect(response.statusCode, response.body).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/machines',
        '/api/machine-stops',
        '/api/machine-stops/{id}/reason',
        '/api/machine-stops/{id}/close',
        '/api/machine-data/ingestion',
      ]),
    );
  });
});
