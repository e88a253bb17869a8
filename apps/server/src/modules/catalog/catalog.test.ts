import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { nextRevision } from './revision-code';
import { conversionFactor } from './uom-service';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

async function createItem(number: string, kind: 'make' | 'buy' | 'phantom' = 'make', extra: object = {}) {
  const response = await t
    .as('engineer')
    .post('/api/items', { number, name: `Item ${number}`, kind, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; version: number };
}

async function releasedBom(
  parentId: string,
  lines: { childItemId: string; quantityPer: number; scrapFactor?: number }[],
) {
  const draft = await t.as('engineer').post(`/api/items/${parentId}/boms`, {
    lines: lines.map((l, i) => ({ position: (i + 1) * 10, ...l })),
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const released = await t
    .as('engineer')
    .post(`/api/boms/${draft.json().id}/release`, { version: draft.json().version, validFrom: '2026-01-01' });
  expect(released.statusCode, released.body).toBe(200);
  return released.json() as { id: string; revision: string; version: number };
}

describe('items', () => {
  it('creates, finds by search and filter, and pages', async () => {
    await createItem('500-0001', 'buy', { name: 'Bar stock 42CrMo4 Ø80' });
    await createItem('500-0002', 'buy', { name: 'Bar stock C45 Ø60' });
    const found = await t.as('sales').get('/api/items?q=42crmo4');
    expect(found.json().items.map((i: { number: string }) => i.number)).toEqual(['500-0001']);
    const paged = await t.as('sales').get('/api/items?kind=buy&limit=1&offset=1');
    expect(paged.json()).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.json().items).toHaveLength(1);
  });

  it('rejects a duplicate number, a negative cost and an unknown unit, naming the field', async () => {
    const dup = await t.as('engineer').post('/api/items', { number: '500-0001', name: 'again', kind: 'buy' });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors[0]).toMatchObject({ field: 'number', rule: 'unique' });
    const negative = await t.as('engineer').post('/api/items', {
      number: 'X-1',
      name: 'x',
      kind: 'buy',
      standardCost: { amount: -5, currency: 'EUR' },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('standardCost.amount');
    const unit = await t
      .as('engineer')
      .post('/api/items', { number: 'X-2', name: 'x', kind: 'buy', uom: 'furlong' });
    expect(unit.statusCode).toBe(422);
    expect(unit.json().errors[0]).toMatchObject({ field: 'uom', rule: 'reference' });
  });

  it('changes only the fields a PATCH sends, keeping the others (no create defaults)', async () => {
    const created = await t.as('engineer').post('/api/items', {
      number: '610-0001',
      name: 'Bar 42CrMo4',
      kind: 'buy',
      strategy: 'MTS',
      uom: 'kg',
      standardCost: { amount: 185, currency: 'EUR' },
      safetyStock: 500,
      lotSizing: { rule: 'multiple', quantity: 250 },
    });
    const patched = await t
      .as('engineer')
      .patch(`/api/items/${created.json().id}`, { name: 'Bar 42CrMo4 Ø80', version: 1 });
    expect(patched.json()).toMatchObject({
      name: 'Bar 42CrMo4 Ø80',
      strategy: 'MTS',
      uom: 'kg',
      standardCost: { amount: 185, currency: 'EUR' },
      safetyStock: 500,
      lotSizing: { rule: 'multiple', quantity: 250 },
    });
  });

  it('updates with optimistic concurrency and audits before and after', async () => {
    const item = await createItem('600-0001');
    const changed = await t
      .as('engineer')
      .patch(`/api/items/${item.id}`, { name: 'Flange shaft', version: 1 });
    expect(changed.json()).toMatchObject({ name: 'Flange shaft', version: 2 });
    const stale = await t.as('engineer').patch(`/api/items/${item.id}`, { name: 'Late', version: 1 });
    expect(stale.statusCode).toBe(409);
    const audit = await t.as('admin').get(`/api/audit?entity=item&entityId=${item.id}`);
    expect(audit.json().items[0]).toMatchObject({
      action: 'update',
      before: { name: 'Item 600-0001' },
      after: { name: 'Flange shaft' },
    });
  });

  it('lets only engineers and admins change items', async () => {
    const item = await createItem('600-0002');
    expect((await t.as('sales').patch(`/api/items/${item.id}`, { name: 'no', version: 1 })).statusCode).toBe(
      403,
    );
  });
});

describe('BOMs', () => {
  let shaft: { id: string };
  let forging: { id: string };
  let bar: { id: string };
  let assembly: { id: string };
  let bearing: { id: string };

  beforeAll(async () => {
    assembly = await createItem('100-0001');
    shaft = await createItem('200-0001');
    forging = await createItem('300-0001');
    bar = await createItem('900-0001', 'buy', { uom: 'kg' });
    bearing = await createItem('900-0002', 'buy');
    await releasedBom(forging.id, [{ childItemId: bar.id, quantityPer: 12.5, scrapFactor: 0.04 }]);
    await releasedBom(shaft.id, [{ childItemId: forging.id, quantityPer: 1 }]);
    await releasedBom(assembly.id, [
      { childItemId: shaft.id, quantityPer: 2, scrapFactor: 0.1 },
      { childItemId: bearing.id, quantityPer: 4 },
    ]);
  });

  it('explodes three levels indented, with extended quantities through scrap', async () => {
    const response = await t.as('operator').get(`/api/items/${assembly.id}/explosion?date=2026-06-01`);
    expect(response.statusCode).toBe(200);
    const lines = response
      .json()
      .lines.map((l: { level: number; number: string; extendedQuantity: number }) => [
        l.level,
        l.number,
        l.extendedQuantity,
      ]);
    expect(lines).toEqual(
      [
        [1, '200-0001', 2.2],
        [2, '300-0001', 2.2],
        [3, '900-0001', 2.2 * 12.5 * 1.04],
        [1, '900-0002', 4],
      ].map(([level, number, q]) => [level, number, expect.closeTo(q as number, 9)]),
    );
  });

  it('answers where-used on all levels', async () => {
    const response = await t.as('planner').get(`/api/items/${bar.id}/where-used?date=2026-06-01`);
    const lines = response.json().lines.map((l: { level: number; number: string }) => [l.level, l.number]);
    expect(lines).toEqual([
      [1, '300-0001'],
      [2, '200-0001'],
      [3, '100-0001'],
    ]);
  });

  it('rejects a deep cycle with the path that forms it, and writes nothing', async () => {
    const draft = await t.as('engineer').post(`/api/items/${bar.id}/boms`, { lines: [] });
    expect(draft.statusCode).toBe(422); // a buy item has no BOM
    const forgingRev = await t.as('engineer').post(`/api/items/${forging.id}/boms`, {
      lines: [
        { position: 10, childItemId: bar.id, quantityPer: 12.5 },
        { position: 20, childItemId: assembly.id, quantityPer: 1 },
      ],
    });
    expect(forgingRev.statusCode).toBe(422);
    expect(forgingRev.json().cycle).toEqual(['300-0001', '100-0001', '200-0001', '300-0001']);
    expect(forgingRev.json().detail).toContain('300-0001 → 100-0001 → 200-0001 → 300-0001');
    const revisions = await t.as('engineer').get(`/api/items/${forging.id}/boms`);
    expect(revisions.json()).toHaveLength(1); // the draft was not written
  });

  it('rejects a direct cycle between two items, also when it comes through a draft edit', async () => {
    const draft = await t.as('engineer').post(`/api/items/${forging.id}/boms`, {
      lines: [{ position: 10, childItemId: bar.id, quantityPer: 12.5 }],
    });
    expect(draft.statusCode).toBe(201);
    const closing = await t.as('engineer').patch(`/api/boms/${draft.json().id}`, {
      version: draft.json().version,
      lines: [{ position: 10, childItemId: shaft.id, quantityPer: 1 }],
    });
    expect(closing.statusCode).toBe(422);
    expect(closing.json().errors[0]).toMatchObject({ field: 'lines', rule: 'no-cycle' });
    expect(closing.json().cycle).toEqual(['300-0001', '200-0001', '300-0001']);
    const unchanged = (await t.as('engineer').get(`/api/boms/${draft.json().id}`)).json();
    expect(unchanged.lines.map((l: { childNumber: string }) => l.childNumber)).toEqual(['900-0001']);
  });

  it('rejects an item in its own BOM', async () => {
    const self = await t.as('engineer').post(`/api/items/${shaft.id}/boms`, {
      lines: [{ position: 10, childItemId: shaft.id, quantityPer: 1 }],
    });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors[0]).toMatchObject({ field: 'lines.0.childItemId', rule: 'no-cycle' });
  });

  it('edits only drafts; releasing a new revision obsoletes the old one from its date', async () => {
    const draft = (
      await t.as('engineer').post(`/api/items/${shaft.id}/boms`, {
        lines: [{ position: 10, childItemId: forging.id, quantityPer: 1 }],
      })
    ).json();
    expect(draft.revision).toBe('B');
    const edited = await t.as('engineer').patch(`/api/boms/${draft.id}`, {
      version: draft.version,
      lines: [{ position: 10, childItemId: forging.id, quantityPer: 3 }],
    });
    expect(edited.json().lines[0].quantityPer).toBe(3);
    const released = await t
      .as('engineer')
      .post(`/api/boms/${draft.id}/release`, { version: edited.json().version, validFrom: '2027-01-01' });
    expect(released.json().status).toBe('released');
    const audit = (await t.as('admin').get(`/api/audit?entity=bom&entityId=${draft.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual([
      'create',
      'release',
      'update',
    ]);
    const revisions = (await t.as('engineer').get(`/api/items/${shaft.id}/boms`)).json();
    expect(revisions.map((r: { revision: string; status: string }) => [r.revision, r.status])).toEqual([
      ['A', 'obsolete'],
      ['B', 'released'],
    ]);
    const frozen = await t
      .as('engineer')
      .patch(`/api/boms/${draft.id}`, { version: released.json().version, lines: [] });
    expect(frozen.statusCode).toBe(422);
    expect(frozen.json().errors[0].rule).toBe('draft-only');
    // effectivity: before 2027 the old revision A still explodes, from 2027 revision B
    const before = (await t.as('engineer').get(`/api/items/${shaft.id}/explosion?date=2026-06-01`)).json();
    const after = (await t.as('engineer').get(`/api/items/${shaft.id}/explosion?date=2027-06-01`)).json();
    expect(before.lines[0]).toMatchObject({ revision: 'A', quantityPer: 1 });
    expect(after.lines[0]).toMatchObject({ revision: 'B', quantityPer: 3 });
  });
});

describe('units of measure', () => {
  it('converts along a path of conversions, both directions', () => {
    const conversions = [
      { fromUom: 'm', toUom: 'mm', factor: 1000, itemId: null },
      { fromUom: 'bar', toUom: 'm', factor: 6, itemId: 'x' },
    ];
    expect(conversionFactor(conversions, 'bar', 'mm')).toBe(6000);
    expect(conversionFactor(conversions, 'mm', 'bar')).toBeCloseTo(1 / 6000);
    expect(conversionFactor(conversions, 'bar', 'kg')).toBeUndefined();
  });

  it('ships the common units', async () => {
    const units = (await t.as('engineer').get('/api/uoms')).json().map((u: { code: string }) => u.code);
    expect(units).toEqual(expect.arrayContaining(['pcs', 'kg', 'm', 'mm', 'h']));
  });
});

describe('revision codes', () => {
  it('count A, B, … Z, AA', () => {
    expect(nextRevision([])).toBe('A');
    expect(nextRevision(['A', 'B'])).toBe('C');
    expect(nextRevision(['Z'])).toBe('AA');
    expect(nextRevision(['AZ'])).toBe('BA');
  });
});

describe('BOM lines in other units than the child', () => {
  let bike: { id: string };
  let frame: { id: string };
  let tube: { id: string };
  let steel: { id: string };

  beforeAll(async () => {
    bike = await createItem('700-0001');
    frame = await createItem('700-0002');
    tube = await createItem('700-0003', 'make', { uom: 'm' }); // cut tube, counted in metres
    steel = await createItem('700-0004', 'buy', { uom: 'kg' });
    await releasedBom(tube.id, [{ childItemId: steel.id, quantityPer: 2.5 }]); // 2.5 kg per metre
    const draft = await t.as('engineer').post(`/api/items/${frame.id}/boms`, {
      lines: [{ position: 10, childItemId: tube.id, quantityPer: 1500, uom: 'mm', scrapFactor: 0.1 }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    await t.as('engineer').post(`/api/boms/${draft.json().id}/release`, {
      version: draft.json().version,
      validFrom: '2026-01-01',
    });
    await releasedBom(bike.id, [{ childItemId: frame.id, quantityPer: 2 }]);
  });

  it('converts a line unit into the child base unit before going down a level', async () => {
    const lines = (await t.as('planner').get(`/api/items/${bike.id}/explosion?date=2026-06-01`)).json().lines;
    expect(
      lines.map((l: { number: string; uom: string; extendedQuantity: number }) => [
        l.number,
        l.uom,
        l.extendedQuantity,
      ]),
    ).toEqual([
      ['700-0002', 'pcs', 2],
      ['700-0003', 'mm', expect.closeTo(2 * 1500 * 1.1, 9)], // in the line's unit
      ['700-0004', 'kg', expect.closeTo(2 * 1.5 * 1.1 * 2.5, 9)], // 3.3 m of tube at 2.5 kg/m
    ]);
  });

  it("answers where-used in the item's base unit through unit changes", async () => {
    const lines = (await t.as('planner').get(`/api/items/${steel.id}/where-used?date=2026-06-01`)).json()
      .lines;
    expect(
      lines.map((l: { number: string; extendedQuantity: number }) => [l.number, l.extendedQuantity]),
    ).toEqual([
      ['700-0003', expect.closeTo(2.5, 9)],
      ['700-0002', expect.closeTo(1.5 * 1.1 * 2.5, 9)],
      ['700-0001', expect.closeTo(2 * 1.5 * 1.1 * 2.5, 9)],
    ]);
  });

  it('refuses a line unit without a conversion path, naming the line', async () => {
    const response = await t.as('engineer').post(`/api/items/${frame.id}/boms`, {
      lines: [{ position: 10, childItemId: tube.id, quantityPer: 2, uom: 'kg' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'lines.0.uom', rule: 'conversion' });
  });

  it('uses conversions of one item only for that item (1 bar = 6 m of this tube)', async () => {
    expect(
      (await t.as('engineer').post('/api/uoms', { code: 'bar', name: 'bar', dimension: 'count' })).statusCode,
    ).toBe(201);
    const perItem = await t
      .as('engineer')
      .post('/api/uom-conversions', { fromUom: 'bar', toUom: 'm', factor: 6, itemId: tube.id });
    expect(perItem.statusCode, perItem.body).toBe(201);
    const forTube = await t
      .as('engineer')
      .get(`/api/uoms/convert?quantity=2&from=bar&to=mm&itemId=${tube.id}`);
    expect(forTube.json().result).toBe(12000);
    const global = await t.as('engineer').get('/api/uoms/convert?quantity=2&from=bar&to=mm');
    expect(global.statusCode).toBe(422);
    expect(global.json().errors[0]).toMatchObject({ field: 'to', rule: 'conversion' });
    expect(global.json().detail).toContain('no conversion from bar to mm');
  });
});

describe('deleting and deactivating items', () => {
  it('deletes an unused item, and refuses to delete one in a BOM: deactivate it instead', async () => {
    const typo = await createItem('800-0001', 'buy');
    const gone = await t.as('engineer').delete(`/api/items/${typo.id}`, { 'if-match': '1' });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await t.as('engineer').get(`/api/items/${typo.id}`)).statusCode).toBe(404);

    const parent = await createItem('800-0002');
    const used = await createItem('800-0003', 'buy');
    await releasedBom(parent.id, [{ childItemId: used.id, quantityPer: 1 }]);
    const refused = await t.as('engineer').delete(`/api/items/${used.id}`, { 'if-match': '1' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'id', rule: 'in-use' });
    expect(refused.json().detail).toContain('deactivate');

    const off = await t.as('engineer').patch(`/api/items/${used.id}`, { active: false, version: 1 });
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    const again = await t.as('engineer').post(`/api/items/${parent.id}/boms`, {
      lines: [{ position: 10, childItemId: used.id, quantityPer: 1 }],
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'lines.0.childItemId', rule: 'active' });
    const audit = await t.as('admin').get(`/api/audit?entity=item&entityId=${typo.id}`);
    expect(audit.json().items.map((a: { action: string }) => a.action)).toContain('delete');
  });

  it('answers 404 for an unknown item and 428 without a version', async () => {
    const unknown = await t
      .as('engineer')
      .delete('/api/items/00000000-0000-4000-8000-000000000000', { 'if-match': '1' });
    expect(unknown.statusCode).toBe(404);
    const item = await createItem('800-0004', 'buy');
    expect((await t.as('engineer').delete(`/api/items/${item.id}`)).statusCode).toBe(428);
  });
});
