/**
 * CAD BOM import on an item, CSV and XLSX (the workbook built here with exceljs): matching part
 * numbers to items, new items, the diff against the current revision before applying, and bad
 * files rejected with their rows, nothing written.
 */
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { boms } from '../catalog/tables/boms';
import { items } from '../catalog/tables/items';

let t: TestApp;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await openTestApp();
  for (const [number, kind] of [
    ['PUMP-500', 'make'],
    ['HSG-510', 'make'],
    ['SHAFT-520', 'make'],
    ['BRG-6205', 'buy'],
    ['BOLT-M8', 'buy'],
  ] as const) {
    const created = await t.as('engineer').post('/api/items', { number, name: `Part ${number}`, kind });
    ids[number] = created.json().id;
  }
  // the pump's released revision A: housing ×1, shaft ×1, bolts ×8
  const bom = await t.as('engineer').post(`/api/items/${ids['PUMP-500']}/boms`, {
    lines: [
      { position: 10, childItemId: ids['HSG-510'], quantityPer: 1 },
      { position: 20, childItemId: ids['SHAFT-520'], quantityPer: 1 },
      { position: 30, childItemId: ids['BOLT-M8'], quantityPer: 8 },
    ],
  });
  await t.as('engineer').post(`/api/boms/${bom.json().id}/release`, { version: bom.json().version });
});
afterAll(async () => {
  await t.close();
});

const written = async () => ({
  items: (await t.database.db.select({ n: count() }).from(items))[0].n,
  boms: (await t.database.db.select({ n: count() }).from(boms))[0].n,
});

/** SolidWorks-style: item numbers 1, 1.1, …; the shaft is gone, bolts 8 → 6, a seal is new. */
const cadRows = [
  ['Item No.', 'Part Number', 'Description', 'Qty', 'Material'],
  ['1', 'HSG-510', 'Pump housing', '1', 'EN-GJL-250'],
  ['1.1', 'BRG-6205', 'Ball bearing 6205', '2', ''],
  ['1.2', 'SEAL-25', 'Shaft seal 25×40×7', '1', 'NBR'],
  ['2', 'BOLT-M8', 'Hex bolt M8×25', '6', '8.8'],
  ['3', 'IMP-530', 'Impeller', '1', 'CuSn10'],
];
const csv = cadRows.map((r) => r.join(',')).join('\n');

async function xlsxOf(rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('BOM');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

describe('CAD BOM import with a diff preview', () => {
  it('previews the CSV against the current revision per level, writing nothing', async () => {
    const before = await written();
    const response = await t
      .as('engineer')
      .post(`/api/items/${ids['PUMP-500']}/cad-import/preview`, { fileName: 'pump.csv', content: csv });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(await written()).toEqual(before);
    const top = preview.assemblies.find((a: { itemNumber: string }) => a.itemNumber === 'PUMP-500');
    expect(top).toMatchObject({
      level: 0,
      status: 'changed',
      baseRevision: { revision: 'A', status: 'released' },
    });
    const byChild = Object.fromEntries(
      top.lines.map((l: { childNumber: string; change: string }) => [l.childNumber, l]),
    );
    expect(byChild['HSG-510']).toMatchObject({ change: 'unchanged', quantityAfter: 1 });
    expect(byChild['BOLT-M8']).toMatchObject({ change: 'changed', quantityBefore: 8, quantityAfter: 6 });
    expect(byChild['IMP-530']).toMatchObject({ change: 'added', newItem: true });
    expect(byChild['SHAFT-520']).toMatchObject({ change: 'removed', quantityBefore: 1, quantityAfter: null });
    const housing = preview.assemblies.find((a: { itemNumber: string }) => a.itemNumber === 'HSG-510');
    expect(housing).toMatchObject({ level: 1, status: 'new', baseRevision: null });
    expect(
      housing.lines.map((l: { childNumber: string; change: string }) => [l.childNumber, l.change]),
    ).toEqual([
      ['BRG-6205', 'added'],
      ['SEAL-25', 'added'],
    ]);
    expect(
      preview.newItems.map((n: { number: string; kind: string; material: string }) => [
        n.number,
        n.kind,
        n.material,
      ]),
    ).toEqual([
      ['SEAL-25', 'buy', 'NBR'],
      ['IMP-530', 'buy', 'CuSn10'],
    ]);
    expect(preview.summary).toEqual({
      added: 3,
      removed: 1,
      changed: 1,
      unchanged: 1,
      newItems: 2,
      revisionsToWrite: 2,
    });
  });

  it('applies an XLSX export as new draft revisions with new items, in one go', async () => {
    const content = await xlsxOf(cadRows);
    const preview = await t
      .as('engineer')
      .post(`/api/items/${ids['PUMP-500']}/cad-import/preview`, { fileName: 'pump.xlsx', content });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().summary.revisionsToWrite).toBe(2);
    const applied = await t
      .as('engineer')
      .post(`/api/items/${ids['PUMP-500']}/cad-import/apply`, { fileName: 'pump.xlsx', content });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ created: 2, boms: 2 });
    expect(
      applied
        .json()
        .revisions.map((r: { itemNumber: string; revision: string }) => [r.itemNumber, r.revision]),
    ).toEqual([
      ['PUMP-500', 'B'],
      ['HSG-510', 'A'],
    ]);
    const revisions = (await t.as('engineer').get(`/api/items/${ids['PUMP-500']}/boms`)).json();
    const draft = revisions.find((b: { revision: string }) => b.revision === 'B');
    expect(draft.status).toBe('draft');
    expect(
      draft.lines.map((l: { childNumber: string; quantityPer: number }) => [l.childNumber, l.quantityPer]),
    ).toEqual([
      ['HSG-510', 1],
      ['BOLT-M8', 6],
      ['IMP-530', 1],
    ]);
    const [seal] = (await t.as('engineer').get('/api/items?q=SEAL-25')).json().items;
    expect(seal).toMatchObject({ kind: 'buy', description: 'Material: NBR' });
    // imported again, the file matches the newest draft of the housing: only the pump would change again
    const again = await t.as('engineer').post(`/api/items/${ids['HSG-510']}/cad-import/preview`, {
      fileName: 'housing.csv',
      content: 'Level,Part Number,Description,Qty\n1,BRG-6205,Ball bearing,2\n1,SEAL-25,Seal,1\n',
    });
    expect(again.json().assemblies[0]).toMatchObject({
      status: 'unchanged',
      baseRevision: { revision: 'A', status: 'draft' },
    });
  });

  it('rejects a bad file with the row and reason of each bad row, and writes nothing', async () => {
    const before = await written();
    const rows = [
      ['Level', 'Part Number', 'Description', 'Qty'],
      ['1', 'NEW-1', 'Fine', '1'],
      ['1.1.1', 'NEW-2', 'Skips a level', '1'],
      ['2', '', 'No part number', '1'],
      ['3', 'NEW-3', 'Zero', '0'],
      ['x', 'NEW-4', 'Bad level', '1'],
    ];
    for (const file of [
      { fileName: 'bad.csv', content: rows.map((r) => r.join(',')).join('\n') },
      { fileName: 'bad.xlsx', content: await xlsxOf(rows) },
    ]) {
      const response = await t.as('engineer').post(`/api/items/${ids['PUMP-500']}/cad-import/apply`, file);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
        ['line 3', 'level'],
        ['line 4', 'required'],
        ['line 5', 'positive'],
        ['line 6', 'level'],
      ]);
      expect(response.json().detail).toContain('nothing was written');
    }
    const notXlsx = await t.as('engineer').post(`/api/items/${ids['PUMP-500']}/cad-import/preview`, {
      fileName: 'x.xlsx',
      content: 'bm90IGEgemlw',
    });
    expect(notXlsx.statusCode).toBe(422);
    const missing = await t.as('engineer').post(`/api/items/${ids['PUMP-500']}/cad-import/preview`, {
      fileName: 'x.csv',
      content: 'Foo,Bar\n1,2\n',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'line 1', rule: 'column' });
    expect(await written()).toEqual(before);
    const buyer = await t
      .as('buyer')
      .post(`/api/items/${ids['PUMP-500']}/cad-import/preview`, { fileName: 'pump.csv', content: csv });
    expect(buyer.statusCode).toBe(403);
  });
});
