/**
 * Entry of a planning worker thread: runs the one task it was given (workerData) and posts
 * improvement events while the search runs, then the result. Started by run-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EngineTask, runTask } from './engine-task';

export type WorkerMessage =
  | { type: 'improvement'; event: { elapsedMs: number; value: number } }
  | { type: 'done'; result: ReturnType<typeof runTask> };

const { task, stopFlag } = workerData as { task: EngineTask; stopFlag: SharedArrayBuffer };
const stop = new Int32Array(stopFlag);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const result = runTask(task, {
  onImprovement: (event) => post({ type: 'improvement', event }),
  shouldStop: () => Atomics.load(stop, 0) === 1,
});
post({ type: 'done', result });
