/**
 * Starts a Takt server: opens the database (PGlite in DATA_DIR by default, PostgreSQL by
 * DATABASE_URL), applies migrations under an advisory lock, creates the admin on first run,
 * loads the demo plant on first start, and listens.
 */
import { mkdirSync } from 'node:fs';
import { buildApp, type TaktApp } from './app';
import { seedDemoEtoProject } from './demo/demo-eto-project';
import { seedDemoHistory } from './demo/demo-history';
import { startWebhookDelivery } from './modules/integration/webhook-delivery-worker';
import { type MachineDataIngestion, startMachineDataIngestion } from './modules/machine-data/ingestion';
import { scheduleProgressReplan } from './modules/planning/progress-replan';
import type { Config } from './platform/config';
import { type Database, openDatabase } from './platform/db/database';
import { scheduleMaintenance } from './platform/db/maintenance';
import { migrate } from './platform/db/migrate';

export interface RunningServer extends TaktApp {
  url: string;
  database: Database;
  /** printed once: the admin created on this first run */
  firstAdmin?: { email: string; generatedPassword?: string };
  demoLoaded: boolean;
  /** MQTT ingestion: the embedded broker's address (or MQTT_URL) machines publish to */
  machineData: MachineDataIngestion;
  close(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}

export async function startServer(config: Config, database?: Database): Promise<RunningServer> {
  const db = database ?? (await openConfiguredDatabase(config));
  await migrate(db.db);
  const taktApp = await buildApp(db, {
    logLevel: config.logLevel,
    services: { machineData: { microStopSeconds: config.machineData.microStopSeconds } },
  });
  const firstAdmin = await taktApp.services.identity.ensureAdmin(config.adminEmail, config.adminPassword);
  const demoLoaded = config.loadDemoPlant ? await taktApp.services.demo.seedIfEmpty() : false;
  // its past eight weeks (before the ETO project, so the history's orders get the lower numbers)
  if (demoLoaded && config.loadDemoHistory) await seedDemoHistory(db.db);
  // the engineer-to-order side of the demo: an engineering office and a special machine in progress
  if (demoLoaded) await seedDemoEtoProject(db.db);
  const stopMaintenance = db.kind === 'pglite' ? scheduleMaintenance(db) : () => {};
  const stopWebhooks = config.webhooks.enabled
    ? startWebhookDelivery(db.db, config.webhooks.intervalMs, taktApp.app.log)
    : async () => {};
  const stopProgressReplan = scheduleProgressReplan(
    db.db,
    taktApp.services.progressReplan,
    config.progressReplanMinutes,
    taktApp.app.log,
  );
  const machineData = await startMachineDataIngestion(
    { ...config.machineData, mqttUrl: config.mqttUrl, host: config.host },
    taktApp.services.machineData,
    taktApp.app.log,
  );
  await taktApp.app.listen({ port: config.port, host: config.host });
  const address = taktApp.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    ...taktApp,
    url: `http://${host}:${port}`,
    database: db,
    firstAdmin,
    demoLoaded,
    machineData,
    async close() {
      stopMaintenance();
      await machineData.close();
      await stopWebhooks();
      await stopProgressReplan();
      await taktApp.app.close();
      await db.close();
    },
  };
}
