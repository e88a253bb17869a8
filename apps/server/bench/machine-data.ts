/**
 * Benchmark: machine-data ingestion from the real Mosquitto (127.0.0.1:1883, MQTT 5, persistent
 * session, acknowledgements after the commit) into PostgreSQL (TAKT_BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test, in a fresh schema) and optionally PGlite, through
 * the same ingestion the server runs. Publishers run in a worker thread.
 *
 *   npm run bench:machine-data -- [--machines 500] [--rate 1] [--duration 300] [--burst 50000]
 *                                 [--saturate 30] [--databases postgres,pglite] [--url mqtt://...]
 *
 * Phases: steady (N machines at `rate` messages/s each for `duration` s), burst (50,000 messages
 * published at once), saturate (publishers as fast as the ingestion takes them, at most 40,000
 * messages ahead of the database, for `saturate` s). Reported: events/s ingested, event-to-
 * database latency (machine timestamp to committed) p50/p99/max, and the count check (published
 * and acknowledged by the broker vs stored: lost, duplicated).
 * Target (shop-floor issue): >= 20,000 events/s sustained on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { demoWorkCenters } from '../src/demo/demo-plant-data';
import { startMachineDataIngestion } from '../src/modules/machine-data/ingestion';
import type { MachineEvent } from '../src/modules/machine-data/machine-message';
import { MachineSimulator, simulatedMachineCodes } from '../src/modules/machine-data/machine-simulator';
import { MachineDataService } from '../src/modules/machine-data/service';
import { PacedPublisher } from '../src/modules/machine-data/simulate-machines';
import { type Database, openDatabase, queryRows } from '../src/platform/db/database';
import { migrate } from '../src/platform/db/migrate';
import { connectPublisher } from '../src/platform/machine-data-bus';
import { createServices } from '../src/services';

type Phase = 'steady' | 'burst' | 'saturate';
const PHASE_SEEDS: Record<Phase, number> = { steady: 101, burst: 202, saturate: 303 };
const PUBLISHERS = 4;
const SATURATE_WINDOW = 40_000;

interface PublisherJob {
  url: string;
  site: string;
  codes: string[];
  rate: number;
  duration: number;
  burst: number;
  saturate: number;
}

type ToMain =
  | { type: 'phase'; phase: Phase; at: number }
  | { type: 'published'; phase: Phase; published: number; failed: number; seconds: number };
type ToWorker = { type: 'committed'; count: number } | { type: 'go'; phase: Phase };

// ------------------------------------------------------------------------------ publisher worker

async function runPublishers(job: PublisherJob): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the publishers run in a worker thread');
  const clients = await Promise.all(
    Array.from({ length: PUBLISHERS }, (_, i) =>
      connectPublisher(job.url, `takt-bench-pub-${i}-${randomBytes(3).toString('hex')}`),
    ),
  );
  const publishers = clients.map((c) => new PacedPublisher(c, job.site, 10_000));
  let committed = 0;
  const go = new Map<Phase, () => void>();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'committed') committed = message.count;
    else go.get(message.phase)?.();
  });
  const waitFor = (phase: Phase) => new Promise<void>((resolve) => go.set(phase, resolve));
  const totals = () =>
    publishers.reduce((s, p) => ({ published: s.published + p.published, failed: s.failed + p.failed }), {
      published: 0,
      failed: 0,
    });
  const drain = () => Promise.all(publishers.map((p) => p.drain()));
  let base = { published: 0, failed: 0 };
  const done = (phase: Phase, started: number) => {
    const t = totals();
    port.postMessage({
      type: 'published',
      phase,
      published: t.published - base.published,
      failed: t.failed - base.failed,
      seconds: (Date.now() - started) / 1000,
    } satisfies ToMain);
    base = t;
  };

  // steady: every machine one message per tick, each tick spread over 20 slices
  await waitFor('steady');
  if (job.duration > 0) {
    const simulator = new MachineSimulator(job.codes, PHASE_SEEDS.steady);
    const started = Date.now();
    port.postMessage({ type: 'phase', phase: 'steady', at: started } satisfies ToMain);
    const tickMs = 1000 / job.rate;
    const slices = Math.max(1, Math.min(20, Math.floor(tickMs / 10)));
    let n = 0;
    for (let tick = 0; Date.now() < started + job.duration * 1000; tick++) {
      const messages = simulator.tick(Date.now());
      const perSlice = Math.ceil(messages.length / slices);
      for (let s = 0; s < slices; s++) {
        for (const m of messages.slice(s * perSlice, (s + 1) * perSlice))
          await publishers[n++ % PUBLISHERS].publish({
            ...m,
            payload: { ...m.payload, at: new Date().toISOString() },
          });
        const wait = started + tick * tickMs + ((s + 1) * tickMs) / slices - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
    await drain();
    done('steady', started);
  } else done('steady', Date.now());

  // burst: all at once (bounded only by what the broker has not acknowledged yet)
  await waitFor('burst');
  {
    const simulator = new MachineSimulator(job.codes, PHASE_SEEDS.burst);
    const started = Date.now();
    port.postMessage({ type: 'phase', phase: 'burst', at: started } satisfies ToMain);
    for (let i = 0; i < job.burst; i++)
      await publishers[i % PUBLISHERS].publish(simulator.tickOne(i, Date.now()));
    await drain();
    done('burst', started);
  }

  // saturate: as fast as the ingestion commits, at most SATURATE_WINDOW ahead of it
  await waitFor('saturate');
  if (job.saturate > 0) {
    const simulator = new MachineSimulator(job.codes, PHASE_SEEDS.saturate);
    const started = Date.now();
    const committedAtStart = committed;
    port.postMessage({ type: 'phase', phase: 'saturate', at: started } satisfies ToMain);
    let i = 0;
    while (Date.now() < started + job.saturate * 1000) {
      if (i - (committed - committedAtStart) > SATURATE_WINDOW) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      for (let k = 0; k < 200; k++, i++)
        await publishers[i % PUBLISHERS].publish(simulator.tickOne(i, Date.now()));
      await new Promise((r) => setImmediate(r));
    }
    await drain();
    done('saturate', started);
  } else done('saturate', Date.now());
  await Promise.all(clients.map((c) => c.endAsync()));
}

// ------------------------------------------------------------------------------------- main

const percentile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

class PhaseMeter {
  committed = 0;
  latencies: number[] = [];
  firstCommit = 0;
  lastCommit = 0;
  record(events: readonly MachineEvent[], committedAt: number) {
    if (this.committed === 0) this.firstCommit = committedAt;
    this.committed += events.length;
    this.lastCommit = committedAt;
    for (const e of events) this.latencies.push(committedAt - e.at);
  }
  latency(): string {
    if (this.latencies.length === 0) return 'no events';
    const s = Float64Array.from(this.latencies).sort();
    return `p50 ${percentile(s, 0.5).toFixed(0)} ms, p99 ${percentile(s, 0.99).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
  }
}

async function measure(name: string, database: Database, args: Record<string, string>): Promise<void> {
  await migrate(database.db);
  await createServices(database.db).demo.seedIfEmpty();
  const codes = simulatedMachineCodes(demoWorkCenters, Number(args.machines));
  const site = `bench${randomBytes(3).toString('hex')}`;
  const clientId = `takt-bench-${site}`;
  const meters: Record<Phase, PhaseMeter> = {
    steady: new PhaseMeter(),
    burst: new PhaseMeter(),
    saturate: new PhaseMeter(),
  };
  let committedTotal = 0;
  const phaseOf = (eventId: string): Phase =>
    eventId.startsWith(`s${PHASE_SEEDS.burst}-`)
      ? 'burst'
      : eventId.startsWith(`s${PHASE_SEEDS.saturate}-`)
        ? 'saturate'
        : 'steady';
  const service = new MachineDataService(database.db);
  const log = {
    info() {},
    warn: (o: object, m?: string) => console.warn(`  warn: ${m ?? ''} ${JSON.stringify(o)}`),
    error: (o: object, m?: string) => console.error(`  error: ${m ?? ''} ${JSON.stringify(o)}`),
  };
  let worker: Worker | undefined;
  const ingestion = await startMachineDataIngestion(
    {
      mqttUrl: args.url,
      site,
      clientId,
      mqttPort: 0,
      protocolVersion: 5,
      microStopSeconds: 120,
      flushMs: Number(args['flush-ms']),
      batchSize: Number(args['batch-size']),
      host: '127.0.0.1',
      onCommitted(events, committedAt) {
        committedTotal += events.length;
        const byPhase = new Map<Phase, MachineEvent[]>();
        for (const e of events) {
          const phase = phaseOf(e.eventId);
          const list = byPhase.get(phase);
          if (list) list.push(e);
          else byPhase.set(phase, [e]);
        }
        for (const [phase, list] of byPhase) meters[phase].record(list, committedAt);
      },
    },
    service,
    log,
  );
  const ticker = setInterval(
    () => worker?.postMessage({ type: 'committed', count: committedTotal } satisfies ToWorker),
    50,
  );
  console.log(
    `\n${name}: ${codes.length} machines on ${demoWorkCenters.length} work centers, broker ${args.url}, batches of up to ${args['batch-size']} every ${args['flush-ms']} ms`,
  );
  const job: PublisherJob = {
    url: args.url,
    site,
    codes,
    rate: Number(args.rate),
    duration: Number(args.duration),
    burst: Number(args.burst),
    saturate: Number(args.saturate),
  };
  const published = new Map<Phase, { published: number; failed: number; seconds: number }>();
  const phaseStarts = new Map<Phase, number>();
  // how busy the ingesting thread was in each phase (the publishers have their own thread)
  const loopAtStart = new Map<Phase, ReturnType<typeof performance.eventLoopUtilization>>();
  let onPublished: (() => void) | undefined;
  // the publishers' thread loads this file through tsx, as bin/takt.mjs does
  const boot = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(import.meta.url)});`;
  worker = new Worker(`import(${JSON.stringify(`data:text/javascript,${encodeURIComponent(boot)}`)})`, {
    eval: true,
    workerData: job,
  });
  worker.on('message', (message: ToMain) => {
    if (message.type === 'phase') {
      phaseStarts.set(message.phase, message.at);
      loopAtStart.set(message.phase, performance.eventLoopUtilization());
    } else {
      published.set(message.phase, message);
      onPublished?.();
    }
  });
  worker.on('error', (error) => {
    console.error('publisher worker failed:', error);
    process.exit(1);
  });

  const settle = async (phase: Phase) => {
    while (!published.has(phase)) await new Promise<void>((resolve) => (onPublished = resolve));
    const expected = published.get(phase)?.published ?? 0;
    const deadline = Date.now() + 60_000;
    let last = -1;
    let still = Date.now();
    while (meters[phase].committed < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      if (meters[phase].committed !== last) {
        last = meters[phase].committed;
        still = Date.now();
      } else if (Date.now() - still > 10_000) break; // nothing more comes: lost
    }
  };
  const report = async (phase: Phase) => {
    const startLoop = loopAtStart.get(phase);
    const busy = startLoop ? performance.eventLoopUtilization(startLoop).utilization : 0;
    const p = published.get(phase);
    const m = meters[phase];
    if (!p || p.published === 0) return;
    const started = phaseStarts.get(phase) ?? m.firstCommit;
    const span = (m.lastCommit - started) / 1000;
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from machine_events where event_id like ${`s${PHASE_SEEDS[phase]}-%`}`,
    );
    const lost = p.published - stored.n;
    console.log(
      `  ${phase.padEnd(8)} published ${p.published} in ${p.seconds.toFixed(1)} s (${Math.round(p.published / p.seconds)}/s offered); ` +
        `stored ${stored.n}, ${Math.round(m.committed / span)} events/s ingested (first publish to last commit); latency ${m.latency()}; ` +
        `lost ${lost}, broker refused ${p.failed}; ingesting thread ${Math.round(busy * 100)} % busy`,
    );
    if (lost > 0) console.log(`    missing: ${await gaps(phase)}`);
  };
  /** Where the lost events of a phase are: the machines' missing sequence numbers. */
  const gaps = async (phase: Phase): Promise<string> => {
    const rows = await queryRows<{ m: string; seq: number[] }>(
      database.db,
      sql`select machine_code as m, array_agg(split_part(event_id, '-', 2)::int order by 1) as seq
          from machine_events where event_id like ${`s${PHASE_SEEDS[phase]}-%`} group by machine_code`,
    );
    const last = Math.max(...rows.map((r) => r.seq[r.seq.length - 1]));
    const missing: string[] = [];
    for (const r of rows) {
      const have = new Set(r.seq.map(Number));
      for (let q = 1; q <= last && missing.length < 12; q++) if (!have.has(q)) missing.push(`${r.m}#${q}`);
    }
    return `${missing.join(', ')} (sequence numbers run to ${last}; ${rows.length} machines reported)`;
  };

  for (const phase of ['steady', 'burst', 'saturate'] as Phase[]) {
    worker.postMessage({ type: 'go', phase } satisfies ToWorker);
    await settle(phase);
    await report(phase);
  }
  const bus = ingestion.subscriber;
  if (bus)
    console.log(
      `  bus: ${bus.received} QoS 1 messages received, ${bus.acknowledged} acknowledged, ${bus.unacknowledged} held; ingestor pending ${ingestion.ingestor?.pending}`,
    );
  await ingestion.close();
  clearInterval(ticker);
  await worker.terminate();

  const statistics = service.statistics;
  const [check] = await queryRows<{ events: number; distinct_events: number; state_events: number }>(
    database.db,
    sql`select (select count(*)::int from machine_events) as events,
               (select count(distinct (machine_code, event_id))::int from machine_events) as distinct_events,
               (select coalesce(sum(events), 0)::int from machine_states) as state_events`,
  );
  const publishedTotal = [...published.values()].reduce((s, p) => s + p.published, 0);
  console.log(
    `  count check: published ${publishedTotal}, stored ${check.events} (distinct ${check.distinct_events}), counted in machine states ${check.state_events}; ` +
      `lost ${publishedTotal - check.events}, duplicated ${check.state_events - check.events}; ` +
      `redeliveries recognised ${statistics.duplicates}, rejected ${statistics.rejected}, batches ${statistics.batches}`,
  );
  // the session this run left on the broker
  const { default: mqtt } = await import('mqtt');
  const cleanup = await mqtt.connectAsync(args.url, {
    clientId,
    clean: true,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 0 },
  });
  await cleanup.endAsync();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      machines: { type: 'string', default: '500' },
      rate: { type: 'string', default: '1' },
      duration: { type: 'string', default: '300' },
      burst: { type: 'string', default: '50000' },
      saturate: { type: 'string', default: '30' },
      databases: { type: 'string', default: 'postgres' },
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      'flush-ms': { type: 'string', default: '50' },
      'batch-size': { type: 'string', default: '5000' },
      keep: { type: 'boolean', default: false },
    },
  });
  const args = values as unknown as Record<string, string>;
  const keep = values.keep;
  console.log(
    `machine-data benchmark: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  for (const name of args.databases.split(',')) {
    if (name === 'postgres') {
      const url = process.env.TAKT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const schema = `bench_md_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const database = await openDatabase({ url, searchPath: schema });
      try {
        await measure(`PostgreSQL (${url}, schema ${schema})`, database, args);
      } finally {
        await database.close();
        if (keep) console.log(`kept schema ${schema}`);
        else await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    } else if (name === 'pglite') {
      const database = await openDatabase({});
      try {
        await measure('PGlite (in memory)', database, args);
      } finally {
        await database.close();
      }
    } else throw new Error(`unknown database ${name}: use postgres and/or pglite`);
  }
  console.log(
    `\nload after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  runPublishers(workerData as PublisherJob).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
