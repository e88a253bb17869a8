import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

interface Bom {
  revision: string;
  status: string;
  lines: { childNumber: string; quantityPer: number }[];
}
interface Calendar {
  shifts: { weekday: number; start: string; end: string }[];
}

/** Picks an item in the searchable select of a BOM line by typing its number. */
async function pickItem(page: Page, line: number, number: string) {
  const input = page.locator(`input[aria-label="Item of line ${line}"]`);
  await input.click();
  await input.fill(number);
  await page.getByRole('option', { name: new RegExp(`^${number} `) }).click();
}

/** Chooses an option of a (non-searchable) Mantine select by its label. */
async function choose(page: Page, label: string, option: string) {
  await page.locator(`input[aria-label="${label}"]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('editing master data in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    const opened = await openPage(browser, takt.url);
    page = opened.page;
    page.on('pageerror', (e) => problems.push(e.message));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('refuses a BOM line that would make the structure circular, and names the path above the table', async () => {
    if (!takt.demoLoaded) return; // the structure comes with the demo plant
    const blank = (await itemByNumber(takt.api, 'FG-SHAFT-080'))!;
    await page.goto(`/items/${blank.id}?tab=bom`);
    await page.getByTestId('bom-draft').getByRole('button', { name: 'New draft revision' }).click();
    const form = page.getByTestId('bom-lines-form');
    await expect.poll(() => form.getByTestId('bom-edit-line').count()).toBe(1); // from revision A
    await form.getByRole('button', { name: 'Add line' }).click();
    // the forged blank would contain the drive unit that (four levels down) contains the blank
    await pickItem(page, 2, 'AS-DRIVE-080');
    await form.getByRole('button', { name: 'Save lines' }).click();
    const alert = form.getByTestId('form-error');
    await expect
      .poll(() => alert.textContent())
      .toMatch(/circular: FG-SHAFT-080 → AS-DRIVE-080 → .*→ FG-SHAFT-080/);
    expect(await alert.getAttribute('data-cycle')).toMatch(/^FG-SHAFT-080 → AS-DRIVE-080 → /);
    await screenshot(page, 'bom-edit');
    // nothing was written: the draft still has its one line
    const boms = await takt.api.get<Bom[]>(`/api/items/${blank.id}/boms`);
    expect(boms.find((b) => b.status === 'draft')?.lines.map((l) => l.childNumber)).toEqual([
      'RM-42CRMO4-080',
    ]);
  });

  it('edits a BOM draft, releases it, and the tree shows the new revision', async () => {
    if (!takt.demoLoaded) return;
    const rod = (await itemByNumber(takt.api, 'AS-CYLROD-060'))!;
    await page.goto(`/items/${rod.id}?tab=bom`);
    await page.locator('[data-testid=bom-row][data-number="NUT-M48"]').waitFor();
    await page.getByTestId('bom-draft').getByRole('button', { name: 'New draft revision' }).click();
    const form = page.getByTestId('bom-lines-form');
    await expect.poll(() => form.getByTestId('bom-edit-line').count()).toBe(6);
    await form.locator('[name="lines.2.quantityPer"]').fill('2');
    await form.getByRole('button', { name: 'Add line' }).click();
    await pickItem(page, 7, 'WASHER-16');
    await form.locator('[name="lines.6.quantityPer"]').fill('4');
    await form.locator('[name="lines.6.operationNumber"]').fill('020');
    await form.getByRole('button', { name: 'Save lines' }).click();
    await form.waitFor({ state: 'detached' });
    await page.locator('[data-testid=bom-draft-line][data-number="WASHER-16"]').waitFor();

    await page.getByRole('button', { name: 'Release B' }).click();
    const washer = page.locator('[data-testid=bom-row][data-number="WASHER-16"]');
    await washer.waitFor();
    expect(await washer.getAttribute('data-level')).toBe('1');
    await expect.poll(() => page.getByTestId('bom-revisions').textContent()).toMatch(/B · released/);
    expect(await page.getByTestId('bom-revisions').textContent()).toMatch(/A · obsolete/);
    const root = page.locator('[data-testid=bom-row][data-level="0"]');
    expect(await root.textContent()).toContain('B');
    const boms = await takt.api.get<Bom[]>(`/api/items/${rod.id}/boms`);
    const released = boms.find((b) => b.status === 'released')!;
    expect(released.revision).toBe('B');
    expect(released.lines.find((l) => l.childNumber === 'NUT-M48')?.quantityPer).toBe(2);
    expect(released.lines.find((l) => l.childNumber === 'WASHER-16')?.quantityPer).toBe(4);
  });

  it('shows an overlapping shift at its row, then keeps a valid change of the calendar', async () => {
    if (!takt.demoLoaded) return;
    const workCenters = await takt.api.get<{ items: { id: string; code: string; calendarId: string }[] }>(
      '/api/work-centers?q=FP16',
    );
    const fp16 = workCenters.items.find((wc) => wc.code === 'FP16')!;
    // a week without holidays; its Saturday does not work on two shifts Mon–Fri
    await page.goto(`/work-centers/${fp16.id}?week=2026-06-08`);
    const saturday = page.locator('[data-testid="day-2026-06-13"] [data-testid=working-interval]');
    await page.locator('[data-testid="day-2026-06-12"] [data-testid=working-interval]').first().waitFor();
    expect(await saturday.count()).toBe(0);

    await page.getByRole('button', { name: 'Edit calendar' }).click();
    const form = page.getByTestId('calendar-edit-form');
    const rows = form.getByTestId('shift-row');
    await expect.poll(() => rows.count()).toBe(10);
    await form.getByRole('button', { name: 'Add shift' }).click();
    // Monday 12:00–16:00 overlaps Monday's early shift (06:00–14:00)
    await form.locator('[name="shifts.10.start"]').fill('12:00');
    await form.locator('[name="shifts.10.end"]').fill('16:00');
    await form.getByRole('button', { name: 'Save calendar' }).click();
    await expect.poll(() => rows.nth(10).getAttribute('data-invalid')).toBe('true');
    // it overlaps both Monday shifts: each overlap is shown once, at the later-starting shift
    const errors = form.getByTestId('shift-row-error');
    await expect
      .poll(() => errors.allTextContents())
      .toEqual([
        'shift 2 (Mon 14:00–22:00) overlaps shift 11 (Mon 12:00–16:00)',
        'shift 11 (Mon 12:00–16:00) overlaps shift 1 (Mon 06:00–14:00)',
      ]);
    expect(await rows.nth(1).getAttribute('data-invalid')).toBe('true');
    expect(await rows.nth(0).getAttribute('data-invalid')).toBeNull();
    await screenshot(page, 'calendar-edit-overlap');

    await choose(page, 'Day of shift 11', 'Sat');
    await form.locator('[name="shifts.10.start"]').fill('06:00');
    await form.locator('[name="shifts.10.end"]').fill('12:00');
    await form.getByRole('button', { name: 'Save calendar' }).click();
    await form.waitFor({ state: 'detached' });
    // the week view asks again, and Saturday now works
    await expect.poll(() => saturday.count()).toBe(1);
    await page.reload();
    await page.locator('[data-testid=shift-day][data-weekday=Sat]').waitFor();
    expect(await page.locator('[data-testid=shift-day][data-weekday=Sat]').textContent()).toContain(
      '06:00–12:00',
    );
    const calendar = await takt.api.get<Calendar>(`/api/calendars/${fp16.calendarId}`);
    expect(calendar.shifts).toContainEqual({ weekday: 6, start: '06:00', end: '12:00' });
    expect(calendar.shifts).toHaveLength(11);
    expect(problems).toEqual([]);
  });
});
