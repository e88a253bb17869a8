import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let calendarId: string;
beforeAll(async () => {
  t = await openTestApp();
  calendarId = (
    await t.as('planner').post('/api/calendars', {
      name: 'Day shift',
      timeZone: 'Europe/Berlin',
      shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '15:30' })),
    })
  ).json().id;
});
afterAll(async () => {
  await t.close();
});

const lathes = {
  code: 'LATHE',
  name: 'CNC lathes',
  machines: 3,
  efficiency: 0.85,
  costRates: { machine: 6500, labour: 5200, setup: 5200, currency: 'EUR' },
};

describe('work centers', () => {
  it('are created with machines, calendar, efficiency and hourly cost rates in minor units', async () => {
    const created = await t.as('engineer').post('/api/work-centers', { ...lathes, calendarId });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      ...lathes,
      calendarId,
      calendarName: 'Day shift',
      setupMatrixId: null,
      active: true,
      version: 1,
    });
    expect((await t.as('operator').get(`/api/work-centers/${created.json().id}`)).json()).toEqual(
      created.json(),
    );
  });

  it('are listed by code and searched by code or name', async () => {
    await t
      .as('engineer')
      .post('/api/work-centers', { code: 'MILL', name: 'CNC mills', machines: 2, calendarId });
    await t
      .as('engineer')
      .post('/api/work-centers', { code: 'GR_1', name: 'Grinding', machines: 1, calendarId });
    const all = (await t.as('operator').get('/api/work-centers')).json();
    expect(all.items.map((w: { code: string }) => w.code)).toEqual(['GR_1', 'LATHE', 'MILL']);
    expect(all).toMatchObject({ total: 3, limit: 50, offset: 0 });
    const cnc = (await t.as('operator').get('/api/work-centers?q=cnc')).json();
    expect(cnc.items.map((w: { code: string }) => w.code)).toEqual(['LATHE', 'MILL']);
    // an underscore in the search is a character, not a wildcard
    expect((await t.as('operator').get('/api/work-centers?q=R_')).json().total).toBe(1);
    const second = (await t.as('operator').get('/api/work-centers?limit=1&offset=1')).json();
    expect(second).toMatchObject({ total: 3, items: [{ code: 'LATHE' }] });
  });

  it('refuse zero machines, an unknown calendar and a duplicate code, naming the field', async () => {
    const zero = await t
      .as('engineer')
      .post('/api/work-centers', { code: 'Z', name: 'Z', machines: 0, calendarId });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].field).toBe('machines');
    const noCalendar = await t.as('engineer').post('/api/work-centers', {
      code: 'NC',
      name: 'No calendar',
      machines: 1,
      calendarId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noCalendar.statusCode).toBe(422);
    expect(noCalendar.json().errors).toMatchObject([{ field: 'calendarId', rule: 'reference' }]);
    const dup = await t.as('engineer').post('/api/work-centers', { ...lathes, name: 'again', calendarId });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors).toMatchObject([{ field: 'code', rule: 'unique' }]);
  });

  it('change at the version they were read at, audited with before and after', async () => {
    const [lathe] = (await t.as('planner').get('/api/work-centers?q=LATHE')).json().items;
    const changed = await t
      .as('planner')
      .patch(`/api/work-centers/${lathe.id}`, { machines: 4, active: false }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ machines: 4, active: false, efficiency: 0.85, version: 2 });
    const stale = await t
      .as('planner')
      .patch(`/api/work-centers/${lathe.id}`, { machines: 5 }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    const missing = await t
      .as('planner')
      .patch('/api/work-centers/00000000-0000-4000-8000-000000000000', { machines: 5, version: 1 });
    expect(missing.statusCode).toBe(404);

    const audit = (await t.as('admin').get(`/api/audit?entity=work-center&entityId=${lathe.id}`)).json()
      .items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit[0]).toMatchObject({
      actorName: 'Test planner',
      before: { machines: 3, active: true },
      after: { machines: 4, active: false },
    });
  });

  it('may not be changed by operators', async () => {
    const [mill] = (await t.as('operator').get('/api/work-centers?q=MILL')).json().items;
    expect(
      (await t.as('operator').patch(`/api/work-centers/${mill.id}`, { machines: 9, version: 1 })).statusCode,
    ).toBe(403);
  });
});
