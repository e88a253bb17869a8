/**
 * Server configuration from the environment, parsed once at the edge.
 * DATABASE_URL: a PostgreSQL server; absent means embedded PGlite in DATA_DIR (default ./data).
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const environment = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MQTT_URL: z.string().optional(),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  MQTT_PROTOCOL: z.enum(['4', '5']).default('5'),
  MQTT_CLIENT_ID: z.string().min(1).max(100).optional(),
  MQTT_SHARED_GROUP: z
    .string()
    .regex(/^[^/+#]+$/, 'no /, + or #')
    .optional(),
  TAKT_SITE: z
    .string()
    .regex(/^([^/+#]+|\+)$/, 'one topic level: no / or #')
    .default('plant'),
  MACHINE_MICRO_STOP_SECONDS: z.coerce.number().min(0).default(120),
  MACHINE_DATA_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(50),
  MACHINE_DATA_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  TAKT_ADMIN_EMAIL: z.string().email().default('admin@takt.local'),
  TAKT_ADMIN_PASSWORD: z.string().min(8).optional(),
  TAKT_DEMO: z.enum(['0', '1']).default('1'),
  /** 0: the demo plant without its eight weeks of history (orders, shop floor, machine data) */
  TAKT_DEMO_HISTORY: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 0: this process sends no webhooks (another one does, or none should) */
  TAKT_WEBHOOKS: z.enum(['0', '1']).default('1'),
  TAKT_WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  /** minutes between re-plans from shop-floor progress (when something was booked); 0: off */
  TAKT_PROGRESS_REPLAN_MINUTES: z.coerce.number().min(0).max(1440).default(10),
});

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  /** absent: the embedded broker; 'off': no machine data ingestion */
  mqttUrl?: string;
  machineData: MachineDataConfig;
  adminEmail: string;
  adminPassword?: string;
  loadDemoPlant: boolean;
  /** with the demo plant, its past eight weeks (demo/demo-history.ts) */
  loadDemoHistory: boolean;
  logLevel: string;
  /** the webhook delivery worker of this process (modules/integration/README.md) */
  webhooks: { enabled: boolean; intervalMs: number };
  /** re-plan from shop-floor progress every this many minutes when something was booked; 0: off */
  progressReplanMinutes: number;
}

/** Machine data over MQTT (modules/machine-data/README.md). */
export interface MachineDataConfig {
  /** the `<site>` level of the topics; '+' takes every site */
  site: string;
  /** TCP port of the embedded broker (0: any free port) */
  mqttPort: number;
  /** MQTT version towards an external broker (the embedded one speaks 3.1.1) */
  protocolVersion: 4 | 5;
  /** fixed client id of the persistent session; default takt-<site>-<host name> */
  clientId?: string;
  /** subscribe as `$share/<group>/...` so several servers split the machines' messages */
  sharedGroup?: string;
  /** closed stops shorter than this are micro-stops */
  microStopSeconds: number;
  /** a batch commits this long after its first message, or when it holds batchSize messages */
  flushMs: number;
  batchSize: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    mqttUrl: e.MQTT_URL,
    machineData: {
      site: e.TAKT_SITE,
      mqttPort: e.MQTT_PORT,
      protocolVersion: Number(e.MQTT_PROTOCOL) as 4 | 5,
      clientId: e.MQTT_CLIENT_ID,
      sharedGroup: e.MQTT_SHARED_GROUP,
      microStopSeconds: e.MACHINE_MICRO_STOP_SECONDS,
      flushMs: e.MACHINE_DATA_FLUSH_MS,
      batchSize: e.MACHINE_DATA_BATCH_SIZE,
    },
    adminEmail: e.TAKT_ADMIN_EMAIL,
    adminPassword: e.TAKT_ADMIN_PASSWORD,
    loadDemoPlant: e.TAKT_DEMO === '1',
    loadDemoHistory: e.TAKT_DEMO_HISTORY === '1',
    logLevel: e.LOG_LEVEL,
    webhooks: { enabled: e.TAKT_WEBHOOKS === '1', intervalMs: e.TAKT_WEBHOOK_INTERVAL_MS },
    progressReplanMinutes: e.TAKT_PROGRESS_REPLAN_MINUTES,
  };
}
