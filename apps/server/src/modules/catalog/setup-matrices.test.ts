import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { toEngineSetupMatrix } from './setup-matrix-service';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const dies = (name: string) => ({
  name,
  defaultChangeover: 90,
  sameFamily: 15,
  initial: 60,
  entries: [
    { from: 'SHAFT', to: 'ROD', minutes: 45 },
    { from: 'ROD', to: 'SHAFT', minutes: 50.5 },
  ],
});

describe('setup matrices', () => {
  it('are created and read back with decimal minutes as numbers', async () => {
    const created = await t.as('engineer').post('/api/setup-matrices', dies('Dies'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...dies('Dies'), version: 1 });
    expect((await t.as('operator').get(`/api/setup-matrices/${created.json().id}`)).json()).toEqual(
      created.json(),
    );
    expect((await t.as('operator').get('/api/setup-matrices')).json()).toHaveLength(1);
  });

  it('map 1:1 onto the planner’s matrix', () => {
    expect(toEngineSetupMatrix({ id: 'm', version: 1, ...dies('x') })).toEqual({
      id: 'm',
      minutes: { SHAFT: { ROD: 45 }, ROD: { SHAFT: 50.5 } },
      defaultChangeover: 90,
      sameFamily: 15,
      initial: 60,
    });
  });

  it('reject a pair given twice and a pair within one family, naming the entry', async () => {
    const res = await t.as('engineer').post('/api/setup-matrices', {
      ...dies('Twice'),
      entries: [
        { from: 'A', to: 'B', minutes: 10 },
        { from: 'A', to: 'B', minutes: 20 },
        { from: 'C', to: 'C', minutes: 5 },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toMatchObject([
      { field: 'entries.1', rule: 'unique' },
      { field: 'entries.2.to', rule: 'different-families' },
    ]);
  });

  it('reject negative minutes at the schema', async () => {
    const res = await t
      .as('engineer')
      .post('/api/setup-matrices', { ...dies('Negative'), defaultChangeover: -1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('defaultChangeover');
  });

  it('change at the current version, with an audit entry', async () => {
    const { id } = (await t.as('engineer').post('/api/setup-matrices', dies('Furnace'))).json();
    const changed = await t.as('planner').patch(`/api/setup-matrices/${id}`, { sameFamily: 0, version: 1 });
    expect(changed.json()).toMatchObject({ sameFamily: 0, version: 2, entries: dies('x').entries });
    expect(
      (await t.as('planner').patch(`/api/setup-matrices/${id}`, { initial: 1, version: 1 })).statusCode,
    ).toBe(409);
    const duplicateName = await t
      .as('planner')
      .patch(`/api/setup-matrices/${id}`, { name: 'Dies', version: 2 });
    expect(duplicateName.json().errors).toMatchObject([{ field: 'name', rule: 'unique' }]);
    const audit = (await t.as('admin').get(`/api/audit?entity=setup-matrix&entityId=${id}`)).json().items;
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { sameFamily: 15 },
      after: { sameFamily: 0 },
    });
  });

  it('are deleted only when no work center uses them', async () => {
    const matrix = (await t.as('engineer').post('/api/setup-matrices', dies('Press dies'))).json();
    const calendar = (
      await t.as('planner').post('/api/calendars', { name: 'Always', timeZone: 'UTC', shifts: [] })
    ).json();
    await t.as('engineer').post('/api/work-centers', {
      code: 'PRESS',
      name: 'Press',
      machines: 1,
      calendarId: calendar.id,
      setupMatrixId: matrix.id,
    });
    const refused = await t.as('engineer').delete(`/api/setup-matrices/${matrix.id}`);
    expect(refused.json().errors).toMatchObject([
      { field: 'id', rule: 'in-use', message: expect.stringContaining('PRESS') },
    ]);
    const unused = (await t.as('engineer').post('/api/setup-matrices', dies('Unused'))).json();
    expect((await t.as('engineer').delete(`/api/setup-matrices/${unused.id}`)).statusCode).toBe(204);
    expect((await t.as('engineer').get(`/api/setup-matrices/${unused.id}`)).statusCode).toBe(404);
  });
});
