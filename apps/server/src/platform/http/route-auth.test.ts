/**
 * Walks every /api route with every role (and with nobody signed in) and checks the role
 * policy: 401 without a session, 403 for a role the policy does not allow, and never 401/403
 * for a role it allows. Requests carry empty or bogus input, so this also checks that bad
 * input is never answered with a 500.
 */
import { type Role, roles } from '@takt/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { abilityFor } from '../auth/permissions';
import type { RouteRecord } from './route-auth';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const unknownId = '00000000-0000-4000-8000-00000000abcd';
const urlOf = (route: RouteRecord) => route.url.replace(/:[A-Za-z]+/g, unknownId).replace(/\*$/, 'x');
const allowed = (route: RouteRecord, role: Role) =>
  route.auth === 'public' ||
  route.auth === 'signed-in' ||
  abilityFor([role]).can(route.auth.action, route.auth.subject);

describe('every route, every role', () => {
  it('has routes to walk', () => {
    expect(t.routes.length).toBeGreaterThan(5);
  });

  it('refuses anonymous callers on every non-public route with 401', async () => {
    for (const route of t.routes.filter((r) => r.auth !== 'public')) {
      const response = await t.anonymous.request({
        method: route.method as 'GET',
        url: urlOf(route),
        payload: {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers each role as the policy says, and never with a 500', async () => {
    const failures: string[] = [];
    for (const route of t.routes) {
      if (route.url === '/api/auth/logout') continue; // would end the shared test sessions
      for (const role of roles) {
        const response = await t.as(role).request({
          method: route.method as 'GET',
          url: urlOf(route),
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const status = response.statusCode;
        const expectedAllowed = allowed(route, role);
        if (status >= 500) failures.push(`${role} ${route.method} ${route.url}: ${status} ${response.body}`);
        else if (expectedAllowed && (status === 401 || status === 403))
          failures.push(`${role} ${route.method} ${route.url}: refused (${status})`);
        else if (!expectedAllowed && status !== 403)
          failures.push(`${role} ${route.method} ${route.url}: ${status}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
  });
});
