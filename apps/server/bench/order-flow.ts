/**
 * Benchmark: quote (capable-to-promise with P50/P90) and confirm (MRP, jobs, requisitions,
 * pegs, reservations, schedule insertion, promise) orders one after another into the demo plant,
 * through the same services the API uses, on embedded PGlite and on the PostgreSQL server
 * (TAKT_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test, in a fresh schema).
 * The demo plant is first scaled to `--work-centers` (default 50) by copying its cells
 * (`scaled-demo-plant.ts`); orders pick end items across all cells.
 *   npm run bench:orders -- [--orders 1000] [--work-centers 50] [--only pglite|postgres]
 *     [--profile-last N]   (writes a .cpuprofile of the last N orders, for Chrome DevTools)
 * Targets (issue 4): p95 under 300 ms per confirmation and 150 ms per quote on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Random } from '@takt/engine';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor } from '../src/platform/audit';
import { type Database, openDatabase, queryRows } from '../src/platform/db/database';
import { migrate } from '../src/platform/db/migrate';
import { createServices } from '../src/services';
import { scaleDemoPlant, sellableEndItems } from './scaled-demo-plant';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    'work-centers': { type: 'string', default: '50' },
    only: { type: 'string' },
    'profile-last': { type: 'string' },
  },
});
/** with --profile-last N, a CPU profile of the last N orders' quotes and confirmations */
const PROFILE_LAST = Number(args['profile-last'] ?? 0);
const ORDERS = Number(args.orders);
const WORK_CENTERS = Number(args['work-centers']);
/** Valid configurations of the demo plant's configurable flanged shaft. */
const CONFIGURATIONS = [
  { length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted' },
  { length_mm: 800, diameter: 60, flange: 'welded', finish: 'primed' },
  { length_mm: 1800, diameter: 100, flange: 'none', finish: 'bare' },
  { length_mm: 500, diameter: 80, flange: 'welded', finish: 'painted' },
];
const DAY = 86_400_000;
const post = (session: inspector.Session, method: string) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
  );

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 0.5).toFixed(0)} ms, p95 ${percentile(s, 0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
};

async function measure(name: string, database: Database) {
  await migrate(database.db);
  const services = createServices(database.db);
  await services.demo.seedIfEmpty();
  const scaling = performance.now();
  const plant = await scaleDemoPlant(database.db, WORK_CENTERS);
  console.log(
    `\n${name}: plant of ${plant.workCenters} work centers, ${plant.machines} machines, ${plant.endItems} end items, ${plant.items} items (scaled in ${((performance.now() - scaling) / 1000).toFixed(1)} s)`,
  );
  const endItems = await sellableEndItems(database.db);
  const customers = (await services.customers.list({ limit: 50, offset: 0 })).items;
  const random = new Random(42);
  const quotes: number[] = [];
  const confirms: number[] = [];
  const windows: { from: number; quote: number[]; confirm: number[] }[] = [];
  console.log(`  ${ORDERS} orders over ${endItems.map((i) => i.number).join(', ')}`);
  const profiler = new inspector.Session();
  for (let n = 0; n < ORDERS; n++) {
    if (PROFILE_LAST > 0 && n === ORDERS - PROFILE_LAST) {
      profiler.connect();
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.start');
    }
    const item = endItems[random.int(endItems.length)];
    const quantity = 1 + random.int(4);
    const requestedDate = new Date(Date.now() + (20 + random.int(100)) * DAY).toISOString().slice(0, 10);
    // configurable items get one of the valid demo configurations (the configurator evaluates it)
    const configuration = item.configurable ? CONFIGURATIONS[random.int(CONFIGURATIONS.length)] : undefined;
    let t = performance.now();
    await services.salesOrders.promise({ itemId: item.id, quantity, requestedDate, configuration });
    quotes.push(performance.now() - t);
    const order = await services.salesOrders.create(systemActor, {
      customerId: customers[random.int(customers.length)].id,
      lines: [
        { itemId: item.id, quantity, requestedDate, unitPrice: 100_000, discountPercent: 0, configuration },
      ],
    });
    t = performance.now();
    await services.salesOrders.confirm(systemActor, order.id, order.version);
    confirms.push(performance.now() - t);
    if ((n + 1) % 100 === 0 || n + 1 === ORDERS) {
      const from = windows.length === 0 ? 0 : windows[windows.length - 1].from + 100;
      windows.push({ from, quote: quotes.slice(from), confirm: confirms.slice(from) });
      const [counts] = await queryRows<{ jobs: number; ops: number }>(
        database.db,
        sql`select (select count(*) from production_jobs)::int as jobs, (select count(*) from job_operations)::int as ops`,
      );
      console.log(
        `  orders ${from + 1}–${n + 1}: quote ${summary(quotes.slice(from))}; confirm ${summary(confirms.slice(from))}; plan holds ${counts.jobs} jobs, ${counts.ops} operations`,
      );
    }
  }
  console.log(`  all ${ORDERS}: quote ${summary(quotes)}; confirm ${summary(confirms)}`);
  const { plantReads, mrpRuns } = services.planning;
  console.log(
    `  the plant was read ${plantReads} times for ${ORDERS * 2} quotes and confirmations; MRP ran ${mrpRuns.netChange} times by net change, ${mrpRuns.regenerative} regeneratively`,
  );
  if (PROFILE_LAST > 0) {
    const { profile } = (await post(profiler, 'Profiler.stop')) as { profile: object };
    const file = `order-flow-${name.split(' ')[0].toLowerCase()}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    profiler.disconnect();
    console.log(`  CPU profile of the last ${PROFILE_LAST} orders: ${file}`);
  }
  return { quotes, confirms };
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (args.only !== 'postgres') {
  const pglite = await openDatabase({});
  await measure('PGlite (embedded)', pglite);
  await pglite.close();
}
if (args.only !== 'pglite') {
  const url = process.env.TAKT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const server = await openDatabase({ url, searchPath: schema });
    try {
      await measure('PostgreSQL', server);
    } finally {
      await server.close();
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
