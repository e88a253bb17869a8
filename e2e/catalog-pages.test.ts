import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { CHAIN, DRIVE_UNIT, driveUnitChain } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

/** Item numbers of the BOM rows on screen, top to bottom. */
const bomNumbers = (page: Page) =>
  page.locator('[data-testid=bom-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));
const bomRow = (page: Page, number: string) =>
  page.locator(`[data-testid=bom-row][data-number="${number}"]`).first();

describe('catalog pages in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let ids: Record<string, string>;
  const problems: string[] = [];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    ids = await driveUnitChain(takt.api);
    const opened = await openPage(browser, takt.url);
    page = opened.page;
    opened.page.on('pageerror', (e) => problems.push(e.message));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('finds an item through the debounced search of the items list', async () => {
    await page.goto('/items');
    await page.getByTestId('items-table').waitFor();
    await screenshot(page, 'items');
    await page.getByLabel('Search items').fill(DRIVE_UNIT);
    await page.waitForURL(/q=AS-DRIVE-080/);
    await expect.poll(() => page.getByTestId('items-table').locator('tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: DRIVE_UNIT }).click();
    await page.waitForURL(`**/items/${ids[DRIVE_UNIT]}`);
    await expect.poll(() => page.getByTestId('item-number').textContent()).toBe(DRIVE_UNIT);
  });

  it('expands and collapses the multi-level BOM down to a level-3 component', async () => {
    await bomRow(page, CHAIN[1]).waitFor();
    // at first the item and its direct components: the level-3 forged blank is folded away
    expect(await bomNumbers(page)).toContain(CHAIN[1]);
    expect(await bomNumbers(page)).not.toContain(CHAIN[2]);
    await screenshot(page, 'item-page');

    await page
      .getByRole('button', { name: `Expand ${CHAIN[1]}` })
      .first()
      .click();
    await page
      .getByRole('button', { name: `Expand ${CHAIN[2]}` })
      .first()
      .click();
    const level3 = bomRow(page, CHAIN[3]);
    await level3.waitFor();
    expect(await level3.getAttribute('data-level')).toBe('3');
    expect(await bomNumbers(page)).not.toContain(CHAIN[4]); // level 4 stays folded

    await page
      .getByRole('button', { name: `Collapse ${CHAIN[1]}` })
      .first()
      .click();
    await expect.poll(() => bomNumbers(page)).not.toContain(CHAIN[3]);

    await page.getByRole('button', { name: 'Expand all' }).click();
    await bomRow(page, CHAIN[4]).waitFor();
    expect(await bomRow(page, CHAIN[4]).getAttribute('data-level')).toBe('4');
    await screenshot(page, 'bom-tree');

    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect.poll(() => bomNumbers(page)).toEqual([DRIVE_UNIT]);
  });

  it('shows where a component is used, on every level up', async () => {
    await page.goto(`/items/${ids[CHAIN[3]]}?tab=where-used`);
    const rows = page.getByTestId('where-used-row');
    await rows.first().waitFor();
    const used = await rows.evaluateAll((r) =>
      r.map((row) => `${row.getAttribute('data-level')} ${row.getAttribute('data-number')}`),
    );
    expect(used).toEqual(expect.arrayContaining([`1 ${CHAIN[2]}`, `2 ${CHAIN[1]}`, `3 ${DRIVE_UNIT}`]));
  });

  it('shows the routing and a work center with its calendar week and setup matrix', async () => {
    if (!takt.demoLoaded) return; // routings and work centers come with the demo plant
    await page.goto(`/items/${ids[DRIVE_UNIT]}?tab=routing`);
    const routing = page.getByTestId('routing');
    await routing.waitFor();
    expect(await routing.locator('tbody tr').count()).toBeGreaterThan(0);

    await page.goto('/work-centers');
    await page.getByLabel('Search work centers').fill('FP16');
    await expect.poll(() => page.getByTestId('work-center-row').count()).toBe(1);
    await page.getByRole('link', { name: 'FP16' }).click();
    await page.getByTestId('working-time-week').waitFor();
    await expect.poll(() => page.getByTestId('working-interval').count()).toBeGreaterThan(0);
    await page.getByTestId('setup-matrix').waitFor();
    await screenshot(page, 'work-center');

    // a planner's edit: the rule broken shows at its field, then a valid value is kept
    await page.getByRole('button', { name: 'Edit work center' }).click();
    const form = page.getByTestId('work-center-edit-form');
    await form.locator('[name=machines]').fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() =>
        form
          .locator('[name=machines]')
          .evaluate(
            (i) =>
              i.closest('.mantine-InputWrapper-root')?.querySelector('.mantine-InputWrapper-error')
                ?.textContent,
          ),
      )
      .toBe('at least one machine');
    await form.locator('[name=machines]').fill('2');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByTestId('fact-machines').textContent()).toBe('2');
    expect(problems).toEqual([]);
  });
});
