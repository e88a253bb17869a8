/**
 * Job shop (JSPLIB / Taillard), makespan: Takt's scheduler against MiniZinc + Gecode on the
 * same instances, same time limit, one thread each.
 *   npm run bench:jobshop -- [--time 10] [--instances ta01-ta40,la01-la40,ft10] [--peer minizinc|none] [--seed 1]
 * Instances from ../shared/bench/jobshop (ft06, ft10, ft20, la01–la40, abz5–abz9, orb01–orb10,
 * ta01–ta40), best known values from its bounds.tsv. Result JSON in bench-results/.
 */
import { ok } from '../src/common/result';
import { jobShopToProblem, parseJobShop } from '../src/formats/jobshop';
import { benchFolder, readBounds, readInstance } from './bench-folder';
import { readOptions } from './cli-options';
import { jobShopData } from './minizinc-peer';
import { runBenchmark } from './run-benchmark';

const folder = benchFolder('jobshop');
const bounds = readBounds(folder);

await runBenchmark(
  {
    kind: 'jobshop',
    title: 'Job shop (JSPLIB)',
    measure: 'makespan',
    notes: [],
    peerModel: 'jobshop',
    load(name) {
      const text = readInstance(folder, `${name}.txt`);
      if (text === null) return null;
      const parsed = parseJobShop(text, name);
      if (!parsed.ok) return parsed;
      const instance = parsed.value;
      return ok({
        problem: jobShopToProblem(instance),
        size: `${instance.jobs.length}x${instance.machineCount}`,
        peerData: jobShopData(instance),
      });
    },
    bestKnown: (name) => bounds.get(name),
    group: (name) => name.replace(/\d+$/, ''),
    value: (result) => result.objective.makespan,
  },
  readOptions(process.argv.slice(2), 'ta01-ta40,la01-la40,ft10'),
);
