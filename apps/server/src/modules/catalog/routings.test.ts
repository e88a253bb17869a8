import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let lathe: { id: string };
let mill: { id: string };
let shaft: { id: string };
let bar: { id: string };

beforeAll(async () => {
  t = await openTestApp();
  const calendarId = (
    await t.as('planner').post('/api/calendars', {
      name: 'Day shift',
      timeZone: 'Europe/Berlin',
      shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '15:30' })),
    })
  ).json().id;
  const workCenter = async (code: string) =>
    (await t.as('engineer').post('/api/work-centers', { code, name: code, machines: 1, calendarId })).json();
  lathe = await workCenter('LATHE');
  mill = await workCenter('MILL');
  shaft = (await t.as('engineer').post('/api/items', { number: 'S-1', name: 'Shaft', kind: 'make' })).json();
  bar = (await t.as('engineer').post('/api/items', { number: 'B-1', name: 'Bar', kind: 'buy' })).json();
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
const draft = (operations: object[], extra: object = {}) =>
  t.as('engineer').post(`/api/items/${shaft.id}/routings`, { operations, ...extra });

describe('routings', () => {
  it('chain operations by default and allow parallel branches', async () => {
    const created = await draft([
      op('010', lathe.id, {
        setupMinutes: 30,
        queueMinutes: 60,
        moveMinutes: 15,
        instructions: 'Face and centre',
      }),
      op('020', mill.id, { alternatives: [{ workCenterId: lathe.id, speedFactor: 0.8 }], shiftRule: 'fit' }),
      op('030', lathe.id, { predecessors: ['010'] }),
      op('040', mill.id, { predecessors: ['020', '030'], runMinutesPerUnit: 2.25 }),
    ]);
    expect(created.statusCode, created.body).toBe(201);
    const routing = created.json();
    expect(routing).toMatchObject({ itemId: shaft.id, revision: 'A', status: 'draft', version: 1 });
    expect(
      routing.operations.map((o: { number: string; predecessors: string[] }) => [o.number, o.predecessors]),
    ).toEqual([
      ['010', []],
      ['020', ['010']],
      ['030', ['010']],
      ['040', ['020', '030']],
    ]);
    expect(routing.operations[0]).toMatchObject({
      workCenterCode: 'LATHE',
      setupMinutes: 30,
      queueMinutes: 60,
      moveMinutes: 15,
      shiftRule: 'span',
      instructions: 'Face and centre',
    });
    expect(routing.operations[1]).toMatchObject({
      alternatives: [{ workCenterId: lathe.id, speedFactor: 0.8 }],
      shiftRule: 'fit',
    });
    expect(routing.operations[3].runMinutesPerUnit).toBe(2.25);
    expect((await t.as('operator').get(`/api/routings/${routing.id}`)).json()).toEqual(routing);
  });

  it('reject a cycle among operations with its path', async () => {
    const cyclic = await draft([
      op('010', lathe.id, { predecessors: ['030'] }),
      op('020', lathe.id),
      op('030', mill.id),
    ]);
    expect(cyclic.statusCode).toBe(422);
    expect(cyclic.headers['content-type']).toContain('application/problem+json');
    expect(cyclic.json()).toMatchObject({
      detail: 'the operations form a cycle: 010 → 020 → 030 → 010',
      cycle: ['010', '020', '030', '010'],
      errors: [{ field: 'operations', rule: 'no-cycle', message: '010 → 020 → 030 → 010' }],
    });
  });

  it('reject unknown predecessors and work centers, and duplicate numbers, naming the field', async () => {
    const unknownPredecessor = await draft([op('010', lathe.id, { predecessors: ['005'] })]);
    expect(unknownPredecessor.json().errors).toMatchObject([
      { field: 'operations.0.predecessors.0', rule: 'reference' },
    ]);
    const unknownWc = await draft([
      op('010', '00000000-0000-4000-8000-000000000001'),
      op('020', lathe.id, { alternatives: [{ workCenterId: lathe.id }] }),
    ]);
    expect(unknownWc.statusCode).toBe(422);
    expect(unknownWc.json().errors).toMatchObject([
      { field: 'operations.0.workCenterId', rule: 'reference' },
      { field: 'operations.1.alternatives.0.workCenterId', rule: 'reference' },
    ]);
    const twice = await draft([op('010', lathe.id), op('010', mill.id)]);
    expect(twice.json().errors).toMatchObject([{ field: 'operations.1.number', rule: 'unique' }]);
  });

  it('reject an empty routing, a routing for a bought item and an effectivity that ends before it starts', async () => {
    expect((await draft([])).json().errors[0].field).toBe('operations');
    const bought = await t
      .as('engineer')
      .post(`/api/items/${bar.id}/routings`, { operations: [op('010', lathe.id)] });
    expect(bought.json().errors).toMatchObject([{ field: 'itemId', rule: 'make-item' }]);
    const backwards = await draft([op('010', lathe.id)], { validFrom: '2026-06-01', validTo: '2026-01-01' });
    expect(backwards.json().errors).toMatchObject([{ field: 'validTo', rule: 'after-valid-from' }]);
  });

  it('change only as drafts, at their version, with an audit entry', async () => {
    const [routing] = (await t.as('engineer').get(`/api/items/${shaft.id}/routings`)).json();
    const changed = await t
      .as('engineer')
      .patch(
        `/api/routings/${routing.id}`,
        { operations: [op('010', lathe.id), op('020', mill.id)] },
        { 'if-match': '1' },
      );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, operations: [{ number: '010' }, { number: '020' }] });
    const stale = await t
      .as('engineer')
      .patch(`/api/routings/${routing.id}`, { validTo: '2030-01-01', version: 1 });
    expect(stale.statusCode).toBe(409);
    const audit = (await t.as('admin').get(`/api/audit?entity=routing&entityId=${routing.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'update', before: { version: 1 }, after: { version: 2 } });
    expect(audit[0].before.operations).toHaveLength(4);
    expect(audit[0].after.operations).toHaveLength(2);
  });

  it('release one revision at a time; the released one becomes obsolete when the next is released', async () => {
    const [a] = (await t.as('engineer').get(`/api/items/${shaft.id}/routings`)).json();
    const released = await t
      .as('engineer')
      .post(`/api/routings/${a.id}/release`, { version: a.version, validFrom: '2026-01-01' });
    expect(released.json()).toMatchObject({ status: 'released', validFrom: '2026-01-01' });
    const locked = await t
      .as('engineer')
      .patch(
        `/api/routings/${a.id}`,
        { operations: [op('010', lathe.id)] },
        { 'if-match': String(released.json().version) },
      );
    expect(locked.statusCode).toBe(422);
    expect(locked.json().errors).toMatchObject([{ field: 'status', rule: 'draft-only' }]);

    const b = (await draft([op('010', mill.id)])).json();
    expect(b.revision).toBe('B');
    await t
      .as('engineer')
      .post(`/api/routings/${b.id}/release`, { version: b.version, validFrom: '2026-07-01' });
    const all = (await t.as('engineer').get(`/api/items/${shaft.id}/routings`)).json();
    expect(
      all.map((r: { revision: string; status: string; validTo: string | null }) => [
        r.revision,
        r.status,
        r.validTo,
      ]),
    ).toEqual([
      ['A', 'obsolete', '2026-07-01'],
      ['B', 'released', null],
    ]);
  });

  it('keep a drawing link per operation, and refuse one that is not an http(s) address', async () => {
    const created = await draft([
      op('010', lathe.id, { drawingUrl: 'https://pdm.example.com/drawings/S-1.pdf' }),
      op('020', mill.id),
    ]);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().operations.map((o: { drawingUrl: string | null }) => o.drawingUrl)).toEqual([
      'https://pdm.example.com/drawings/S-1.pdf',
      null,
    ]);
    const refused = await draft([op('010', lathe.id, { drawingUrl: 'javascript:alert(1)' })]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('operations.0.drawingUrl');
    await t.as('engineer').delete(`/api/routings/${created.json().id}`, { 'if-match': '1' });
  });

  it('delete drafts only', async () => {
    const c = (await draft([op('010', lathe.id)])).json();
    expect((await t.as('engineer').delete(`/api/routings/${c.id}`)).statusCode).toBe(428);
    expect((await t.as('engineer').delete(`/api/routings/${c.id}`, { 'if-match': '1' })).statusCode).toBe(
      204,
    );
    expect((await t.as('engineer').get(`/api/routings/${c.id}`)).statusCode).toBe(404);
    const [a] = (await t.as('engineer').get(`/api/items/${shaft.id}/routings`)).json();
    const refused = await t.as('engineer').delete(`/api/routings/${a.id}`, { 'if-match': String(a.version) });
    expect(refused.json().errors).toMatchObject([{ rule: 'draft-only' }]);
  });

  it('answer 404 for an unknown item or routing, and refuse writers without the role', async () => {
    expect(
      (await t.as('engineer').get('/api/items/00000000-0000-4000-8000-000000000000/routings')).statusCode,
    ).toBe(404);
    expect(
      (await t.as('engineer').get('/api/routings/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect(
      (await t.as('planner').post(`/api/items/${shaft.id}/routings`, { operations: [op('010', lathe.id)] }))
        .statusCode,
    ).toBe(403);
  });
});
