/**
 * Public job-shop benchmarks through the same scheduler that plans the plant (makespan objective).
 *   npm run bench:jobshop -- [--time 10] [--instances ta01-ta40,la01-la40,ft10] [--seed 1]
 *   npm run bench:fjsp -- [--time 10] [--instances mk01-mk10]
 * Reads instances and best-known bounds from ../shared/bench (never copied into the repo); prints
 * per instance the value, the gap to the best known upper bound, the time to the first feasible
 * schedule and the time to within 5 %, then the mean gap per group. Results also go to
 * bench-results/<kind>-<time>.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jobShopToProblem, parseBounds, parseFlexibleJobShop, parseJobShop } from '../src/formats/jobshop';
import { schedule } from '../src/schedule/schedule';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const flexible = args.includes('--flexible');
const benchDir = resolve(
  import.meta.dirname,
  '../../../../shared/bench',
  flexible ? 'flexible-jobshop' : 'jobshop',
);
if (!existsSync(benchDir)) {
  console.error(`no benchmark instances at ${benchDir} (expected ../shared/bench beside the project root)`);
  process.exit(1);
}
const seconds = Number(option('time', '10'));
const seed = Number(option('seed', '1'));
const instances = expand(option('instances', flexible ? 'mk01-mk10' : 'ta01-ta40,la01-la40,ft10'));
const bounds = parseBounds(readFileSync(resolve(benchDir, 'bounds.tsv'), 'utf8'));

/** 'ta01-ta03,ft10' → ['ta01', 'ta02', 'ta03', 'ft10'] */
function expand(spec: string): string[] {
  return spec.split(',').flatMap((part) => {
    const range = part.match(/^([a-z]+)(\d+)-[a-z]*(\d+)$/);
    if (!range) return [part];
    const [, prefix, from, to] = range;
    return Array.from(
      { length: Number(to) - Number(from) + 1 },
      (_, k) => `${prefix}${String(Number(from) + k).padStart(from.length, '0')}`,
    );
  });
}

interface Row {
  instance: string;
  size: string;
  best: number;
  value: number;
  gap: number;
  firstFeasibleMs: number;
  firstValue: number;
  within5Ms: number | null;
  iterations: number;
}

const rows: Row[] = [];
console.log(
  `${flexible ? 'flexible job shop' : 'job shop'}, makespan, ${seconds} s per instance, one thread, seed ${seed}\n`,
);
console.log(
  'instance  size    best    takt    gap %  first feasible (value, ms)  within 5 % (ms)  iterations',
);
for (const name of instances) {
  const file = resolve(benchDir, `${name}.txt`);
  if (!existsSync(file)) {
    console.log(`${name.padEnd(9)} missing`);
    continue;
  }
  const parsed = (flexible ? parseFlexibleJobShop : parseJobShop)(readFileSync(file, 'utf8'), name);
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error.message}`);
  const best = bounds.get(name)?.ub ?? Number.NaN;
  const curve: { elapsedMs: number; value: number }[] = [];
  const result = schedule(jobShopToProblem(parsed.value), {
    timeLimitMs: seconds * 1000,
    seed,
    targetValue: bounds.get(name)?.optimal ? best : undefined,
    onImprovement: (event) => curve.push(event),
  });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  const value = result.value.objective.makespan;
  const within5 = curve.find((c) => c.value <= best * 1.05);
  const row: Row = {
    instance: name,
    size: `${parsed.value.jobs.length}x${parsed.value.machines}`,
    best,
    value,
    gap: ((value - best) / best) * 100,
    firstFeasibleMs: result.value.stats.timeToFirstFeasibleMs,
    firstValue: curve[0]?.value ?? value,
    within5Ms: within5 ? within5.elapsedMs : null,
    iterations: result.value.stats.iterations,
  };
  rows.push(row);
  console.log(
    `${name.padEnd(9)} ${row.size.padEnd(7)} ${String(best).padStart(5)} ${String(value).padStart(7)} ${row.gap.toFixed(2).padStart(7)}  ${`${row.firstValue}, ${row.firstFeasibleMs.toFixed(1)}`.padStart(26)}  ${(row.within5Ms === null ? '—' : row.within5Ms.toFixed(0)).padStart(15)}  ${String(row.iterations).padStart(10)}`,
  );
}

const groups = new Map<string, Row[]>();
for (const row of rows) {
  const group = row.instance.replace(/\d+$/, '');
  groups.set(group, [...(groups.get(group) ?? []), row]);
}
console.log('\ngroup  instances  mean gap %  max gap %  mean first-feasible gap %');
for (const [group, members] of groups) {
  const mean = members.reduce((sum, r) => sum + r.gap, 0) / members.length;
  const max = Math.max(...members.map((r) => r.gap));
  const firstGap =
    members.reduce((sum, r) => sum + ((r.firstValue - r.best) / r.best) * 100, 0) / members.length;
  console.log(
    `${group.padEnd(6)} ${String(members.length).padStart(9)} ${mean.toFixed(2).padStart(11)} ${max.toFixed(2).padStart(10)} ${firstGap.toFixed(2).padStart(27)}`,
  );
}
const out = resolve(import.meta.dirname, '../../../bench-results');
mkdirSync(out, { recursive: true });
const file = resolve(out, `${flexible ? 'fjsp' : 'jobshop'}-${seconds}s.json`);
writeFileSync(file, JSON.stringify({ seconds, seed, rows }, null, 2));
console.log(`\nwritten to ${file}`);
