/**
 * How jobs take an item as a component (`issue_method`: manual or backflush) goes out with the
 * items CSV and comes back in: the API and the `takt import|export` command read and write the
 * same column, and a bad value rejects the file with its line and reason, writing nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliCommands } from '../../cli/commands';
import { loadConfig } from '../../platform/config';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { items } from './tables/items';

let t: TestApp;
let dir: string;
const csv = { 'content-type': 'text/csv' };
const takt = async (...args: string[]) => {
  const command = cliCommands.find((c) => c.name === args[0]);
  if (!command) throw new Error(`no command ${args[0]}`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await command.run(t.database, args.slice(1), loadConfig({}));
  } finally {
    log.mockRestore();
  }
};
const issueMethodOf = async (number: string) =>
  (await t.as('engineer').get(`/api/items?q=${number}`))
    .json()
    .items.find((i: { number: string }) => i.number === number);

beforeAll(async () => {
  t = await openTestApp();
  dir = mkdtempSync(join(tmpdir(), 'takt-issue-method-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('issue method in the items CSV', () => {
  it('survives an export and an import again', async () => {
    const imported = await t
      .as('engineer')
      .post(
        '/api/import/items',
        'number,name,kind,uom,issue_method\nIM-1,Hex bolt M12,buy,pcs,backflush\nIM-2,Bearing 6205,buy,pcs,Manual\nIM-3,Grease,buy,kg,\n',
        csv,
      );
    expect(imported.statusCode, imported.body).toBe(200);
    expect((await issueMethodOf('IM-1')).issueMethod).toBe('backflush');
    expect((await issueMethodOf('IM-2')).issueMethod).toBe('manual');
    expect((await issueMethodOf('IM-3')).issueMethod).toBe('manual');

    const exported = join(dir, 'items.csv');
    expect(await takt('export', 'items', exported)).toBe(0);
    const text = readFileSync(exported, 'utf8');
    expect(text.split('\n')[0].split(',')).toContain('issue_method');
    expect(text).toMatch(/^IM-1,Hex bolt M12,buy,.*,backflush$/m);

    // changed in the plant, then the file goes back in: the file's issue methods again
    const bolt = await issueMethodOf('IM-1');
    const changed = await t
      .as('engineer')
      .patch(`/api/items/${bolt.id}`, { version: bolt.version, issueMethod: 'manual' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await takt('import', 'items', exported)).toBe(0);
    expect((await issueMethodOf('IM-1')).issueMethod).toBe('backflush');
    const again = join(dir, 'items-again.csv');
    expect(await takt('export', 'items', again)).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(text);

    // a file without the column leaves the issue method as it is
    await t.as('engineer').post('/api/import/items', 'number,name,kind\nIM-1,Hex bolt M12 8.8,buy\n', csv);
    expect(await issueMethodOf('IM-1')).toMatchObject({ name: 'Hex bolt M12 8.8', issueMethod: 'backflush' });
  });

  it('rejects a bad value with its line and reason, and writes nothing', async () => {
    const before = (await t.database.db.select({ n: count() }).from(items))[0].n;
    const response = await t
      .as('engineer')
      .post(
        '/api/import/items',
        'number,name,kind,issue_method\nIM-4,Washer,buy,backflush\nIM-5,Shaft,make,scan\n',
        csv,
      );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      {
        field: 'line 3',
        rule: 'issue-method',
        message: "issue_method must be manual or backflush, got 'scan'",
      },
    ]);
    expect(response.json().detail).toContain('nothing was written');
    expect((await t.database.db.select({ n: count() }).from(items))[0].n).toBe(before);
  });
});
