// Entry of the engine's worker threads (`@takt/engine/worker`): kept apart from the main entry,
// which stays free of `node:` modules so that browsers and other runtimes can load it.
export type { EngineTask, EngineTaskResult, PlainScheduleOptions } from './engine-task';
export { runInWorker, type WorkerRun, type WorkerRunOptions } from './run-in-worker';
