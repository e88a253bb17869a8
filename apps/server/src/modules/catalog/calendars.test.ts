import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const weekdays = [1, 2, 3, 4, 5];
const twoShifts = (name: string) => ({
  name,
  timeZone: 'Europe/Berlin',
  shifts: weekdays.flatMap((weekday) => [
    { weekday, start: '06:00', end: '14:00' },
    { weekday, start: '14:00', end: '22:00' },
  ]),
  holidays: [{ date: '2026-05-01', name: 'Labour Day' }],
  exceptions: [
    { date: '2026-04-30', shifts: [{ start: '06:00', end: '12:00' }], note: 'half day' },
    { date: '2026-05-02', closed: true },
  ],
});

describe('calendars', () => {
  it('are created with weekly shifts, holidays and exceptions, and read back', async () => {
    const created = await t.as('planner').post('/api/calendars', twoShifts('Created'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Created',
      timeZone: 'Europe/Berlin',
      version: 1,
      holidays: [{ date: '2026-05-01', name: 'Labour Day' }],
      exceptions: [
        { date: '2026-04-30', closed: false, shifts: [{ start: '06:00', end: '12:00' }], note: 'half day' },
        { date: '2026-05-02', closed: true, shifts: [], note: '' },
      ],
    });
    const read = await t.as('operator').get(`/api/calendars/${created.json().id}`);
    expect(read.json()).toEqual(created.json());
    expect(
      (await t.as('operator').get('/api/calendars')).json().map((c: { name: string }) => c.name),
    ).toContain('Created');
  });

  it('reject an unknown time zone as problem+json naming the field and rule', async () => {
    const res = await t
      .as('planner')
      .post('/api/calendars', { ...twoShifts('Mars'), timeZone: 'Mars/Olympus_Mons' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 422,
      errors: [{ field: 'timeZone', rule: 'time-zone' }],
    });
  });

  it('reject overlapping shifts, naming the shift', async () => {
    const res = await t.as('planner').post('/api/calendars', {
      name: 'Overlap',
      timeZone: 'UTC',
      shifts: [
        { weekday: 1, start: '06:00', end: '14:00' },
        { weekday: 1, start: '13:00', end: '22:00' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toMatchObject([{ field: 'shifts.1', rule: 'no-overlap' }]);
  });

  it('reject a malformed time or weekday at the schema, naming the field', async () => {
    const res = await t.as('planner').post('/api/calendars', {
      name: 'Bad',
      timeZone: 'UTC',
      shifts: [{ weekday: 8, start: '6:00', end: '14:00' }],
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['shifts.0.start', 'shifts.0.weekday']);
  });

  it('have unique names', async () => {
    await t.as('planner').post('/api/calendars', twoShifts('Unique'));
    const again = await t.as('planner').post('/api/calendars', twoShifts('Unique'));
    expect(again.statusCode).toBe(422);
    expect(again.json().errors).toMatchObject([{ field: 'name', rule: 'unique' }]);
  });

  it('change only at the version they were read at, and audit before and after', async () => {
    const { id } = (await t.as('planner').post('/api/calendars', twoShifts('Audited'))).json();
    const noVersion = await t.as('planner').patch(`/api/calendars/${id}`, { name: 'x' });
    expect(noVersion.statusCode).toBe(428);
    const changed = await t
      .as('supervisor')
      .patch(
        `/api/calendars/${id}`,
        { shifts: [{ weekday: 6, start: '08:00', end: '12:00' }] },
        { 'if-match': '1' },
      );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 2,
      shifts: [{ weekday: 6, start: '08:00', end: '12:00' }],
    });
    const stale = await t.as('planner').patch(`/api/calendars/${id}`, { name: 'Stale', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 2, errors: [{ field: 'version' }] });

    const audit = (await t.as('admin').get(`/api/audit?entity=calendar&entityId=${id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit[0]).toMatchObject({
      actorName: 'Test supervisor',
      before: { version: 1, shifts: expect.arrayContaining([{ weekday: 1, start: '06:00', end: '14:00' }]) },
      after: { version: 2, shifts: [{ weekday: 6, start: '08:00', end: '12:00' }] },
    });
  });

  it('may be written by planners, not by engineers or operators', async () => {
    expect((await t.as('engineer').post('/api/calendars', twoShifts('Engineer'))).statusCode).toBe(403);
    expect((await t.as('operator').post('/api/calendars', twoShifts('Operator'))).statusCode).toBe(403);
  });

  it('answer 404 for an unknown id', async () => {
    const res = await t.as('planner').get('/api/calendars/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('are deleted only when no work center uses them', async () => {
    const used = (await t.as('planner').post('/api/calendars', twoShifts('Used'))).json();
    await t
      .as('engineer')
      .post('/api/work-centers', { code: 'CAL-WC', name: 'Uses it', machines: 1, calendarId: used.id });
    const refused = await t.as('planner').delete(`/api/calendars/${used.id}`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toMatchObject([
      { field: 'id', rule: 'in-use', message: expect.stringContaining('CAL-WC') },
    ]);

    const free = (await t.as('planner').post('/api/calendars', twoShifts('Free'))).json();
    expect((await t.as('planner').delete(`/api/calendars/${free.id}`, { 'if-match': '2' })).statusCode).toBe(
      409,
    );
    expect((await t.as('planner').delete(`/api/calendars/${free.id}`, { 'if-match': '1' })).statusCode).toBe(
      204,
    );
    expect((await t.as('planner').get(`/api/calendars/${free.id}`)).statusCode).toBe(404);
    const audit = (await t.as('admin').get(`/api/audit?entity=calendar&entityId=${free.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'delete', before: { name: 'Free' }, after: null });
  });
});

describe('working time', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.as('planner').post('/api/calendars', twoShifts('Working time'))).json().id;
  });
  const workingTime = (from: string, to: string, calendarId = id) =>
    t.as('operator').get(`/api/calendars/${calendarId}/working-time?from=${from}&to=${to}`);

  it('is 16 hours on a weekday, as UTC instants of the plant time zone', async () => {
    const day = (await workingTime('2026-03-24', '2026-03-24')).json();
    expect(day).toEqual({
      calendarId: id,
      timeZone: 'Europe/Berlin',
      intervals: [{ start: '2026-03-24T05:00:00.000Z', end: '2026-03-24T21:00:00.000Z' }],
      workingMinutes: 16 * 60,
    });
    const summer = (await workingTime('2026-06-02', '2026-06-02')).json();
    expect(summer.intervals).toEqual([
      { start: '2026-06-02T04:00:00.000Z', end: '2026-06-02T20:00:00.000Z' },
    ]);
  });

  it('leaves out weekends and holidays and follows the exceptions', async () => {
    const week = (await workingTime('2026-04-27', '2026-05-03')).json();
    // Mon–Wed 16 h, Thu 30 April half day 6 h, Fri 1 May holiday, Sat 2 May closed, Sun no shifts
    expect(week.workingMinutes).toBe((3 * 16 + 6) * 60);
    expect(week.intervals.at(-1)).toEqual({
      start: '2026-04-30T04:00:00.000Z',
      end: '2026-04-30T10:00:00.000Z',
    });
  });

  it('shortens a night shift by the hour lost to summer time', async () => {
    const night = (
      await t.as('planner').post('/api/calendars', {
        name: 'Weekend night',
        timeZone: 'Europe/Berlin',
        shifts: [{ weekday: 6, start: '22:00', end: '06:00' }],
      })
    ).json();
    const res = (await workingTime('2026-03-28', '2026-03-29', night.id)).json();
    expect(res.intervals).toEqual([{ start: '2026-03-28T21:00:00.000Z', end: '2026-03-29T04:00:00.000Z' }]);
    expect(res.workingMinutes).toBe(7 * 60);
  });

  it('refuses a range that ends before it starts or spans more than 400 days', async () => {
    const backwards = await workingTime('2026-03-24', '2026-03-01');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toMatchObject([{ field: 'to', rule: 'after-from' }]);
    expect((await workingTime('2026-01-01', '2027-12-31')).json().errors).toMatchObject([
      { field: 'to', rule: 'max-range' },
    ]);
    expect((await workingTime('2026-02-30', '2026-03-01')).statusCode).toBe(400);
  });
});
