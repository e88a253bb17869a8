import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let calendarId: string;
let lathe: { id: string };
let mill: { id: string };
let shaft: { id: string };

beforeAll(async () => {
  t = await openTestApp();
  const cal = await t.as('planner').post('/api/calendars', {
    name: 'Day shift',
    timeZone: 'Europe/Berlin',
    shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '15:30' })),
  });
  expect(cal.statusCode, cal.body).toBe(201);
  calendarId = cal.json().id;
  lathe = (
    await t
      .as('engineer')
      .post('/api/work-centers', { code: 'L1', name: 'Lathes', machines: 2, calendarId, efficiency: 0.85 })
  ).json();
  mill = (
    await t.as('engineer').post('/api/work-centers', { code: 'M1', name: 'Mills', machines: 1, calendarId })
  ).json();
  shaft = (await t.as('engineer').post('/api/items', { number: 'S-1', name: 'Shaft', kind: 'make' })).json();
});
afterAll(async () => {
  await t.close();
});

const op = (number: string, workCenterId: string, extra: object = {}) => ({
  number,
  name: `Op ${number}`,
  workCenterId,
  runMinutesPerUnit: 5,
  ...extra,
});

describe('calendars', () => {
  it('reject an unknown time zone and overlapping shifts, naming the field', async () => {
    const zone = await t
      .as('planner')
      .post('/api/calendars', { name: 'x', timeZone: 'Mars/Base', shifts: [] });
    expect(zone.statusCode).toBe(422);
    expect(zone.json().errors[0]).toMatchObject({ field: 'timeZone', rule: 'time-zone' });
    const overlap = await t.as('planner').post('/api/calendars', {
      name: 'y',
      timeZone: 'UTC',
      shifts: [
        { weekday: 1, start: '06:00', end: '14:00' },
        { weekday: 1, start: '13:00', end: '22:00' },
      ],
    });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().errors[0]).toMatchObject({ field: 'shifts.1', rule: 'no-overlap' });
  });
});

describe('work centers', () => {
  it('refuse zero machines and a duplicate code', async () => {
    const zero = await t
      .as('engineer')
      .post('/api/work-centers', { code: 'Z', name: 'Z', machines: 0, calendarId });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].field).toBe('machines');
    const dup = await t
      .as('engineer')
      .post('/api/work-centers', { code: 'L1', name: 'again', machines: 1, calendarId });
    expect(dup.json().errors[0]).toMatchObject({ field: 'code', rule: 'unique' });
  });

  it('change with the version they were read at', async () => {
    const changed = await t
      .as('planner')
      .patch(`/api/work-centers/${mill.id}`, { machines: 2 }, { 'if-match': '1' });
    expect(changed.json()).toMatchObject({ machines: 2, version: 2 });
    expect(
      (await t.as('planner').patch(`/api/work-centers/${mill.id}`, { machines: 3 }, { 'if-match': '1' }))
        .statusCode,
    ).toBe(409);
  });
});

describe('routings', () => {
  it('chain operations by default and allow parallel branches', async () => {
    const created = await t.as('engineer').post(`/api/items/${shaft.id}/routings`, {
      operations: [
        op('010', lathe.id),
        op('020', mill.id, { alternatives: [{ workCenterId: lathe.id, speedFactor: 0.8 }] }),
        op('030', lathe.id, { predecessors: ['010'] }),
        op('040', mill.id, { predecessors: ['020', '030'] }),
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      created
        .json()
        .operations.map((o: { number: string; predecessors: string[] }) => [o.number, o.predecessors]),
    ).toEqual([
      ['010', []],
      ['020', ['010']],
      ['030', ['010']],
      ['040', ['020', '030']],
    ]);
  });

  it('reject a cycle among operations with its path', async () => {
    const cyclic = await t.as('engineer').post(`/api/items/${shaft.id}/routings`, {
      operations: [op('010', lathe.id, { predecessors: ['030'] }), op('020', lathe.id), op('030', mill.id)],
    });
    expect(cyclic.statusCode).toBe(422);
    expect(cyclic.json().cycle).toEqual(['010', '020', '030', '010']);
  });

  it('reject unknown predecessors and work centers, naming the field', async () => {
    const bad = await t.as('engineer').post(`/api/items/${shaft.id}/routings`, {
      operations: [op('010', lathe.id, { predecessors: ['005'] })],
    });
    expect(bad.json().errors[0]).toMatchObject({ field: 'operations.0.predecessors.0', rule: 'reference' });
    const unknownWc = await t.as('engineer').post(`/api/items/${shaft.id}/routings`, {
      operations: [op('010', '00000000-0000-4000-8000-000000000001')],
    });
    expect(unknownWc.json().errors[0]).toMatchObject({
      field: 'operations.0.workCenterId',
      rule: 'reference',
    });
  });

  it('release one revision at a time', async () => {
    const [draft] = (await t.as('engineer').get(`/api/items/${shaft.id}/routings`)).json();
    const released = await t
      .as('engineer')
      .post(`/api/routings/${draft.id}/release`, { version: draft.version });
    expect(released.json().status).toBe('released');
    const locked = await t
      .as('engineer')
      .patch(
        `/api/routings/${draft.id}`,
        { operations: [op('010', lathe.id)] },
        { 'if-match': String(released.json().version) },
      );
    expect(locked.json().errors[0].rule).toBe('draft-only');
  });
});
