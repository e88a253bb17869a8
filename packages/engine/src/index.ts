// Public face of the planning engine. Pure: no I/O, deterministic for a seed and a `now`; no
// `node:` modules (worker threads have their own entry, `@takt/engine/worker`).
export * from './calendar/expand-calendar';
export * from './calendar/working-time';
export * from './common/random';
export * from './common/result';
export * from './common/time';
export * from './formats/bounds';
export * from './formats/flexible-jobshop';
export * from './formats/jobshop';
export * from './formats/setup-flowshop';
export * from './formats/weighted-tardiness';
export * from './mrp/plan-mrp';
export type * from './mrp/types';
export { capableToPromise, promiseDelivery } from './promise/capable-to-promise';
export {
  type ConfidenceContext,
  type ConfidenceOptions,
  type ConfidenceUpdateStats,
  createConfidenceContext,
  updateConfidenceContext,
} from './promise/confidence-context';
export { createPromiseContext, type PromiseContext } from './promise/promise-context';
export {
  type ConfidentPromise,
  insertPromise,
  type PromiseWithConfidenceOptions,
  promiseWithConfidence,
  promiseWithConfidenceByFullReplay,
  tagPromise,
} from './promise/promise-with-confidence';
export type * from './promise/types';
export { compileProblem } from './schedule/compile-problem';
export { reschedule, withoutMachine } from './schedule/reschedule';
export { schedule } from './schedule/schedule';
export type * from './schedule/types';
export {
  type CompletionForecast,
  forecastCompletions,
  type JobForecast,
  type MonteCarloOptions,
  type MonteCarloResult,
  monteCarlo,
  type OrderForecast,
} from './simulate/monte-carlo';
export { compileReplay, type ReplayModel, type ReplayModelOptions } from './simulate/replay-model';
export * from './simulate/uncertainty';
export type { EngineTask, EngineTaskResult, PlainScheduleOptions } from './worker/engine-task';
