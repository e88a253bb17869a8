/**
 * The loop every benchmark runner shares: for each instance, one at a time (the machine is
 * shared), run the Takt scheduler exactly as the plant calls it, `schedule(problem,
 * { timeLimitMs, seed, onImprovement })`, check the schedule independently, then run the peer
 * with the same wall-clock limit; report value, gap to the best known, time to the first
 * feasible schedule and to within 5 % of the best known, side by side; then per group the mean
 * gaps and how often Takt is better, equal or worse than the peer. Writes the same numbers to
 * bench-results/<kind>-<seconds>s-<timestamp>.json.
 *
 * Takt also gets `targetValue` when the best known value is a proven optimum: the search then
 * stops there instead of idling until the limit. It cannot change a reported value or time
 * (nothing beats an optimum), it only shortens the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { Result } from '../src/common/result';
import type { ScheduleOptions, ScheduleProblem, ScheduleResult } from '../src/schedule/types';
import { checkSchedule } from './check-schedule';
import type { BenchOptions } from './cli-options';
import { minizincWithGecode, type PeerModel, type PeerRun, runMinizinc } from './minizinc-peer';

type Schedule = (problem: ScheduleProblem, options?: ScheduleOptions) => Result<ScheduleResult>;

export interface LoadedInstance {
  problem: ScheduleProblem;
  /** e.g. 15x15 */
  size: string;
  /** MiniZinc data for the peer model */
  peerData: string;
}

export interface BenchmarkKind {
  /** file name stem of the JSON result, e.g. 'jobshop' */
  kind: string;
  title: string;
  /** what the reader of the table must know (model differences, objective) */
  notes: string[];
  /** 'makespan' or 'weighted tardiness' */
  measure: string;
  peerModel: PeerModel;
  /** instance text → problem; null when the instance file is missing */
  load(name: string): Result<LoadedInstance> | null;
  bestKnown(name: string): { ub: number; optimal: boolean } | undefined;
  group(name: string): string;
  /** the objective value the benchmark measures */
  value(result: ScheduleResult): number;
  /** more columns for the JSON and a short remark for the table (e.g. permutation or not) */
  remarks?(name: string, result: ScheduleResult): { remark: string; data: Record<string, unknown> };
}

interface Side {
  value: number | null;
  gap: number | null;
  firstFeasibleMs: number | null;
  within5Ms: number | null;
}

interface Row {
  instance: string;
  group: string;
  size: string;
  best: number;
  bestIsOptimal: boolean;
  takt: Side & { iterations: number; elapsedMs: number; error?: string; invalid?: string[] };
  peer: (Side & { optimal: boolean; elapsedMs: number; error?: string }) | null;
  versus: 'better' | 'equal' | 'worse' | null;
  remark: string;
  remarkData?: Record<string, unknown>;
}

/** (value − best known) / best known, in %; a best known of 0 gives 0 when hit, null when missed. */
export function gapPercent(value: number, best: number): number | null {
  if (best === 0) return value === 0 ? 0 : null;
  return ((value - best) / best) * 100;
}

function within5(curve: { elapsedMs: number; value: number }[], best: number): number | null {
  return curve.find((point) => point.value <= best * 1.05)?.elapsedMs ?? null;
}

async function loadScheduler(): Promise<Schedule> {
  try {
    const module: { schedule?: unknown } = await import('../src/schedule/schedule');
    if (typeof module.schedule === 'function') return module.schedule as Schedule;
    throw new Error('packages/engine/src/schedule/schedule.ts does not export a function `schedule`');
  } catch (error) {
    console.error(
      `The Takt scheduler is not available yet: ${(error as Error).message}\n` +
        'The runner needs `schedule(problem, options)` from packages/engine/src/schedule/schedule.ts.',
    );
    process.exit(1);
  }
}

function choosePeer(options: BenchOptions): string | null {
  if (options.peer === 'none') return null;
  const version = minizincWithGecode();
  if (version) return version;
  const install =
    'MiniZinc with Gecode is not installed (Debian: apt-get update && apt-get install -y minizinc)';
  if (options.peer === 'minizinc') {
    console.error(install);
    process.exit(1);
  }
  console.log(`${install}: running without a peer.\n`);
  return null;
}

const fmt = {
  n: (v: number | null) => (v === null ? '—' : String(v)),
  gap: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
  ms: (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(1) : v.toFixed(0)),
};

export async function runBenchmark(kind: BenchmarkKind, options: BenchOptions): Promise<void> {
  const schedule = await loadScheduler();
  const peer = choosePeer(options);
  const limitMs = options.seconds * 1000;
  console.log(
    `${kind.title}: ${kind.measure}, ${options.seconds} s per instance and solver, one thread each, seed ${options.seed}`,
  );
  console.log(`Takt: schedule() from packages/engine; peer: ${peer ?? 'none'}`);
  for (const note of kind.notes) console.log(`note: ${note}`);
  console.log(
    'gap % = (value − best known) / best known; first = ms to the first feasible schedule; 5 % = ms to within 5 % of best known (— never);\n' +
      "the peer's times include starting minizinc and flattening the model\n",
  );
  const header = [
    'instance'.padEnd(9),
    'size'.padEnd(7),
    'best'.padStart(7),
    '│',
    'takt'.padStart(7),
    'gap %'.padStart(7),
    'first'.padStart(7),
    '5 %'.padStart(6),
    '│',
    'peer'.padStart(7),
    'gap %'.padStart(7),
    'first'.padStart(7),
    '5 %'.padStart(6),
    '│',
    'takt vs peer',
  ].join(' ');
  console.log(header);
  console.log('─'.repeat(header.length + 12));

  const rows: Row[] = [];
  for (const name of options.instances) {
    const loaded = kind.load(name);
    if (loaded === null) {
      console.log(`${name.padEnd(9)} missing: no such instance file`);
      continue;
    }
    if (!loaded.ok) {
      console.log(`${name.padEnd(9)} unreadable: ${loaded.error.message}`);
      continue;
    }
    const known = kind.bestKnown(name);
    if (!known) {
      console.log(`${name.padEnd(9)} skipped: no best known value`);
      continue;
    }
    const { problem, size, peerData } = loaded.value;
    const best = known.ub;

    const curve: { elapsedMs: number; value: number }[] = [];
    const result = schedule(problem, {
      timeLimitMs: limitMs,
      seed: options.seed,
      targetValue: known.optimal ? best : undefined,
      onImprovement: (event) => curve.push(event),
    });
    let takt: Row['takt'];
    let remark = '';
    let remarkData: Record<string, unknown> | undefined;
    if (!result.ok) {
      takt = {
        value: null,
        gap: null,
        firstFeasibleMs: null,
        within5Ms: null,
        iterations: 0,
        elapsedMs: 0,
        error: `${result.error.code}: ${result.error.message}`,
      };
      remark = `takt failed: ${takt.error}`;
    } else {
      const value = kind.value(result.value);
      const invalid = checkSchedule(problem, result.value);
      takt = {
        value,
        gap: gapPercent(value, best),
        firstFeasibleMs: result.value.stats.timeToFirstFeasibleMs,
        within5Ms: within5(curve, best),
        iterations: result.value.stats.iterations,
        elapsedMs: result.value.stats.elapsedMs,
        ...(invalid.length > 0 ? { invalid } : {}),
      };
      if (invalid.length > 0) remark = `INVALID schedule (${invalid.length}): ${invalid[0]}`;
      const extra = kind.remarks?.(name, result.value);
      if (extra) {
        remark = [remark, extra.remark].filter(Boolean).join('; ');
        remarkData = extra.data;
      }
    }

    let peerSide: Row['peer'] = null;
    if (peer) {
      const run: PeerRun = await runMinizinc(kind.peerModel, peerData, limitMs, options.seed);
      peerSide = {
        value: run.value,
        gap: run.value === null ? null : gapPercent(run.value, best),
        firstFeasibleMs: run.improvements[0]?.elapsedMs ?? null,
        within5Ms: within5(run.improvements, best),
        optimal: run.optimal,
        elapsedMs: run.elapsedMs,
        ...(run.error && run.value === null ? { error: run.error } : {}),
      };
    }
    const taktValue = takt.invalid ? null : takt.value;
    const versus: Row['versus'] = !peerSide
      ? null
      : taktValue === null
        ? peerSide.value === null
          ? 'equal'
          : 'worse'
        : peerSide.value === null || taktValue < peerSide.value
          ? 'better'
          : taktValue === peerSide.value
            ? 'equal'
            : 'worse';
    const row: Row = {
      instance: name,
      group: kind.group(name),
      size,
      best,
      bestIsOptimal: known.optimal,
      takt,
      peer: peerSide,
      versus,
      remark,
      ...(remarkData ? { remarkData } : {}),
    };
    rows.push(row);
    console.log(
      [
        name.padEnd(9),
        size.padEnd(7),
        `${best}${known.optimal ? '' : '*'}`.padStart(7),
        '│',
        fmt.n(takt.value).padStart(7),
        fmt.gap(takt.gap).padStart(7),
        fmt.ms(takt.firstFeasibleMs).padStart(7),
        fmt.ms(takt.within5Ms).padStart(6),
        '│',
        (peerSide ? `${fmt.n(peerSide.value)}${peerSide.optimal ? '!' : ''}` : '').padStart(7),
        (peerSide ? fmt.gap(peerSide.gap) : '').padStart(7),
        (peerSide ? fmt.ms(peerSide.firstFeasibleMs) : '').padStart(7),
        (peerSide ? fmt.ms(peerSide.within5Ms) : '').padStart(6),
        '│',
        (versus ?? '').padEnd(6),
        remark,
      ]
        .join(' ')
        .trimEnd(),
    );
  }
  console.log('\n* best known not proven optimal; ! the peer proved its value optimal');

  const groups = summarize(rows);
  console.log(
    '\ngroup      n │ takt mean gap %  max gap %  at best │ peer mean gap %  solved │ takt better / equal / worse than peer',
  );
  for (const g of groups) {
    const share = (k: number) => (g.compared ? `${Math.round((k / g.compared) * 100)}%` : '—');
    console.log(
      [
        g.group.padEnd(8),
        String(g.instances).padStart(3),
        '│',
        fmt.gap(g.taktMeanGap).padStart(15),
        fmt.gap(g.taktMaxGap).padStart(10),
        `${g.taktAtBest}`.padStart(8),
        '│',
        (peer ? fmt.gap(g.peerMeanGap) : '').padStart(15),
        (peer ? `${g.peerSolved}/${g.instances}` : '').padStart(7),
        '│',
        peer ? `${share(g.better)} / ${share(g.equal)} / ${share(g.worse)}` : '',
      ]
        .join(' ')
        .trimEnd(),
    );
  }
  const unbounded = rows.filter((r) => r.takt.value !== null && r.takt.gap === null).length;
  if (unbounded > 0) {
    console.log(
      `(${unbounded} instances with best known 0 that Takt missed have no gap and are left out of the means)`,
    );
  }

  const out = resolve(import.meta.dirname, '../../../bench-results');
  mkdirSync(out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = resolve(out, `${kind.kind}-${options.seconds}s-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        benchmark: kind.title,
        measure: kind.measure,
        notes: kind.notes,
        seconds: options.seconds,
        seed: options.seed,
        peer: peer ?? 'none',
        machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
        finishedAt: new Date().toISOString(),
        groups,
        rows,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${file}`);
}

interface GroupSummary {
  group: string;
  instances: number;
  taktMeanGap: number | null;
  taktMaxGap: number | null;
  /** instances where Takt reached the best known value */
  taktAtBest: number;
  peerMeanGap: number | null;
  peerSolved: number;
  compared: number;
  better: number;
  equal: number;
  worse: number;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function summarize(rows: Row[]): GroupSummary[] {
  const byGroup = new Map<string, Row[]>();
  for (const row of rows) {
    byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row]);
  }
  const all = rows.length > 0 ? [...byGroup.entries(), ['all', rows] as [string, Row[]]] : [];
  return (byGroup.size > 1 ? all : [...byGroup.entries()]).map(([group, members]) => {
    const taktGaps = members
      .filter((r) => !r.takt.invalid)
      .flatMap((r) => (r.takt.gap === null ? [] : [r.takt.gap]));
    const peerGaps = members.flatMap((r) => (r.peer?.gap == null ? [] : [r.peer.gap]));
    const compared = members.filter((r) => r.versus !== null);
    return {
      group,
      instances: members.length,
      taktMeanGap: mean(taktGaps),
      taktMaxGap: taktGaps.length ? Math.max(...taktGaps) : null,
      taktAtBest: members.filter((r) => !r.takt.invalid && r.takt.value !== null && r.takt.value <= r.best)
        .length,
      peerMeanGap: mean(peerGaps),
      peerSolved: members.filter((r) => r.peer?.value != null).length,
      compared: compared.length,
      better: compared.filter((r) => r.versus === 'better').length,
      equal: compared.filter((r) => r.versus === 'equal').length,
      worse: compared.filter((r) => r.versus === 'worse').length,
    };
  });
}
