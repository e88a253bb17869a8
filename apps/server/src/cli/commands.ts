/**
 * CLI commands beyond start and migrate. Each module adds its commands here
 * (seed, import, export come from the catalog module).
 */

import { DemoPlant } from '../demo/demo-plant';
import type { Config } from '../platform/config';
import type { Database } from '../platform/db/database';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** returns the exit code */
  run(database: Database, args: string[], config: Config): Promise<number>;
}

export const cliCommands: CliCommand[] = [
  {
    name: 'seed',
    usage: 'seed',
    summary: 'load the demo plant (forging and machining) into an empty database',
    async run(database) {
      const loaded = await new DemoPlant(database.db).seedIfEmpty();
      console.log(
        loaded ? 'Loaded the demo plant.' : 'The plant is not empty: the demo plant was not loaded.',
      );
      return 0;
    },
  },
];
