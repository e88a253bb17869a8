/**
 * CLI commands beyond start and migrate. Each module adds its commands here
 * (seed, import, export come from the catalog module).
 */

import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eventExportQuery } from '@takt/contracts';
import { seedDemoEtoProject } from '../demo/demo-eto-project';
import { seedDemoHistory } from '../demo/demo-history';
import { DemoPlant } from '../demo/demo-plant';
import { exportBoms, exportItems, exportRoutings } from '../modules/catalog/csv-export';
import { importBoms, importCadBom, importItems } from '../modules/catalog/csv-import';
import { simulateMachinesCommand } from '../modules/machine-data/simulate-machines';
import { systemActor } from '../platform/audit';
import type { Config } from '../platform/config';
import type { Database } from '../platform/db/database';
import { createServices } from '../services';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** returns the exit code */
  run(database: Database, args: string[], config: Config): Promise<number>;
}

/** A command that does not open the database (a running server may hold the embedded one). */
export interface StandaloneCliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], config: Config): Promise<number>;
}

export const standaloneCommands: StandaloneCliCommand[] = [simulateMachinesCommand];

export const cliCommands: CliCommand[] = [
  {
    name: 'seed',
    usage: 'seed',
    summary: 'load the demo plant (forging and machining) into an empty database',
    async run(database, _args, config) {
      const loaded = await new DemoPlant(database.db).seedIfEmpty();
      if (loaded && config.loadDemoHistory) await seedDemoHistory(database.db);
      if (loaded) await seedDemoEtoProject(database.db);
      console.log(
        loaded ? 'Loaded the demo plant.' : 'The plant is not empty: the demo plant was not loaded.',
      );
      return 0;
    },
  },
  {
    name: 'import',
    usage: 'import <what> <file>',
    summary:
      'items | bom | cad-bom (--parent NUMBER [--revision R]; CSV or .xlsx) | sales-orders [--confirm] | work-orders [--release] from CSV; a bad file writes nothing',
    async run(database, args) {
      const [what, file] = args;
      const option = (name: string) => {
        const at = args.indexOf(`--${name}`);
        return at >= 0 ? args[at + 1] : undefined;
      };
      if (!file)
        throw new Error('usage: takt import items|bom|cad-bom <file.csv> [--parent NUMBER] [--revision R]');
      const text = readFileSync(file, 'utf8');
      // a CAD BOM may come as an XLSX workbook (bytes), every other import is CSV text
      const cadFile = /\.xlsx$/i.test(file) ? new Uint8Array(readFileSync(file)) : text;
      const actor = { ...systemActor, name: 'takt import' };
      if (what === 'sales-orders') {
        const inbound = createServices(database.db).integration.inbound;
        const orders = await inbound.receiveCsv(actor, text, args.includes('--confirm'));
        console.log(
          `imported ${file}: ${orders.created} sales orders created, ${orders.existing} already there`,
        );
        return 0;
      }
      if (what === 'work-orders') {
        const inbound = createServices(database.db).integration.inboundWorkOrders;
        const orders = await inbound.receiveCsv(actor, text, args.includes('--release'));
        const late = orders.workOrders.filter((w) => w.outcome === 'created' && w.late).length;
        console.log(
          `imported ${file}: ${orders.created} work orders planned as jobs (${late} finish after their due date), ${orders.existing} already there`,
        );
        return 0;
      }
      let result: { created: number; updated: number; boms: number };
      if (what === 'items') result = await importItems(database.db, actor, text);
      else if (what === 'bom') result = await importBoms(database.db, actor, text);
      else if (what === 'cad-bom') {
        const parent = option('parent');
        if (!parent)
          throw new Error('cad-bom needs --parent <item number> (the assembly the file describes)');
        result = await importCadBom(database.db, actor, cadFile, parent, option('revision'));
      } else throw new Error(`cannot import '${what}': use items, bom, cad-bom or sales-orders`);
      console.log(
        `imported ${file}: ${result.created} items created, ${result.updated} updated, ${result.boms} draft BOM revisions`,
      );
      return 0;
    },
  },
  {
    name: 'export',
    usage: 'export <what> [file]',
    summary:
      'items | boms | routings as CSV (to stdout without a file); events --from D --to D [--format csv|json] [--types a,b.*] [--out FILE]',
    async run(database, args) {
      const [what, file] = args;
      if (what === 'events' || what?.startsWith('--')) {
        const option = (name: string) => {
          const at = args.indexOf(`--${name}`);
          return at >= 0 ? args[at + 1] : undefined;
        };
        const parsed = eventExportQuery.safeParse({
          from: option('from'),
          to: option('to'),
          format: option('format'),
          types: option('types'),
        });
        if (!parsed.success)
          throw new Error(
            `usage: takt export events --from 2026-07-01 --to 2026-08-01 [--format csv|json] [--types job.*] [--out file] (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
          );
        const feed = createServices(database.db).integration.feed;
        await feed.period(parsed.data);
        const out = option('out');
        if (out) {
          await pipeline(Readable.from(feed.export(parsed.data)), createWriteStream(out));
          console.log(`exported the events of ${parsed.data.from} to ${parsed.data.to} to ${out}`);
        } else for await (const chunk of feed.export(parsed.data)) process.stdout.write(chunk);
        return 0;
      }
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
