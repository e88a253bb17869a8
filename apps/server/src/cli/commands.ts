/**
 * CLI commands beyond start and migrate. Each module adds its commands here
 * (seed, import, export come from the catalog module).
 */
import type { Config } from '../platform/config';
import type { Database } from '../platform/db/database';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** returns the exit code */
  run(database: Database, args: string[], config: Config): Promise<number>;
}

export const cliCommands: CliCommand[] = [];
