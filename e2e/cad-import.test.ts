/**
 * CAD BOM import in the browser: on an item with a released BOM, upload an indented BOM
 * export, read the colour-coded diff against the current revision, apply it, and find the new
 * draft revision on the item.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

describe('CAD BOM import with a diff preview', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let gearbox: { id: string };
  const folder = mkdtempSync(join(tmpdir(), 'takt-cad-'));
  const file = join(folder, 'gearbox-bom.csv');
  const badFile = join(folder, 'bad.csv');

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer({ demo: false }), launchBrowser()]);
    const make = (number: string, name: string, kind: 'make' | 'buy') =>
      takt.api.post<{ id: string }>('/api/items', { number, name, kind });
    gearbox = await make('E2E-GBX-100', 'Gearbox GB100', 'make');
    const housing = await make('E2E-GBX-110', 'Gearbox housing', 'make');
    const shaft = await make('E2E-GBX-120', 'Input shaft', 'make');
    const bolt = await make('E2E-BOLT-M10', 'Hex bolt M10×30', 'buy');
    const bom = await takt.api.post<{ id: string; version: number }>(`/api/items/${gearbox.id}/boms`, {
      lines: [
        { position: 10, childItemId: housing.id, quantityPer: 1 },
        { position: 20, childItemId: shaft.id, quantityPer: 1 },
        { position: 30, childItemId: bolt.id, quantityPer: 12 },
      ],
    });
    await takt.api.post(`/api/boms/${bom.id}/release`, { version: bom.version });
    writeFileSync(
      file,
      [
        'Item No.,Part Number,Description,Qty,Material',
        '1,E2E-GBX-110,Gearbox housing,1,EN-GJL-250',
        '1.1,E2E-BRG-6206,Ball bearing 6206,2,',
        '2,E2E-GBX-120,Input shaft,1,42CrMo4',
        '3,E2E-BOLT-M10,Hex bolt M10×30,16,8.8',
        '4,E2E-GBX-130,Output shaft,1,42CrMo4',
      ].join('\n'),
    );
    ({ page } = await openPage(browser, takt.url));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('uploads an indented BOM, shows the diff, applies it and shows the new revision', async () => {
    await page.goto(`/items/${gearbox.id}`);
    await page.getByTestId('cad-import-open').click();
    const dialog = page.getByTestId('cad-import-dialog');
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByTestId('cad-import-preview');
    await preview.waitFor();
    const top = preview.getByTestId('cad-assembly-E2E-GBX-100');
    await expect.poll(() => top.locator('[data-change=changed]').textContent()).toContain('E2E-BOLT-M10');
    expect(await top.locator('[data-change=added]').textContent()).toContain('E2E-GBX-130');
    expect(await top.locator('[data-change=unchanged]').count()).toBe(2);
    expect(await preview.getByTestId('cad-assembly-E2E-GBX-110').textContent()).toContain('E2E-BRG-6206');
    await screenshot(page, 'cad-import-preview');

    await dialog.getByTestId('cad-import-apply').click();
    await dialog.waitFor({ state: 'detached' });
    const revisions = page.getByTestId('bom-revisions');
    await expect.poll(() => revisions.textContent()).toContain('B · draft');
    await screenshot(page, 'cad-import-applied');
    const boms = await takt.api.get<
      { revision: string; status: string; lines: { childNumber: string; quantityPer: number }[] }[]
    >(`/api/items/${gearbox.id}/boms`);
    const draft = boms.find((b) => b.revision === 'B')!;
    expect(draft.lines.map((l) => [l.childNumber, l.quantityPer])).toEqual([
      ['E2E-GBX-110', 1],
      ['E2E-GBX-120', 1],
      ['E2E-BOLT-M10', 16],
      ['E2E-GBX-130', 1],
    ]);
  }, 60_000);

  it('shows an engineering change on the applied revision with its computed impact', async () => {
    const boms = await takt.api.get<{ id: string; revision: string }[]>(`/api/items/${gearbox.id}/boms`);
    const draft = boms.find((b) => b.revision === 'B')!;
    const eco = await takt.api.post<{ id: string }>('/api/engineering-changes', {
      itemId: gearbox.id,
      title: 'Output shaft and more bolts',
      reason: 'CAD revision from design review',
      requestedBy: 'internal',
      proposedBomId: draft.id,
    });
    await page.goto(`/engineering-changes/${eco.id}`);
    await expect.poll(() => page.getByTestId('eco-impact').textContent()).toContain('E2E-GBX-130');
    expect(await page.getByTestId('eco-status').textContent()).toBe('requested');
    expect(await page.getByTestId('eco-history').textContent()).toContain('request');
    await screenshot(page, 'eco-page');
  }, 60_000);

  it('lists the bad rows of a rejected file', async () => {
    writeFileSync(badFile, 'Level,Part Number,Description,Qty\n1,X-1,ok,1\n1.1.1,X-2,skip,1\n2,X-3,zero,0\n');
    await page.goto(`/items/${gearbox.id}`);
    await page.getByTestId('cad-import-open').click();
    const dialog = page.getByTestId('cad-import-dialog');
    await dialog.locator('input[type=file]').setInputFiles(badFile);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const errors = dialog.getByTestId('cad-import-errors');
    await errors.waitFor();
    const text = await errors.textContent();
    expect(text).toContain('line 3');
    expect(text).toContain('line 4');
    await screenshot(page, 'cad-import-rejected');
  }, 60_000);
});
