/**
 * Validates a ScheduleProblem and compiles it into flat typed arrays indexed by operation and
 * machine, so the scheduler's hot loops touch no objects. Invalid input becomes an error value
 * (unknown ids, no modes, negative or non-finite times, empty calendars, precedence cycles with
 * their path, firm operations on a machine they cannot use).
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { Objective, ScheduleProblem, WorkingIntervals } from './types';

export const NO_FAMILY = -1;

export interface CompiledProblem {
  objective: Objective;
  n: number;
  opIds: string[];
  opJob: Int32Array;
  jobIds: string[];
  jobDue: Float64Array; // NaN when the job has no due date
  jobWeight: Float64Array;
  jobRelease: Int32Array;
  /** modes of op i: modeStart[i] .. modeStart[i+1]-1 */
  modeStart: Int32Array;
  modeMachine: Int32Array;
  modeDuration: Int32Array;
  modeSetup: Int32Array;
  /** predecessors of op i: predStart[i] .. predStart[i+1]-1 */
  predStart: Int32Array;
  predOp: Int32Array;
  predLag: Int32Array;
  succStart: Int32Array;
  succOp: Int32Array;
  succLag: Int32Array;
  /** earliest start from job and operation release dates and material */
  release: Int32Array;
  /** what sets `release`: 0 nothing, 1 a release date, 2 material */
  releaseKind: Uint8Array;
  /** item id of the binding material per op, when releaseKind is 2 */
  releaseMaterial: (string | undefined)[];
  family: Int32Array;
  fitInShift: Uint8Array;
  firmMachine: Int32Array; // -1 when not firm
  firmStart: Int32Array;
  /** a topological order of the precedence graph */
  topological: Int32Array;
  m: number;
  machineIds: string[];
  machineWorkCenter: string[];
  machineCalendar: (WorkingIntervals | undefined)[];
  /** per machine: setup table over families (rows: from family, last row = idle machine), or null */
  machineSetups: (Int32Array | null)[];
  families: number;
  /** sum over ops of the shortest mode duration: a safe horizon scale */
  totalWork: number;
}

const isTime = (v: unknown): v is Minutes => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function compileProblem(problem: ScheduleProblem): Result<CompiledProblem> {
  const machineIndex = new Map(problem.machines.map((m, i) => [m.id, i]));
  if (machineIndex.size !== problem.machines.length)
    return fail('duplicate-machine', 'two machines share an id');
  const calendars = new Map((problem.calendars ?? []).map((c) => [c.id, c]));
  const matrices = new Map((problem.setupMatrices ?? []).map((s) => [s.id, s]));
  const jobIndex = new Map(problem.jobs.map((j, i) => [j.id, i]));
  if (jobIndex.size !== problem.jobs.length) return fail('duplicate-job', 'two jobs share an id');
  const opIndex = new Map(problem.operations.map((o, i) => [o.id, i]));
  if (opIndex.size !== problem.operations.length)
    return fail('duplicate-operation', 'two operations share an id');

  const machineCalendar: (WorkingIntervals | undefined)[] = [];
  for (const machine of problem.machines) {
    if (machine.calendarId === undefined) {
      machineCalendar.push(undefined);
      continue;
    }
    const calendar = calendars.get(machine.calendarId);
    if (!calendar)
      return fail('unknown-calendar', `machine ${machine.id} uses unknown calendar ${machine.calendarId}`, [
        machine.id,
      ]);
    if (calendar.intervals.length === 0)
      return fail('empty-calendar', `calendar ${calendar.id} has no working time`, [calendar.id]);
    for (const [a, b] of calendar.intervals) {
      if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a)
        return fail('bad-calendar', `calendar ${calendar.id} has an empty or reversed interval`, [
          calendar.id,
        ]);
    }
    machineCalendar.push(calendar.intervals);
    if (machine.setupMatrixId !== undefined && !matrices.has(machine.setupMatrixId)) {
      return fail(
        'unknown-setup-matrix',
        `machine ${machine.id} uses unknown setup matrix ${machine.setupMatrixId}`,
        [machine.id],
      );
    }
  }

  const familyIndex = new Map<string, number>();
  for (const op of problem.operations)
    if (op.family !== undefined && !familyIndex.has(op.family)) familyIndex.set(op.family, familyIndex.size);
  const F = familyIndex.size;
  const machineSetups = problem.machines.map((machine) => {
    const matrix = machine.setupMatrixId === undefined ? undefined : matrices.get(machine.setupMatrixId);
    if (!matrix) return null;
    const table = new Int32Array((F + 1) * F);
    for (const [from, f] of familyIndex) {
      for (const [to, t] of familyIndex)
        table[f * F + t] =
          from === to ? matrix.sameFamily : (matrix.minutes[from]?.[to] ?? matrix.defaultChangeover);
    }
    for (let t = 0; t < F; t++) table[F * F + t] = matrix.initial;
    return table;
  });

  const n = problem.operations.length;
  const modeStart = new Int32Array(n + 1);
  const modeMachine: number[] = [];
  const modeDuration: number[] = [];
  const modeSetup: number[] = [];
  const opJob = new Int32Array(n);
  const release = new Int32Array(n);
  const releaseKind = new Uint8Array(n);
  const releaseMaterial: (string | undefined)[] = new Array(n);
  const family = new Int32Array(n).fill(NO_FAMILY);
  const fitInShift = new Uint8Array(n);
  const firmMachine = new Int32Array(n).fill(-1);
  const firmStart = new Int32Array(n);
  const jobDue = new Float64Array(problem.jobs.length).fill(Number.NaN);
  const jobWeight = new Float64Array(problem.jobs.length).fill(1);
  const jobRelease = new Int32Array(problem.jobs.length);
  for (const [j, job] of problem.jobs.entries()) {
    if (job.dueDate !== undefined) {
      if (!Number.isFinite(job.dueDate))
        return fail('bad-time', `job ${job.id} has a non-finite due date`, [job.id]);
      jobDue[j] = job.dueDate;
    }
    if (job.weight !== undefined) {
      if (!isTime(job.weight))
        return fail('bad-weight', `job ${job.id} has a negative or non-finite weight`, [job.id]);
      jobWeight[j] = job.weight;
    }
    if (job.releaseDate !== undefined) {
      if (!isTime(job.releaseDate))
        return fail('negative-time', `job ${job.id} has a negative release date`, [job.id]);
      jobRelease[j] = job.releaseDate;
    }
  }
  let totalWork = 0;
  for (const [i, op] of problem.operations.entries()) {
    const j = jobIndex.get(op.jobId);
    if (j === undefined)
      return fail('unknown-job', `operation ${op.id} belongs to unknown job ${op.jobId}`, [op.id]);
    opJob[i] = j;
    if (op.modes.length === 0)
      return fail('no-modes', `operation ${op.id} has no machine to run on`, [op.id]);
    modeStart[i] = modeMachine.length;
    let shortest = Number.POSITIVE_INFINITY;
    for (const mode of op.modes) {
      const k = machineIndex.get(mode.machineId);
      if (k === undefined)
        return fail('unknown-machine', `operation ${op.id} names unknown machine ${mode.machineId}`, [
          op.id,
          mode.machineId,
        ]);
      if (!isTime(mode.duration) || (mode.setup !== undefined && !isTime(mode.setup))) {
        return fail(
          'negative-duration',
          `operation ${op.id} has a negative or non-finite duration or setup on ${mode.machineId}`,
          [op.id],
        );
      }
      modeMachine.push(k);
      modeDuration.push(Math.round(mode.duration));
      modeSetup.push(Math.round(mode.setup ?? 0));
      shortest = Math.min(shortest, mode.duration);
    }
    totalWork += shortest;
    let earliest = jobRelease[j];
    releaseKind[i] = earliest > 0 ? 1 : 0;
    if (op.releaseDate !== undefined) {
      if (!isTime(op.releaseDate))
        return fail('negative-time', `operation ${op.id} has a negative release date`, [op.id]);
      if (op.releaseDate > earliest) [earliest, releaseKind[i]] = [op.releaseDate, 1];
    }
    for (const material of op.materials ?? []) {
      if (!isTime(material.availableAt))
        return fail('negative-time', `material ${material.itemId} of ${op.id} has a negative date`, [op.id]);
      if (material.availableAt > earliest) {
        earliest = material.availableAt;
        releaseKind[i] = 2;
        releaseMaterial[i] = material.itemId;
      }
    }
    release[i] = earliest;
    if (op.family !== undefined) family[i] = familyIndex.get(op.family)!;
    fitInShift[i] = op.shiftRule === 'fit' ? 1 : 0;
    if (op.firm) {
      const k = machineIndex.get(op.firm.machineId);
      if (k === undefined || !op.modes.some((mode) => mode.machineId === op.firm!.machineId)) {
        return fail(
          'firm-machine',
          `firm operation ${op.id} is on ${op.firm.machineId}, which is not one of its modes`,
          [op.id],
        );
      }
      if (!isTime(op.firm.start))
        return fail('negative-time', `firm operation ${op.id} has a negative start`, [op.id]);
      firmMachine[i] = k;
      firmStart[i] = op.firm.start;
    }
  }
  modeStart[n] = modeMachine.length;

  const predLists: [number, number][][] = Array.from({ length: n }, () => []);
  const succLists: number[][] = Array.from({ length: n }, () => []);
  const succLags: number[][] = Array.from({ length: n }, () => []);
  for (const p of problem.precedences) {
    const a = opIndex.get(p.before);
    const b = opIndex.get(p.after);
    if (a === undefined || b === undefined)
      return fail('unknown-operation', `precedence ${p.before} → ${p.after} names an unknown operation`, [
        p.before,
        p.after,
      ]);
    if (p.lag !== undefined && !isTime(p.lag))
      return fail('negative-time', `precedence ${p.before} → ${p.after} has a negative lag`, [
        p.before,
        p.after,
      ]);
    predLists[b].push([a, Math.round(p.lag ?? 0)]);
    succLists[a].push(b);
    succLags[a].push(Math.round(p.lag ?? 0));
  }
  const topological = topologicalOrder(n, predLists, succLists);
  if (!topological) {
    const cycle = findCycle(n, succLists).map((i) => problem.operations[i].id);
    return fail('cycle', `the precedences form a cycle: ${cycle.join(' → ')}`, cycle);
  }
  const predStart = new Int32Array(n + 1);
  const succStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    predStart[i + 1] = predStart[i] + predLists[i].length;
    succStart[i + 1] = succStart[i] + succLists[i].length;
  }
  return ok({
    objective: problem.objective ?? 'lexicographic',
    n,
    opIds: problem.operations.map((o) => o.id),
    opJob,
    jobIds: problem.jobs.map((j) => j.id),
    jobDue,
    jobWeight,
    jobRelease,
    modeStart,
    modeMachine: Int32Array.from(modeMachine),
    modeDuration: Int32Array.from(modeDuration),
    modeSetup: Int32Array.from(modeSetup),
    predStart,
    predOp: Int32Array.from(predLists.flatMap((l) => l.map(([a]) => a))),
    predLag: Int32Array.from(predLists.flatMap((l) => l.map(([, lag]) => lag))),
    succStart,
    succOp: Int32Array.from(succLists.flat()),
    succLag: Int32Array.from(succLags.flat()),
    release,
    releaseKind,
    releaseMaterial,
    family,
    fitInShift,
    firmMachine,
    firmStart,
    topological,
    m: problem.machines.length,
    machineIds: problem.machines.map((m) => m.id),
    machineWorkCenter: problem.machines.map((m) => m.workCenterId),
    machineCalendar,
    machineSetups,
    families: F,
    totalWork,
  });
}

function topologicalOrder(n: number, preds: [number, number][][], succs: number[][]): Int32Array | undefined {
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = preds[i].length;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const i = order[head++];
    for (const s of succs[i]) if (--indegree[s] === 0) order[tail++] = s;
  }
  return tail === n ? order : undefined;
}

/** Operations along one cycle (first = last), by iterative depth-first search. */
function findCycle(n: number, succs: number[][]): number[] {
  const state = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k < succs[v].length) {
        top[1]++;
        const w = succs[v][k];
        if (state[w] === 1) {
          const cycle = [w];
          for (let x = v; x !== w; x = parent[x]) cycle.push(x);
          cycle.push(w);
          return cycle.reverse();
        }
        if (state[w] === 0) {
          state[w] = 1;
          parent[w] = v;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return [];
}
