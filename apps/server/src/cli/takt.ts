/**
 * The `takt` command line: start | migrate | seed | import | export.
 * Errors are printed as one readable line (with line numbers for files) and exit code 1.
 */
import { loadConfig } from '../platform/config';
import { migrate } from '../platform/db/migrate';
import { DomainError } from '../platform/errors';
import { openConfiguredDatabase, startServer } from '../server';
import { cliCommands, standaloneCommands } from './commands';

const usage = `usage: takt <command>

  start                 run the server and the web app (migrates, creates the admin, loads the demo plant)
  migrate               apply database migrations and exit
${[...cliCommands, ...standaloneCommands].map((c) => `  ${c.usage.padEnd(22)}${c.summary}`).join('\n')}

environment: DATABASE_URL (PostgreSQL; default embedded PGlite in DATA_DIR=./data), PORT (3000),
             HOST (127.0.0.1), MQTT_URL, TAKT_ADMIN_EMAIL, TAKT_ADMIN_PASSWORD, TAKT_DEMO (1|0)
machine data: MQTT_URL (absent: embedded broker on MQTT_PORT=1883; off: none), TAKT_SITE (plant),
             MQTT_CLIENT_ID, MQTT_SHARED_GROUP, MQTT_PROTOCOL (5|4), MACHINE_MICRO_STOP_SECONDS (120)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadConfig();
  if (command === 'start') {
    const started = performance.now();
    const server = await startServer(config);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `\nTakt is running at ${server.url}  (database: ${server.database.kind} ${server.database.location}, ready in ${seconds} s)`,
    );
    if (server.firstAdmin) {
      console.log(`First run: created the admin ${server.firstAdmin.email}`);
      if (server.firstAdmin.generatedPassword) {
        console.log(
          `           password: ${server.firstAdmin.generatedPassword}   (shown once; set TAKT_ADMIN_PASSWORD to choose it)`,
        );
      }
    }
    if (server.demoLoaded) console.log('Loaded the demo plant (forging and machining).');
    const shutdown = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return -1; // keep running
  }
  if (command === 'migrate') {
    const database = await openConfiguredDatabase(config);
    try {
      const applied = await migrate(database.db);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await database.close();
    }
    return 0;
  }
  const standalone = standaloneCommands.find((c) => c.name === command);
  if (standalone) return standalone.run(args, config);
  const cliCommand = cliCommands.find((c) => c.name === command);
  if (!cliCommand) {
    console.log(usage);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 1;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.db);
    return await cliCommand.run(database, args, config);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof DomainError) {
      console.error(`takt: ${error.message}`);
      for (const issue of error.issues) console.error(`  ${issue.field}: ${issue.message} (${issue.rule})`);
    } else {
      console.error(`takt: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  },
);
