/**
 * Benchmark: indented explosion of a 6-level BOM with 10,000 distinct nodes, and where-used of a
 * leaf, through the same service code the API uses, on embedded PGlite and on the PostgreSQL
 * server (TAKT_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test, fresh schema).
 *   npm run bench:bom
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { BomService } from '../src/modules/catalog/bom-service';
import { explosionSql } from '../src/modules/catalog/bom-structure';
import { bomLines, boms } from '../src/modules/catalog/tables/boms';
import { items } from '../src/modules/catalog/tables/items';
import { type Database, openDatabase, queryRows } from '../src/platform/db/database';
import { migrate } from '../src/platform/db/migrate';

const LEVEL_SIZES = [1, 6, 36, 216, 1296, 8445]; // 10,000 distinct items over six levels
const RUNS = 15;

interface Structure {
  itemRows: {
    id: string;
    number: string;
    name: string;
    kind: 'make' | 'buy';
    strategy: 'MTO';
    uom: string;
  }[];
  bomRows: { id: string; itemId: string; revision: string; status: 'released'; validFrom: string }[];
  lineRows: {
    bomId: string;
    position: number;
    childItemId: string;
    quantityPer: string;
    uom: string;
    scrapFactor: string;
  }[];
  rootId: string;
  leafId: string;
}

function buildStructure(): Structure {
  const uuid = () => crypto.randomUUID();
  const levels: string[][] = LEVEL_SIZES.map((n) => Array.from({ length: n }, uuid));
  const itemRows = levels.flatMap((ids, level) =>
    ids.map((id, i) => ({
      id,
      number: `B${level}-${String(i).padStart(5, '0')}`,
      name: `Bench item level ${level} #${i}`,
      kind: (level === levels.length - 1 ? 'buy' : 'make') as 'make' | 'buy',
      strategy: 'MTO' as const,
      uom: 'pcs',
    })),
  );
  const bomRows: Structure['bomRows'] = [];
  const lineRows: Structure['lineRows'] = [];
  for (let level = 0; level < levels.length - 1; level++) {
    const parents = levels[level];
    const children = levels[level + 1];
    const bomIds = parents.map((itemId) => {
      const id = uuid();
      bomRows.push({ id, itemId, revision: 'A', status: 'released', validFrom: '2026-01-01' });
      return id;
    });
    children.forEach((childItemId, c) => {
      const p = c % parents.length; // spread children evenly over the parents
      lineRows.push({
        bomId: bomIds[p],
        position: Math.floor(c / parents.length) + 1,
        childItemId,
        quantityPer: String(1 + (c % 3)),
        uom: 'pcs',
        scrapFactor: '0.01',
      });
    });
  }
  return { itemRows, bomRows, lineRows, rootId: levels[0][0], leafId: levels[levels.length - 1][4321] };
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

async function measure(label: string, database: Database, structure: Structure) {
  await migrate(database.db);
  const loadStart = performance.now();
  await database.db.transaction(async (tx) => {
    await insertChunked(structure.itemRows, (chunk) => tx.insert(items).values(chunk));
    await insertChunked(structure.bomRows, (chunk) => tx.insert(boms).values(chunk));
    await insertChunked(structure.lineRows, (chunk) => tx.insert(bomLines).values(chunk));
  });
  await database.db.execute(sql`analyze`);
  const loadMs = performance.now() - loadStart;
  const service = new BomService(database.db);
  let lines = 0;
  let parents = 0;
  const explosion: number[] = [];
  const used: number[] = [];
  for (let run = 0; run < RUNS + 2; run++) {
    let t = performance.now();
    lines = (await service.explode(structure.rootId, '2026-06-01', 20)).length;
    if (run >= 2) explosion.push(performance.now() - t); // two warm-up runs
    t = performance.now();
    parents = (await service.whereUsed(structure.leafId, '2026-06-01')).length;
    if (run >= 2) used.push(performance.now() - t);
  }
  // The database's own execution time (EXPLAIN ANALYZE), without transfer and row parsing: on a
  // busy shared machine it shows how much of the wall time is the query itself.
  const executed: number[] = [];
  for (let run = 0; run < 5; run++) {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      database.db,
      sql`explain (analyze, timing off) ${explosionSql(structure.rootId, '2026-06-01', 20)}`,
    );
    const last = plan.map((p) => p['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
    executed.push(Number(last?.match(/[\d.]+/)?.[0] ?? Number.NaN));
  }
  const e = stats(explosion);
  const w = stats(used);
  console.log(
    `${label.padEnd(12)} load ${loadMs.toFixed(0).padStart(6)} ms | explosion (${lines} lines) median ${e.median.toFixed(1)} ms, p95 ${e.p95.toFixed(1)} ms, min ${e.min.toFixed(1)} ms (in the database: median ${stats(executed).median.toFixed(1)} ms) | where-used (${parents} levels) median ${w.median.toFixed(2)} ms, p95 ${w.p95.toFixed(2)} ms`,
  );
  return e;
}

const structure = buildStructure();
console.log(
  `BOM: ${structure.itemRows.length} items, ${structure.lineRows.length} lines, 6 levels; ${RUNS} timed runs after 2 warm-ups; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const pglite = await openDatabase({});
const onPglite = await measure('PGlite', pglite, structure);
await pglite.close();

const url = process.env.TAKT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url });
try {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const server = await openDatabase({ url, searchPath: schema });
  try {
    const onPostgres = await measure('PostgreSQL', server, structure);
    console.log(
      `target: explosion under 200 ms on PostgreSQL -> median ${onPostgres.median < 200 ? 'met' : 'MISSED'} (${onPostgres.median.toFixed(1)} ms), p95 ${onPostgres.p95 < 200 ? 'met' : 'MISSED'} (${onPostgres.p95.toFixed(1)} ms); PGlite/PostgreSQL median ratio ${(onPglite.median / onPostgres.median).toFixed(2)}; load average now ${loadavg()[0].toFixed(1)}`,
    );
  } finally {
    await server.close();
    await admin.query(`drop schema ${schema} cascade`);
  }
} catch (error) {
  console.log(`PostgreSQL at ${url} not measured: ${(error as Error).message}`);
} finally {
  await admin.end().catch(() => {});
}
