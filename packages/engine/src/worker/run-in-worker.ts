/**
 * Heavy planning runs in a worker thread, so a server keeps answering while a plant is scheduled:
 * the task (schedule, reschedule or MRP; plain data) goes to a `node:worker_threads` Worker, the
 * search's improvement events come back as they happen, and the caller can stop the search
 * (the best plan so far comes back) or cancel (the thread is terminated, nothing comes back).
 * A worker is computation, not I/O: the engine stays pure.
 *
 * Loading: from compiled JavaScript the worker entry is engine-worker.js beside this file. From
 * TypeScript (the server under tsx, tests under vitest) it is engine-worker.ts, and a small
 * bootstrap registers tsx's ESM loader in the thread, then imports the entry. Neither
 * `execArgv: ['--import', 'tsx']` nor the execArgv a thread inherits from a tsx process is enough
 * on Node 20: the thread's entry is loaded before the loader's hooks are active, and .ts is an
 * unknown extension (checked under tsx 4.23 and vitest 4.1).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail } from '../common/result';
import type { EngineTask, EngineTaskResult } from './engine-task';
import type { WorkerMessage } from './engine-worker';

export interface WorkerRunOptions {
  /** Called in this thread for every improvement the search finds. */
  onImprovement?: (event: { elapsedMs: number; value: number }) => void;
}

export interface WorkerRun<T extends EngineTask> {
  /** The task's result; a cancelled run gives an error value with code 'cancelled'. */
  result: Promise<EngineTaskResult<T>>;
  /** Ends the search now; the result is the best plan found so far. */
  stop(): void;
  /** Terminates the thread; the result becomes 'cancelled'. */
  cancel(): Promise<void>;
}

export function runInWorker<T extends EngineTask>(task: T, options: WorkerRunOptions = {}): WorkerRun<T> {
  const stopFlag = new SharedArrayBuffer(4);
  const fromTypeScript = import.meta.url.endsWith('.ts');
  const entry = new URL(fromTypeScript ? './engine-worker.ts' : './engine-worker.js', import.meta.url);
  const workerData = { task, stopFlag };
  const worker = fromTypeScript
    ? new Worker(
        `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
        { eval: true, workerData },
      )
    : new Worker(entry, { workerData });
  let settled = false;
  let cancelled = false;
  const result = new Promise<EngineTaskResult<T>>((resolve, reject) => {
    const settle = (value: EngineTaskResult<T>) => {
      settled = true;
      resolve(value);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'improvement') options.onImprovement?.(message.event);
      else {
        settle(message.result as EngineTaskResult<T>);
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      if (cancelled) settle(fail('cancelled', 'the planning run was cancelled') as EngineTaskResult<T>);
      else {
        settled = true;
        reject(new Error(`the planning worker exited with code ${code} before it answered`));
      }
    });
  });
  return {
    result,
    stop: () => Atomics.store(new Int32Array(stopFlag), 0, 1),
    cancel: async () => {
      cancelled = true;
      await worker.terminate();
    },
  };
}

/** URL of tsx's ESM register API, from its package exports. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest: { exports: { './esm/api': { import: { default: string } } } } = require('tsx/package.json');
  return new URL(
    manifest.exports['./esm/api'].import.default,
    pathToFileURL(require.resolve('tsx/package.json')),
  ).href;
}
