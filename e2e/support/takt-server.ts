/**
 * A real Takt server for browser tests: started in-process on a free port over a fresh database
 * (in-memory PGlite, or an isolated schema on PostgreSQL when TAKT_TEST_DATABASE_URL is set),
 * serving the built web app, with a known admin and the demo plant when the demo service exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../apps/server/src/platform/config';
import { type RunningServer, startServer } from '../../apps/server/src/server';
import { openTestDatabase } from '../../apps/server/src/testing/test-database';

export const ADMIN_EMAIL = 'admin@takt.test';
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const ADMIN_NAME = 'Administrator';

export interface TaktTestServer {
  url: string;
  server: RunningServer;
  /** whether the demo plant was loaded (false until the demo service exists) */
  demoLoaded: boolean;
  /** the API, signed in as the admin: for arranging data a test needs */
  api: ApiClient;
  close(): Promise<void>;
}

export interface ApiClient {
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
}

/**
 * `demo: false` starts with an empty plant; `history: true` loads the demo plant's eight weeks of
 * history too (off by default: tests count the demo's orders, stock and OEE).
 */
export async function startTaktServer(
  options: { demo?: boolean; history?: boolean } = {},
): Promise<TaktTestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'takt-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TAKT_ADMIN_EMAIL: ADMIN_EMAIL,
    TAKT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TAKT_DEMO: options.demo === false ? '0' : '1',
    TAKT_DEMO_HISTORY: options.history ? '1' : '0',
    LOG_LEVEL: 'warn',
  });
  const database = await openTestDatabase();
  const server = await startServer(config, database);
  const api = await signedInClient(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  return {
    url: server.url,
    server,
    demoLoaded: server.demoLoaded,
    api,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signedInClient(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`signing in as ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    call,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
