/**
 * Permutation flow shop with sequence-dependent setups (SDST-PFSP: instances 1–20 with setups
 * 1–9, 241–260 with setups 1–99), makespan: Takt's scheduler (one setup matrix per machine, one
 * family per job) against MiniZinc + Gecode on a permutation model, same time limit, one
 * thread each.
 *   npm run bench:setup-flowshop -- [--time 10] [--instances 1-20,241-260] [--peer minizinc|none] [--seed 1]
 * Takt does not solve exactly the benchmark's problem (see the notes printed with the table):
 * its schedule need not be a permutation, and its setups are not anticipatory. Each row says
 * whether Takt's schedule is a permutation and what its sequences give under the benchmark's
 * rules. Result JSON in bench-results/.
 */
import { ok } from '../src/common/result';
import {
  parseSetupFlowShop,
  permutationMakespan,
  type SetupFlowShopInstance,
  setupFlowShopToProblem,
} from '../src/formats/setup-flowshop';
import type { ScheduleResult } from '../src/schedule/types';
import { benchFolder, readBounds, readInstance } from './bench-folder';
import { readOptions } from './cli-options';
import { setupFlowShopData } from './minizinc-peer';
import { gapPercent, runBenchmark } from './run-benchmark';

const folder = benchFolder('setup-flowshop');
const bounds = readBounds(folder);
const instances = new Map<string, SetupFlowShopInstance>();
const options = readOptions(process.argv.slice(2), '1-20,241-260');

/** Operation id `J<j>.<k>` → job index j */
const jobOf = (operationId: string) => Number(operationId.slice(1, operationId.indexOf('.')));

/**
 * Re-times Takt's machine sequences by the benchmark's rules (anticipatory setups: a machine
 * sets up for the next job as soon as it is free). Operations are taken in Takt's start order,
 * which respects both the job routes and the machine sequences.
 */
function anticipatoryMakespan(instance: SetupFlowShopInstance, result: ScheduleResult): number {
  const machineFree = new Array<number>(instance.machineCount).fill(0);
  const machineLastJob = new Array<number>(instance.machineCount).fill(-1);
  const jobReady = new Array<number>(instance.jobCount).fill(0);
  const ordered = [...result.operations].sort((a, b) => a.start - b.start);
  for (const op of ordered) {
    const j = jobOf(op.operationId);
    const k = Number(op.machineId.slice(1));
    const previous = machineLastJob[k];
    const setup = previous < 0 ? 0 : instance.setupTimes[k][previous][j];
    const end = Math.max(jobReady[j], machineFree[k] + setup) + instance.processingTimes[j][k];
    machineFree[k] = end;
    machineLastJob[k] = j;
    jobReady[j] = end;
  }
  return Math.max(...machineFree);
}

await runBenchmark(
  {
    kind: 'setup-flowshop',
    title: 'Permutation flow shop with sequence-dependent setups (SDST-PFSP)',
    measure: 'makespan',
    notes: [
      'Takt is not restricted to permutation schedules (the benchmark is): a non-permutation schedule can be shorter than any permutation',
      "Takt's setups are non-anticipatory (they start when both machine and job are there), the benchmark's are anticipatory: this makes Takt's makespans longer",
      'the peer solves the benchmark problem exactly (permutation, anticipatory setups)',
      'remark: whether Takt schedule is a permutation, and its sequences re-timed with anticipatory setups (the benchmark rules)',
    ],
    peerModel: 'setup-flowshop',
    load(name) {
      const text = readInstance(folder, `${name}.txt`);
      if (text === null) return null;
      const parsed = parseSetupFlowShop(text, name);
      if (!parsed.ok) return parsed;
      instances.set(name, parsed.value);
      return ok({
        problem: setupFlowShopToProblem(parsed.value),
        size: `${parsed.value.jobCount}x${parsed.value.machineCount}`,
        peerData: setupFlowShopData(parsed.value),
      });
    },
    bestKnown: (name) => bounds.get(name),
    group: (name) => (Number(name) <= 120 ? 'sdst10' : 'sdst100'),
    value: (result) => result.objective.makespan,
    remarks(name, result) {
      const instance = instances.get(name);
      const best = bounds.get(name);
      if (!instance || !best) return { remark: '', data: {} };
      const orders = Object.values(result.sequences).map((sequence) => sequence.map(jobOf));
      const permutation = orders.every((order) => order.join() === orders[0].join());
      const anticipatory = permutation
        ? permutationMakespan(instance, orders[0])
        : anticipatoryMakespan(instance, result);
      const gap = gapPercent(anticipatory, best.ub);
      return {
        remark: `${permutation ? 'permutation' : 'not a permutation'}; anticipatory ${anticipatory} (${gap?.toFixed(2)} %)`,
        data: {
          permutation,
          anticipatoryMakespan: anticipatory,
          anticipatoryGap: gap,
          published: {
            ortools900s8workers: Number(best.columns.ortools_900s_obj),
            cpOptimizer900s8workers: Number(best.columns.cpo_900s_obj),
          },
        },
      };
    },
  },
  options,
);

const published = options.instances.flatMap((name) => {
  const row = bounds.get(name);
  return row ? [row] : [];
});
if (published.length > 0) {
  const meanGap = (column: string) =>
    published.reduce((sum, row) => sum + (gapPercent(Number(row.columns[column]), row.ub) ?? 0), 0) /
    published.length;
  console.log(
    `published on these ${published.length} instances (900 s, 8 workers, permutation): OR-Tools mean gap ${meanGap('ortools_900s_obj').toFixed(2)} %, CP Optimizer ${meanGap('cpo_900s_obj').toFixed(2)} %`,
  );
}
