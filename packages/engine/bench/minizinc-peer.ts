/**
 * The peer solver measured in the same run as Takt: MiniZinc with Gecode on one thread, the
 * same wall-clock limit (flattening included), intermediate solutions streamed (`-a`) so the
 * peer gets the same anytime measures (time to first feasible, time to within 5 %). The models
 * are in bench/minizinc/*.mzn (their headers say why they are a fair opponent); this file
 * writes each instance's data into a temp dir and reads back the objective lines.
 * Install: `apt-get install minizinc` (Debian's package brings Gecode 6.2).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FlexibleJobShopInstance } from '../src/formats/flexible-jobshop';
import type { JobShopInstance } from '../src/formats/jobshop';
import type { SetupFlowShopInstance } from '../src/formats/setup-flowshop';
import type { WeightedTardinessInstance } from '../src/formats/weighted-tardiness';

export type PeerModel = 'jobshop' | 'flexible-jobshop' | 'weighted-tardiness' | 'setup-flowshop';

export interface PeerRun {
  /** best objective found; null when the peer found no solution in time (or failed) */
  value: number | null;
  /** the peer proved `value` optimal before the limit */
  optimal: boolean;
  /** objective over wall-clock time since the process was started */
  improvements: { elapsedMs: number; value: number }[];
  elapsedMs: number;
  /** why there is no value, when there is none */
  error?: string;
}

export const minizincModelDir = resolve(import.meta.dirname, 'minizinc');

/** `Gecode 6.2.0 via MiniZinc 2.6.4`, or null when minizinc or its Gecode is not installed. */
export function minizincWithGecode(): string | null {
  const solvers = spawnSync('minizinc', ['--solvers'], { encoding: 'utf8' });
  if (solvers.error || solvers.status !== 0) return null;
  const gecode = solvers.stdout.match(/Gecode (\d[\w.]*) \(org\.gecode\.gecode/);
  if (!gecode) return null;
  const version = spawnSync('minizinc', ['--version'], { encoding: 'utf8' }).stdout.match(/version (\S+)/);
  return `Gecode ${gecode[1]} via MiniZinc ${version?.[1] ?? '?'}`;
}

const list = (values: number[]) => `[${values.join(',')}]`;

/** Operations numbered from 1 job by job; a chain of precedences per job. */
export function jobShopData(instance: JobShopInstance): string {
  const ops = instance.jobs.flat();
  const { before, after } = chains(instance.jobs.map((job) => job.length));
  return [
    `n_machines = ${instance.machineCount};`,
    `n_ops = ${ops.length};`,
    `machine = ${list(ops.map((op) => op.machine))};`,
    `duration = ${list(ops.map((op) => op.duration))};`,
    `n_prec = ${before.length};`,
    `before = ${list(before)};`,
    `after = ${list(after)};`,
  ].join('\n');
}

/** Alternatives of each operation listed together, shortest first (the model's mode order). */
export function flexibleJobShopData(instance: FlexibleJobShopInstance): string {
  const ops = instance.jobs.flat();
  const altOp: number[] = [];
  const altMachine: number[] = [];
  const altDuration: number[] = [];
  const firstAlt: number[] = [];
  ops.forEach((alternatives, o) => {
    firstAlt.push(altOp.length + 1);
    for (const { machine, duration } of [...alternatives].sort((a, b) => a.duration - b.duration)) {
      altOp.push(o + 1);
      altMachine.push(machine);
      altDuration.push(duration);
    }
  });
  const { before, after } = chains(instance.jobs.map((job) => job.length));
  return [
    `n_machines = ${instance.machineCount};`,
    `n_ops = ${ops.length};`,
    `n_alts = ${altOp.length};`,
    `alt_op = ${list(altOp)};`,
    `alt_machine = ${list(altMachine)};`,
    `alt_duration = ${list(altDuration)};`,
    `first_alt = ${list(firstAlt)};`,
    `alt_count = ${list(ops.map((alternatives) => alternatives.length))};`,
    `n_prec = ${before.length};`,
    `before = ${list(before)};`,
    `after = ${list(after)};`,
  ].join('\n');
}

export function weightedTardinessData(instance: WeightedTardinessInstance): string {
  return [
    `n = ${instance.jobs.length};`,
    `p = ${list(instance.jobs.map((job) => job.processingTime))};`,
    `w = ${list(instance.jobs.map((job) => job.weight))};`,
    `d = ${list(instance.jobs.map((job) => job.dueDate))};`,
  ].join('\n');
}

export function setupFlowShopData(instance: SetupFlowShopInstance): string {
  return [
    `n = ${instance.jobCount};`,
    `m = ${instance.machineCount};`,
    `p = array2d(1..n, 1..m, ${list(instance.processingTimes.flat())});`,
    `setup = array3d(1..m, 1..n, 1..n, ${list(instance.setupTimes.flat(2))});`,
  ].join('\n');
}

function chains(lengths: number[]): { before: number[]; after: number[] } {
  const before: number[] = [];
  const after: number[] = [];
  let first = 1;
  for (const length of lengths) {
    for (let o = 1; o < length; o++) {
      before.push(first + o - 1);
      after.push(first + o);
    }
    first += length;
  }
  return { before, after };
}

/**
 * Runs `minizinc --solver gecode -p 1 -a --time-limit <ms> -r <seed>` on a model and data,
 * timing each `objective=N` line as it arrives. A process that outlives the limit by 10 s is
 * killed (only this child, by its pid) and keeps what it printed.
 */
export function runMinizinc(
  model: PeerModel,
  data: string,
  timeLimitMs: number,
  seed: number,
): Promise<PeerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'takt-peer-'));
  const dataFile = join(dir, 'instance.dzn');
  writeFileSync(dataFile, data);
  const args = [
    '--solver',
    'gecode',
    '-p',
    '1',
    '-a',
    '-r',
    String(seed),
    '--time-limit',
    String(Math.max(1, Math.round(timeLimitMs))),
    join(minizincModelDir, `${model}.mzn`),
    dataFile,
  ];
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn('minizinc', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: PeerRun = { value: null, optimal: false, improvements: [], elapsedMs: 0 };
    let pending = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), timeLimitMs + 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const found = line.match(/^objective=(-?\d+)/);
        if (found) {
          const value = Number(found[1]);
          if (run.value === null || value < run.value) {
            run.value = value;
            run.improvements.push({ elapsedMs: performance.now() - started, value });
          }
        } else if (line.startsWith('==========')) run.optimal = true;
        else if (line.startsWith('=====UNSATISFIABLE') || line.startsWith('=====ERROR'))
          run.error = line.trim();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    let finished = false;
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(killer);
      run.elapsedMs = performance.now() - started;
      if (run.value === null && !run.error)
        run.error = error ?? (stderr.trim().split('\n').pop() || 'no solution in time');
      rmSync(dir, { recursive: true, force: true });
      done(run);
    };
    child.on('error', (error) => finish(`minizinc could not start: ${error.message}`));
    child.on('close', (code) =>
      finish(
        code === 0 ? undefined : `minizinc exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}`,
      ),
    );
  });
}
