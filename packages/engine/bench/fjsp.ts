/**
 * Flexible job shop (Brandimarte mk01–mk10), makespan: Takt's scheduler (operations with one
 * mode per alternative machine) against MiniZinc + Gecode, same time limit, one thread each.
 *   npm run bench:fjsp -- [--time 10] [--instances mk01-mk10] [--peer minizinc|none] [--seed 1]
 * Instances and best known values from ../shared/bench/flexible-jobshop. Result JSON in bench-results/.
 */
import { ok } from '../src/common/result';
import { flexibleJobShopToProblem, parseFlexibleJobShop } from '../src/formats/flexible-jobshop';
import { benchFolder, readBounds, readInstance } from './bench-folder';
import { readOptions } from './cli-options';
import { flexibleJobShopData } from './minizinc-peer';
import { runBenchmark } from './run-benchmark';

const folder = benchFolder('flexible-jobshop');
const bounds = readBounds(folder);

await runBenchmark(
  {
    kind: 'fjsp',
    title: 'Flexible job shop (Brandimarte)',
    measure: 'makespan',
    notes: [],
    peerModel: 'flexible-jobshop',
    load(name) {
      const text = readInstance(folder, `${name}.txt`);
      if (text === null) return null;
      const parsed = parseFlexibleJobShop(text, name);
      if (!parsed.ok) return parsed;
      const instance = parsed.value;
      return ok({
        problem: flexibleJobShopToProblem(instance),
        size: `${instance.jobs.length}x${instance.machineCount}`,
        peerData: flexibleJobShopData(instance),
      });
    },
    bestKnown: (name) => bounds.get(name),
    group: (name) => name.replace(/\d+$/, ''),
    value: (result) => result.objective.makespan,
  },
  readOptions(process.argv.slice(2), 'mk01-mk10'),
);
