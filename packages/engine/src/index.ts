// Public face of the planning engine. Pure: no I/O, deterministic for a seed and a `now`.
export * from './calendar/expand-calendar';
export * from './calendar/working-time';
export * from './common/random';
export * from './common/result';
export * from './common/time';
export * from './formats/jobshop';
export { compileProblem } from './schedule/compile-problem';
export { schedule } from './schedule/schedule';
export type * from './schedule/types';
