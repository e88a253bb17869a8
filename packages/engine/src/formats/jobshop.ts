/**
 * Readers for the public job-shop formats, turned into the same ScheduleProblem the plant uses:
 * JSPLIB / OR-Library / Taillard text (`jobs machines`, then per job `machine duration` pairs,
 * machines from 0) and Brandimarte flexible job shop (.fjs: per operation `k` alternatives of
 * `machine duration`, machines from 1). Pure: they take the file's text.
 */
import { fail, ok, type Result } from '../common/result';
import type { ScheduleProblem } from '../schedule/types';

export interface JobShopInstance {
  name: string;
  machines: number;
  /** jobs[j] = operations in routing order, each with its alternatives [machine, duration] */
  jobs: [number, number][][][];
}

function numbersByLine(text: string): { line: number; values: number[] }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ raw: raw.trim(), line: i + 1 }))
    .filter(({ raw }) => raw !== '' && !raw.startsWith('#'))
    .map(({ raw, line }) => ({ line, values: raw.split(/\s+/).map(Number) }));
}

function header(lines: { line: number; values: number[] }[]): Result<{ jobs: number; machines: number }> {
  const first = lines[0];
  if (!first) return fail('empty', 'the file has no data');
  const [jobs, machines] = first.values;
  if (!Number.isInteger(jobs) || !Number.isInteger(machines) || jobs < 1 || machines < 1) {
    return fail('header', `line ${first.line}: expected "jobs machines", got "${first.values.join(' ')}"`);
  }
  if (lines.length - 1 < jobs) return fail('jobs', `expected ${jobs} job lines, found ${lines.length - 1}`);
  return ok({ jobs, machines });
}

/** JSPLIB / Taillard text: one line per job of `machine duration` pairs, machines numbered from 0. */
export function parseJobShop(text: string, name = 'jobshop'): Result<JobShopInstance> {
  const lines = numbersByLine(text);
  const head = header(lines);
  if (!head.ok) return head;
  const jobs: [number, number][][][] = [];
  for (let j = 0; j < head.value.jobs; j++) {
    const { line, values } = lines[j + 1];
    if (values.length % 2 !== 0 || values.some((v) => !Number.isInteger(v) || v < 0)) {
      return fail('job', `line ${line}: expected pairs of non-negative integers "machine duration"`);
    }
    const ops: [number, number][][] = [];
    for (let k = 0; k < values.length; k += 2) {
      if (values[k] >= head.value.machines)
        return fail('machine', `line ${line}: machine ${values[k]} is not below ${head.value.machines}`);
      ops.push([[values[k], values[k + 1]]]);
    }
    jobs.push(ops);
  }
  return ok({ name, machines: head.value.machines, jobs });
}

/** Brandimarte .fjs: `jobs machines avg`, then per job `n` and per operation `k (machine duration)×k`, machines from 1. */
export function parseFlexibleJobShop(text: string, name = 'fjsp'): Result<JobShopInstance> {
  const lines = numbersByLine(text);
  const head = header(lines);
  if (!head.ok) return head;
  const jobs: [number, number][][][] = [];
  for (let j = 0; j < head.value.jobs; j++) {
    const { line, values } = lines[j + 1];
    let at = 1;
    const ops: [number, number][][] = [];
    const count = values[0];
    for (let o = 0; o < count; o++) {
      const k = values[at++];
      if (!Number.isInteger(k) || k < 1 || at + 2 * k > values.length)
        return fail('operation', `line ${line}: operation ${o + 1} is incomplete`);
      const modes: [number, number][] = [];
      for (let a = 0; a < k; a++) {
        const machine = values[at++] - 1;
        const duration = values[at++];
        if (!Number.isInteger(machine) || machine < 0 || machine >= head.value.machines || !(duration >= 0)) {
          return fail('machine', `line ${line}: bad machine or duration in operation ${o + 1}`);
        }
        modes.push([machine, duration]);
      }
      ops.push(modes);
    }
    if (at !== values.length)
      return fail('job', `line ${line}: ${values.length - at} numbers left over after ${count} operations`);
    jobs.push(ops);
  }
  return ok({ name, machines: head.value.machines, jobs });
}

/** The instance as a ScheduleProblem: 24/7 machines, a precedence chain per job, makespan objective. */
export function jobShopToProblem(instance: JobShopInstance): ScheduleProblem {
  const problem: ScheduleProblem = {
    machines: Array.from({ length: instance.machines }, (_, m) => ({ id: `M${m}`, workCenterId: `M${m}` })),
    jobs: instance.jobs.map((_, j) => ({ id: `J${j}` })),
    operations: [],
    precedences: [],
    objective: 'makespan',
  };
  instance.jobs.forEach((ops, j) => {
    ops.forEach((modes, o) => {
      problem.operations.push({
        id: `J${j}.${o}`,
        jobId: `J${j}`,
        modes: modes.map(([m, d]) => ({ machineId: `M${m}`, duration: d })),
      });
      if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}` });
    });
  });
  return problem;
}

/** bounds.tsv: instance, jobs, machines, lb, ub, optimal_known (comment lines start with #). */
export function parseBounds(text: string): Map<string, { lb: number; ub: number; optimal: boolean }> {
  const bounds = new Map<string, { lb: number; ub: number; optimal: boolean }>();
  const rows = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const headerCells = rows[0].split('\t');
  const col = (name: string) => headerCells.indexOf(name);
  for (const row of rows.slice(1)) {
    const cells = row.split('\t');
    bounds.set(cells[col('instance')], {
      lb: Number(cells[col('lb')]),
      ub: Number(cells[col('ub')]),
      optimal: (cells[col('optimal_known')] ?? '').startsWith('optimal'),
    });
  }
  return bounds;
}
