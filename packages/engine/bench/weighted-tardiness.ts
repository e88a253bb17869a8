/**
 * Single-machine total weighted tardiness (OR-Library wt40, 125 instances of 40 jobs): Takt's
 * scheduler under the plant's 'lexicographic' objective (weighted tardiness first) against
 * MiniZinc + Gecode, same time limit, one thread each.
 *   npm run bench:wt -- [--time 10] [--instances 1-125] [--peer minizinc|none] [--seed 1]
 * Instances are numbered by their position in wt40.txt; optima from wtopt40.txt (number 19 is
 * the best known, not proven). Result JSON in bench-results/.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ok } from '../src/common/result';
import {
  parseWeightedTardiness,
  parseWeightedTardinessOptima,
  weightedTardiness,
  weightedTardinessToProblem,
} from '../src/formats/weighted-tardiness';
import { benchFolder } from './bench-folder';
import { readOptions } from './cli-options';
import { weightedTardinessData } from './minizinc-peer';
import { runBenchmark } from './run-benchmark';

/** The OR-Library notes: the only 40-job instance not solved to optimality. */
const UNPROVEN = new Set([19]);

const folder = benchFolder('weighted-tardiness');
const instances = parseWeightedTardiness(readFileSync(resolve(folder, 'wt40.txt'), 'utf8'));
const optima = parseWeightedTardinessOptima(readFileSync(resolve(folder, 'wtopt40.txt'), 'utf8'));
if (!instances.ok || !optima.ok) {
  console.error(
    `weighted-tardiness: ${instances.ok ? '' : instances.error.message} ${optima.ok ? '' : optima.error.message}`,
  );
  process.exit(1);
}
const byName = new Map(instances.value.map((instance) => [instance.name, instance]));
const options = readOptions(process.argv.slice(2), '1-125');
const position = (name: string) => Number(name.replace(/^wt40-/, ''));

await runBenchmark(
  {
    kind: 'wt40',
    title: 'Single-machine weighted tardiness (OR-Library wt40)',
    measure: 'total weighted tardiness',
    notes: [
      "Takt runs with the plant's lexicographic objective (weighted tardiness, then setup, then flow time)",
      'instances whose optimum is 0 have no relative gap: they count as 0 when hit and are left out of the means when missed',
    ],
    peerModel: 'weighted-tardiness',
    load(name) {
      const instance = byName.get(name);
      if (!instance) return null;
      return ok({
        problem: weightedTardinessToProblem(instance),
        size: `${instance.jobs.length}x1`,
        peerData: weightedTardinessData(instance),
      });
    },
    bestKnown(name) {
      const k = position(name);
      const ub = optima.value[k - 1];
      return ub === undefined ? undefined : { ub, optimal: !UNPROVEN.has(k) };
    },
    group: () => 'wt40',
    value: (result) => result.objective.weightedTardiness,
    remarks(name, result) {
      const instance = byName.get(name);
      const sequence = result.sequences.M0 ?? [];
      if (!instance) return { remark: '', data: {} };
      // recompute from the sequence alone: jobs back to back from 0, as the benchmark defines it
      const recomputed = weightedTardiness(
        instance,
        sequence.map((id) => Number(id.slice(1)) - 1),
      );
      const same = recomputed === result.objective.weightedTardiness;
      return {
        remark: same ? '' : `the sequence back to back gives ${recomputed}`,
        data: { recomputedFromSequence: recomputed },
      };
    },
  },
  { ...options, instances: options.instances.map((k) => (k.startsWith('wt40-') ? k : `wt40-${Number(k)}`)) },
);
