/**
 * The life of an operation on the shop floor, as a pure rule: which booking is allowed in which
 * status, the status it leads to, and where the minutes since the previous booking go.
 *
 *   released ──setup──► setup ──run──► running ──finish──► done
 *       └──────run────────────────────▲   │ ▲
 *                  pause ◄────────────┴───┘ └── run / setup (resume)
 *
 * A booking of the status the operation is already in is an operator joining it (several
 * operators on one operation); a quantity report keeps the status.
 */
import type { jobOperations, operationBookings } from './tables';

export type OperationStatus = (typeof jobOperations.status.enumValues)[number];
export type BookingKind = (typeof operationBookings.kind.enumValues)[number];

const ACTIVE: readonly OperationStatus[] = ['setup', 'running', 'paused'];

const allowedFrom: Record<BookingKind, readonly OperationStatus[]> = {
  setup: ['released', 'setup', 'paused', 'running'],
  run: ['released', 'setup', 'running', 'paused'],
  pause: ['setup', 'running'],
  finish: ACTIVE,
  quantity: ACTIVE,
};

const leadsTo: Record<BookingKind, OperationStatus | null> = {
  setup: 'setup',
  run: 'running',
  pause: 'paused',
  finish: 'done',
  quantity: null,
};

export type TransitionResult =
  | { ok: true; status: OperationStatus; started: boolean; finished: boolean }
  | { ok: false; message: string };

/** The status after `kind` is booked on an operation in `status`, or why it may not be. */
export function transition(status: OperationStatus, kind: BookingKind): TransitionResult {
  if (!allowedFrom[kind].includes(status)) return { ok: false, message: refusal(status, kind) };
  const next = leadsTo[kind] ?? status;
  return {
    ok: true,
    status: next,
    started: status === 'released' && (next === 'setup' || next === 'running'),
    finished: next === 'done',
  };
}

/** Which clock the time spent in `status` runs on: setup minutes, run minutes, or neither. */
export function clockOf(status: OperationStatus): 'setup' | 'run' | null {
  if (status === 'setup') return 'setup';
  if (status === 'running') return 'run';
  return null;
}

function refusal(status: OperationStatus, kind: BookingKind): string {
  if (status === 'planned') return 'the job is not released to the shop floor yet';
  if (status === 'done') return 'the operation is already finished';
  const verb = {
    setup: 'start setup',
    run: 'start the run',
    pause: 'pause',
    finish: 'finish',
    quantity: 'report quantities',
  }[kind];
  const state = { released: 'not started', paused: 'paused', setup: 'in setup', running: 'running' }[
    status as 'released' | 'paused' | 'setup' | 'running'
  ];
  return `cannot ${verb}: the operation is ${state}${kind === 'pause' ? '' : '; start it first'}`;
}
