import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { exportBoms, exportItems } from './csv-export';
import type { boms } from './tables/boms';
import { items } from './tables/items';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const csv = { 'content-type': 'text/csv' };
const countOf = async (table: typeof items | typeof boms) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

describe('CSV import', () => {
  it('imports items and updates existing numbers on a second import', async () => {
    const first = await t
      .as('engineer')
      .post(
        '/api/import/items',
        'number,name,kind,strategy,uom,standard cost\nA-100,Pump shaft,make,MTO,pcs,120.50\nB-200,Bar C45,buy,MTS,kg,1.20\nS-300,Sub assembly,make,MTO,pcs,\n',
        csv,
      );
    expect(first.json()).toEqual({ created: 3, updated: 0, boms: 0 });
    const second = await t
      .as('engineer')
      .post('/api/import/items', 'number,name,kind\nA-100,Pump shaft long,make\n', csv);
    expect(second.json()).toEqual({ created: 0, updated: 1, boms: 0 });
    const [item] = (await t.as('engineer').get('/api/items?q=A-100')).json().items;
    expect(item).toMatchObject({ name: 'Pump shaft long', standardCost: { amount: 12050 } });
    const audit = (await t.as('admin').get(`/api/audit?entity=item&entityId=${item.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual([
      'import-create',
      'import-update',
    ]);
  });

  it('rejects a bad file with every bad line number, and writes nothing', async () => {
    const before = await countOf(items);
    const response = await t
      .as('engineer')
      .post(
        '/api/import/items',
        'number,name,kind,uom\nC-1,Good one,make,pcs\nC-2,,make,pcs\nC-3,Wrong kind,made,pcs\nC-4,Unknown unit,buy,furlong\n',
        csv,
      );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(response.json().detail).toContain('nothing was written');
    expect(await countOf(items)).toBe(before);
  });

  it('imports a flat BOM as a draft revision and refuses unknown items by line', async () => {
    const bad = await t
      .as('engineer')
      .post('/api/import/boms', 'parent,child,quantity\nA-100,B-200,2.5\nA-100,NOPE,1\nA-100,B-200,0\n', csv);
    expect(bad.json().errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['line 3', 'reference'],
      ['line 4', 'positive'],
    ]);
    const good = await t
      .as('engineer')
      .post('/api/import/boms', 'parent,child,quantity,scrap\nA-100,B-200,"2,5",0.02\n', csv);
    expect(good.json().boms).toBe(1);
  });

  it('imports an indented CAD BOM, creating unknown parts, and rejects a skipped level', async () => {
    const cad = [
      'Item No.,Part Number,Description,Qty,Material',
      '1,GB-100,Gearbox housing weldment,1,S355',
      '1.1,GB-110,Side plate,2,S355',
      '1.2,GB-120,Bearing seat,2,C45',
      '1.2.1,B-200,Bar C45,3.5,C45',
      '2,BOLT-M12,Bolt M12x40,12,',
      '3,GB-110,Side plate,1,S355',
    ].join('\n');
    const skipped = await t
      .as('engineer')
      .post(
        '/api/import/cad-bom?parent=S-300',
        'Level,Part Number,Description,Qty\n1,X-1,x,1\n1.1.1,X-2,y,1\n',
        csv,
      );
    expect(skipped.statusCode).toBe(422);
    expect(skipped.json().errors[0]).toMatchObject({ field: 'line 3', rule: 'level' });

    const response = await t.as('engineer').post('/api/import/cad-bom?parent=S-300', cad, csv);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ created: 4, updated: 0, boms: 3 }); // S-300, GB-100, GB-120
    const [housing] = (await t.as('engineer').get('/api/items?q=GB-100')).json().items;
    expect(housing.kind).toBe('make');
    const [revision] = (await t.as('engineer').get(`/api/items/${housing.id}/boms`)).json();
    expect(
      revision.lines.map((l: { childNumber: string; quantityPer: number }) => [l.childNumber, l.quantityPer]),
    ).toEqual([
      ['GB-110', 2],
      ['GB-120', 2],
    ]);
    const [top] = (await t.as('engineer').get('/api/items?q=S-300')).json().items;
    const topLines = (await t.as('engineer').get(`/api/items/${top.id}/boms`)).json()[0].lines;
    // GB-110 appears twice under the top level in the file (rows 1 and 3): one line, quantities added
    expect(
      topLines.map((l: { childNumber: string; quantityPer: number }) => [l.childNumber, l.quantityPer]),
    ).toEqual([
      ['GB-100', 1],
      ['BOLT-M12', 12],
      ['GB-110', 1],
    ]);
  });

  it('exports what it imported', async () => {
    const itemsCsv = await exportItems(t.database.db);
    expect(itemsCsv.split('\n')[0]).toBe(
      'number,name,kind,strategy,uom,family,standard_cost,currency,lead_time_days,issue_method',
    );
    expect(itemsCsv).toContain('A-100,Pump shaft long,make,MTO,pcs,,120.50,EUR,');
    expect(await exportBoms(t.database.db)).toContain('GB-100,A,draft,10,GB-110,2,pcs,0,');
  });
});
