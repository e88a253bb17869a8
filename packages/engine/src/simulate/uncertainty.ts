/**
 * Uncertainty of the shop floor, as inputs: the plan assumes every duration and arrival, the
 * Monte Carlo replays the plan with these distributions instead. The shop floor measures them
 * later (machine data, confirmations, receipts); until then the defaults below stand in.
 *
 * Defaults, and why:
 * - run time: lognormal with median = planned, sigma 0.15 (coefficient of variation ≈ 15 %).
 *   Standard times are typical values, not averages, so the median sits on the plan and the
 *   right tail is longer than the left; job-shop studies report processing-time CVs of 0.1–0.3
 *   for machining, 0.15 is the middle of the well-controlled end. One operation's P90 is then
 *   e^(1.28·0.15) ≈ 1.21 × planned.
 * - setup: lognormal, sigma 0.25: changeovers vary more than runs (fixtures, first-part checks).
 * - breakdowns: per work center, a Poisson process in running time with mean time between
 *   failures 9,600 working minutes (160 h ≈ two weeks of two shifts) and an exponential repair
 *   of mean 120 minutes: ≈ 98.8 % availability from major failures alone (small stops belong in
 *   the planned run time).
 * - material: a purchase delivery is late with probability 0.1 (supplier on-time delivery of
 *   90 %), and then by an exponential delay of mean 2 calendar days. Material already on hand
 *   (available at or before `now`) is never late.
 */
import type { Minutes } from '../common/time';

/** Breakdowns of one work center: failures arrive at rate 1/mtbf in running time; each repair is exponential. */
export interface Breakdowns {
  /** Mean time between failures, in working (running) minutes. */
  mtbf: Minutes;
  /** Mean time to repair, in minutes. */
  mttr: Minutes;
}

export interface MaterialLateness {
  /** Probability that a delivery arrives after its planned date, 0..1. */
  probabilityLate: number;
  /** Mean delay of a late delivery (exponential), in calendar days. */
  meanDelayDays: number;
}

export interface WorkCenterUncertainty {
  durationSigma?: number;
  setupSigma?: number;
  /** null: this work center does not break down. */
  breakdowns?: Breakdowns | null;
}

export interface Uncertainty {
  /** Lognormal sigma of run time around the planned duration (the median). Default 0.15. */
  durationSigma?: number;
  /** Lognormal sigma of setup time around the planned setup. Default 0.25. */
  setupSigma?: number;
  /** Breakdowns of every work center without its own entry; null for none. */
  breakdowns?: Breakdowns | null;
  /** Per work center id, overriding the defaults above. */
  workCenters?: Readonly<Record<string, WorkCenterUncertainty>>;
  /** Per operation id: run-time sigma measured for this operation (overrides its work center). */
  operations?: Readonly<Record<string, { durationSigma?: number; setupSigma?: number }>>;
  /** Lateness of every purchased material without its own entry. */
  materialLateness?: MaterialLateness;
  /** Per item id (or supplier's item), overriding `materialLateness`. */
  materials?: Readonly<Record<string, MaterialLateness>>;
}

export const DEFAULT_UNCERTAINTY = {
  durationSigma: 0.15,
  setupSigma: 0.25,
  breakdowns: { mtbf: 9_600, mttr: 120 },
  materialLateness: { probabilityLate: 0.1, meanDelayDays: 2 },
} as const satisfies Uncertainty;

/** No uncertainty at all: a replay reproduces the plan exactly. */
export const NO_UNCERTAINTY: Uncertainty = {
  durationSigma: 0,
  setupSigma: 0,
  breakdowns: null,
  materialLateness: { probabilityLate: 0, meanDelayDays: 0 },
};

export interface ResolvedOperationUncertainty {
  durationSigma: number;
  setupSigma: number;
  /** Infinity when the work center never breaks down. */
  mtbf: number;
  mttr: number;
}

export function operationUncertainty(
  u: Uncertainty,
  operationId: string,
  workCenterId: string,
): ResolvedOperationUncertainty {
  const wc = u.workCenters?.[workCenterId];
  const op = u.operations?.[operationId];
  const breakdowns =
    wc && wc.breakdowns !== undefined
      ? wc.breakdowns
      : u.breakdowns !== undefined
        ? u.breakdowns
        : DEFAULT_UNCERTAINTY.breakdowns;
  return {
    durationSigma:
      op?.durationSigma ?? wc?.durationSigma ?? u.durationSigma ?? DEFAULT_UNCERTAINTY.durationSigma,
    setupSigma: op?.setupSigma ?? wc?.setupSigma ?? u.setupSigma ?? DEFAULT_UNCERTAINTY.setupSigma,
    mtbf: breakdowns && breakdowns.mtbf > 0 ? breakdowns.mtbf : Number.POSITIVE_INFINITY,
    mttr: breakdowns ? breakdowns.mttr : 0,
  };
}

export function materialLateness(u: Uncertainty, itemId: string): MaterialLateness {
  return u.materials?.[itemId] ?? u.materialLateness ?? DEFAULT_UNCERTAINTY.materialLateness;
}

/** Rejects sigmas, rates and probabilities outside their range; returns the offending path. */
export function invalidUncertainty(u: Uncertainty): string | undefined {
  const sigma = (v: number | undefined) => v !== undefined && !(Number.isFinite(v) && v >= 0);
  const rate = (b: Breakdowns | null | undefined) =>
    !!b && !(b.mtbf > 0 && Number.isFinite(b.mttr) && b.mttr >= 0);
  const late = (m: MaterialLateness | undefined) =>
    !!m &&
    !(
      m.probabilityLate >= 0 &&
      m.probabilityLate <= 1 &&
      Number.isFinite(m.meanDelayDays) &&
      m.meanDelayDays >= 0
    );
  if (sigma(u.durationSigma)) return 'durationSigma';
  if (sigma(u.setupSigma)) return 'setupSigma';
  if (rate(u.breakdowns)) return 'breakdowns';
  if (late(u.materialLateness)) return 'materialLateness';
  for (const [id, wc] of Object.entries(u.workCenters ?? {}))
    if (sigma(wc.durationSigma) || sigma(wc.setupSigma) || rate(wc.breakdowns)) return `workCenters.${id}`;
  for (const [id, op] of Object.entries(u.operations ?? {}))
    if (sigma(op.durationSigma) || sigma(op.setupSigma)) return `operations.${id}`;
  for (const [id, m] of Object.entries(u.materials ?? {})) if (late(m)) return `materials.${id}`;
  return undefined;
}
