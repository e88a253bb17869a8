/**
 * CLI commands beyond start and migrate. Each module adds its commands here
 * (seed, import, export come from the catalog module).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { DemoPlant } from '../demo/demo-plant';
import { exportBoms, exportItems, exportRoutings } from '../modules/catalog/csv-export';
import { importBoms, importCadBom, importItems } from '../modules/catalog/csv-import';
import { systemActor } from '../platform/audit';
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
  {
    name: 'import',
    usage: 'import <what> <file>',
    summary: 'items | bom | cad-bom (--parent NUMBER [--revision R]) from CSV; a bad file writes nothing',
    async run(database, args) {
      const [what, file] = args;
      const option = (name: string) => {
        const at = args.indexOf(`--${name}`);
        return at >= 0 ? args[at + 1] : undefined;
      };
      if (!file)
        throw new Error('usage: takt import items|bom|cad-bom <file.csv> [--parent NUMBER] [--revision R]');
      const text = readFileSync(file, 'utf8');
      const actor = { ...systemActor, name: 'takt import' };
      let result: { created: number; updated: number; boms: number };
      if (what === 'items') result = await importItems(database.db, actor, text);
      else if (what === 'bom') result = await importBoms(database.db, actor, text);
      else if (what === 'cad-bom') {
        const parent = option('parent');
        if (!parent)
          throw new Error('cad-bom needs --parent <item number> (the assembly the file describes)');
        result = await importCadBom(database.db, actor, text, parent, option('revision'));
      } else throw new Error(`cannot import '${what}': use items, bom or cad-bom`);
      console.log(
        `imported ${file}: ${result.created} items created, ${result.updated} updated, ${result.boms} draft BOM revisions`,
      );
      return 0;
    },
  },
  {
    name: 'export',
    usage: 'export <what> [file]',
    summary: 'items | boms | routings as CSV (to stdout without a file)',
    async run(database, args) {
      const [what, file] = args;
      const exporters = { items: exportItems, boms: exportBoms, routings: exportRoutings } as const;
      const exporter = exporters[what as keyof typeof exporters];
      if (!exporter) throw new Error(`cannot export '${what}': use items, boms or routings`);
      const csv = await exporter(database.db);
      if (file) writeFileSync(file, csv);
      else process.stdout.write(csv);
      return 0;
    },
  },
];
