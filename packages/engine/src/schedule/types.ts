/**
 * The scheduling model: plain data in, plain data out. The same model plans the plant (work
 * centers with calendars, alternatives, setups, material) and runs the public benchmarks
 * (job shop = one mode per operation, 24/7 machines, makespan objective).
 *
 * Vocabulary: a *machine* is one unit of capacity (a work center with 3 parallel machines
 * becomes 3 machines sharing the work center id and calendar). An *operation* runs on exactly
 * one machine chosen from its *modes* (primary and alternative work centers, each with its own
 * duration). A *job* is a production order; jobs belong to an *order* (sales order line) and
 * carry due dates and weights for tardiness.
 */
import type { Minutes } from '../common/time';

/** Sorted, disjoint, half-open [start, end) working intervals in minutes since the origin. */
export type WorkingIntervals = ReadonlyArray<readonly [Minutes, Minutes]>;

export interface Calendar {
  id: string;
  /** Working time over the planning horizon. After the last interval the machine is unavailable. */
  intervals: WorkingIntervals;
}

export interface Machine {
  id: string;
  workCenterId: string;
  /** Calendar id; absent means always available (24/7), as in the benchmark instances. */
  calendarId?: string;
  /** Setup matrix id for sequence-dependent setups between product families. */
  setupMatrixId?: string;
}

export interface SetupMatrix {
  id: string;
  /** Setup minutes when the machine changes from family `from` to family `to`: minutes[from][to]. */
  minutes: Readonly<Record<string, Readonly<Record<string, Minutes>>>>;
  /** Setup minutes for a pair missing from `minutes` between different families. */
  defaultChangeover: Minutes;
  /** Setup minutes between two operations of the same family (often small or 0). */
  sameFamily: Minutes;
  /** Setup minutes for the first operation on an idle machine (no predecessor). */
  initial: Minutes;
}

/** One way to run an operation: on this machine, for this many minutes of processing. */
export interface OperationMode {
  machineId: string;
  /** Processing minutes on this machine (quantity × run time ÷ efficiency), setup excluded. */
  duration: Minutes;
  /**
   * Fixed setup minutes on this machine, used when the machine has no setup matrix or
   * the operation has no family. Default 0.
   */
  setup?: Minutes;
}

export interface MaterialConstraint {
  /** Item or purchase order that must arrive before the operation can start. */
  itemId: string;
  /** When the material is available (purchase order date or supplier lead time). */
  availableAt: Minutes;
}

export interface ScheduleOperation {
  id: string;
  jobId: string;
  /** Alternatives; at least one. Order matters only as a tie-break (primary first). */
  modes: OperationMode[];
  /** Product family for sequence-dependent setups. */
  family?: string;
  /** Earliest start (besides the job's release and material). */
  releaseDate?: Minutes;
  /** Material that must be on hand before the operation starts. */
  materials?: MaterialConstraint[];
  /**
   * Calendar rule: 'span' lets processing pause over non-working time and resume in the
   * next shift (default); 'fit' requires the whole operation inside one working interval.
   */
  shiftRule?: 'span' | 'fit';
  /** Firm (frozen) operation: it stays exactly here and nothing moves it. */
  firm?: { machineId: string; start: Minutes };
}

/** `after` may not start before `before` ends plus `lag` (queue/move time). */
export interface Precedence {
  before: string;
  after: string;
  lag?: Minutes;
}

export interface ScheduleJob {
  id: string;
  /** The sales order line (or forecast) the job serves, for reporting. */
  orderId?: string;
  dueDate?: Minutes;
  /** Tardiness weight (default 1). */
  weight?: number;
  /** Earliest start of every operation of the job. */
  releaseDate?: Minutes;
}

export type Objective =
  /** weighted tardiness, then total setup time, then flow time (default for the plant) */
  | 'lexicographic'
  /** completion time of the last operation (benchmarks) */
  | 'makespan';

export interface ScheduleProblem {
  machines: Machine[];
  calendars?: Calendar[];
  setupMatrices?: SetupMatrix[];
  jobs: ScheduleJob[];
  operations: ScheduleOperation[];
  precedences: Precedence[];
  objective?: Objective;
}

export interface ScheduleOptions {
  /** Wall-clock budget for the improvement search; 0 returns the construction. */
  timeLimitMs?: number;
  /** Stop after this many search iterations (deterministic runs, tests). */
  maxIterations?: number;
  /** Seed for the search; the same seed and iteration limit give the same schedule. */
  seed?: number;
  /** Stop the search once the objective's primary value is at or below this (e.g. a known bound). */
  targetValue?: number;
  /** Called when the search finds a better schedule (anytime progress). */
  onImprovement?: (event: { elapsedMs: number; value: number }) => void;
  /** Returns true to cancel; the best schedule so far is returned. */
  shouldStop?: () => boolean;
  /** Wall clock, injectable so tests stay deterministic. Default performance.now. */
  clock?: () => number;
}

export interface ScheduledOperation {
  operationId: string;
  jobId: string;
  machineId: string;
  /** Setup begins here (equal to start when there is no setup). */
  setupStart: Minutes;
  /** Processing begins here. */
  start: Minutes;
  end: Minutes;
  setupMinutes: Minutes;
}

/** Why a job is late: what bound it, and by how much it is late. */
export interface LateReason {
  kind: 'capacity' | 'material' | 'release' | 'firm';
  /** Work center id (capacity) or item id (material). */
  constraintId: string;
  /** Minutes past the due date. */
  lateBy: Minutes;
}

export interface ScheduledJob {
  jobId: string;
  start: Minutes;
  completion: Minutes;
  tardiness: Minutes;
  lateReason?: LateReason;
}

export interface ObjectiveValues {
  weightedTardiness: number;
  totalSetup: Minutes;
  flowTime: Minutes;
  makespan: Minutes;
}

/** What a warm start (reschedule) kept and changed of the previous schedule. */
export interface RescheduleReport {
  /** operations that stayed on their machine, in their previous order among the ones that stayed */
  kept: number;
  /** operations that were not in the previous schedule (a new order's), inserted */
  inserted: string[];
  /**
   * operations of the previous schedule that had to leave their place and were inserted again:
   * their machine is gone or no longer one of their modes, its calendar ends before them, or they
   * would run into firm work
   */
  moved: string[];
  /** operations of the previous schedule that are no longer in the problem */
  dropped: number;
  /** true when the previous sequences could not be repaired and the plan was constructed anew */
  constructedAnew: boolean;
}

export interface ScheduleResult {
  operations: ScheduledOperation[];
  jobs: ScheduledJob[];
  objective: ObjectiveValues;
  /** Machine id -> operation ids in processing order (the sequences a Monte Carlo replay uses). */
  sequences: Record<string, string[]>;
  stats: {
    timeToFirstFeasibleMs: number;
    elapsedMs: number;
    iterations: number;
    /** Anytime curve: primary objective value over elapsed time. */
    improvements: { elapsedMs: number; value: number }[];
  };
  /** Set by reschedule: how much of the previous schedule the warm start kept. */
  rescheduled?: RescheduleReport;
}
