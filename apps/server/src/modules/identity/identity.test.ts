import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sign-in', () => {
  it('sets an HttpOnly session cookie and returns the user with their permissions', async () => {
    const response = await t.anonymous.post('/api/auth/login', {
      email: 'Engineer@test.local',
      password: TEST_PASSWORD,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    const body = response.json();
    expect(body.user.roles).toEqual(['engineer']);
    expect(body.permissions.Item).toEqual(['read', 'write']);
    expect(body.permissions.User).toEqual([]);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { [SESSION_COOKIE]: cookie!.value },
    });
    expect(me.json().user.email).toBe('engineer@test.local');
  });

  it('refuses a wrong password with a problem+json 401', async () => {
    const response = await t.anonymous.post('/api/auth/login', {
      email: 'admin@test.local',
      password: 'wrong',
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, detail: 'wrong email or password' });
  });

  it('names the field and rule of a malformed body', async () => {
    const response = await t.anonymous.post('/api/auth/login', { email: 'not-an-email', password: '' });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('stores only an argon2id hash of the password', async () => {
    const { users } = await import('./tables');
    const rows = await t.database.db.select({ hash: users.passwordHash }).from(users);
    expect(rows.every((r) => r.hash.startsWith('$argon2id$'))).toBe(true);
  });
});

describe('users', () => {
  it('lets the admin create a user, and refuses the same email twice naming the field', async () => {
    const body = {
      email: 'planner2@test.local',
      name: 'Second planner',
      password: 'long enough',
      roles: ['planner'],
    };
    const created = await t.as('admin').post('/api/users', body);
    expect(created.statusCode).toBe(201);
    const again = await t.as('admin').post('/api/users', body);
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'email', rule: 'unique' });
  });

  it('returns 404 for an unknown user id and 400 for a malformed one', async () => {
    expect((await t.as('admin').get('/api/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.as('admin').get('/api/users/nope')).statusCode).toBe(400);
  });

  it('detects a stale version with 409 and requires a version at all (428)', async () => {
    const id = t.userIds.operator;
    const first = await t
      .as('admin')
      .patch(`/api/users/${id}`, { name: 'Operator One' }, { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await t.as('admin').patch(`/api/users/${id}`, { name: 'Operator Late', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ status: 409, currentVersion: 2 });
    const missing = await t.as('admin').patch(`/api/users/${id}`, { name: 'No version' });
    expect(missing.statusCode).toBe(428);
  });

  it('records who changed a user, with before and after, in the audit log', async () => {
    const audit = await t.as('admin').get(`/api/audit?entity=user&entityId=${t.userIds.operator}`);
    const update = audit.json().items.find((e: { action: string }) => e.action === 'update');
    expect(update).toMatchObject({
      actorName: 'Test admin',
      before: { name: 'Test operator' },
      after: { name: 'Operator One' },
    });
  });
});

describe('API tokens', () => {
  it('authenticate integrations by Bearer token until revoked', async () => {
    const created = await t.as('buyer').post('/api/api-tokens', { name: 'ERP bridge' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const me = await t.anonymous.get('/api/auth/me', { authorization: `Bearer ${token}` });
    expect(me.json().user.roles).toEqual(['buyer']);
    expect((await t.as('buyer').delete(`/api/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await t.anonymous.get('/api/auth/me', { authorization: `Bearer ${token}` })).statusCode).toBe(
      401,
    );
  });
});

describe('Idempotency-Key', () => {
  it('returns the first result for a retried creating POST instead of creating twice', async () => {
    const headers = { 'idempotency-key': 'create-token-0001' };
    const first = await t.as('sales').post('/api/api-tokens', { name: 'retry me' }, headers);
    const retry = await t.as('sales').post('/api/api-tokens', { name: 'retry me' }, headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    const list = await t.as('sales').get('/api/api-tokens');
    expect(list.json().filter((x: { name: string }) => x.name === 'retry me')).toHaveLength(1);
  });
});
