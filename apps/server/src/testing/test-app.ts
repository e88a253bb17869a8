/**
 * A Takt app on a fresh test database, with one signed-in user per role, for route tests:
 *   const t = await openTestApp();  await t.as('engineer').get('/api/items');
 */
import { type Role, roles } from '@takt/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type TaktApp } from '../app';
import type { Database } from '../platform/db/database';
import { SESSION_COOKIE } from '../platform/http/route-auth';
import { openTestDatabase } from './test-database';

type Body = InjectOptions['payload'];

export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp extends TaktApp {
  database: Database;
  /** a client signed in as a user holding exactly this role */
  as(role: Role): Client;
  anonymous: Client;
  userIds: Record<Role, string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

export async function openTestApp(): Promise<TestApp> {
  const database = await openTestDatabase();
  const taktApp = await buildApp(database, { logLevel: 'silent', webDist: false });
  const cookies = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of roles) {
    const user = await taktApp.services.identity.createUser(
      { id: null, name: 'test' },
      { email: `${role}@test.local`, name: `Test ${role}`, password: TEST_PASSWORD, roles: [role] },
    );
    userIds[role] = user.id;
    const { sessionToken } = await taktApp.services.identity.login(`${role}@test.local`, TEST_PASSWORD);
    cookies[role] = sessionToken;
  }
  const client = (cookie?: string): Client => {
    const request = (options: InjectOptions) =>
      taktApp.app.inject({ ...options, cookies: cookie ? { [SESSION_COOKIE]: cookie } : undefined });
    return {
      request,
      get: (url, headers) => request({ method: 'GET', url, headers }),
      post: (url, payload, headers) => request({ method: 'POST', url, payload, headers }),
      patch: (url, payload, headers) => request({ method: 'PATCH', url, payload, headers }),
      put: (url, payload, headers) => request({ method: 'PUT', url, payload, headers }),
      delete: (url, headers) => request({ method: 'DELETE', url, headers }),
    };
  };
  return {
    ...taktApp,
    database,
    userIds,
    as: (role) => client(cookies[role]),
    anonymous: client(),
    async close() {
      await taktApp.app.close();
      await database.close();
    },
  };
}
