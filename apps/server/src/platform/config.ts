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
  TAKT_ADMIN_EMAIL: z.string().email().default('admin@takt.local'),
  TAKT_ADMIN_PASSWORD: z.string().min(8).optional(),
  TAKT_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  mqttUrl?: string;
  adminEmail: string;
  adminPassword?: string;
  loadDemoPlant: boolean;
  logLevel: string;
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
    adminEmail: e.TAKT_ADMIN_EMAIL,
    adminPassword: e.TAKT_ADMIN_PASSWORD,
    loadDemoPlant: e.TAKT_DEMO === '1',
    logLevel: e.LOG_LEVEL,
  };
}
