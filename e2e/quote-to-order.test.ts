/**
 * Quote to order in the browser, on the demo plant: a sales user quotes the drive unit with the
 * plan's promise and the preliminary cost shown while the line is filled in, saves and sends the
 * quote, revises the quantity (revision 2 appears, revision 1 is superseded), accepts it into a
 * draft order, confirms that, reads its cost, previews and applies a quantity change (jobs are
 * cancelled and planned anew) and finally previews and applies a cancellation.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { DRIVE_UNIT } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const SALES = { email: 'quotes@takt.test', password: 'e2e-quotes-password', roles: ['sales'] };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Picks an option of a searchable select by typing into it. */
async function pick(page: Page, input: Locator, text: string, option: RegExp) {
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: option }).click();
}

const idInPath = (page: Page) => new URL(page.url()).pathname.split('/')[2];

describe('quote to order in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...SALES, name: 'E2E quotes' });
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('quotes with a live promise and margin, revises, accepts, confirms, changes and cancels the order', async () => {
    if (!takt.demoLoaded) return; // the drive unit, its structure and its costs come with the demo plant
    const sales = await openPage(browser, takt.url);
    // saving promises the lines; confirming and changing plan the order: give a busy machine time
    sales.context.setDefaultTimeout(30_000);
    const page = sales.page;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, SALES.email, SALES.password);
    await page.getByTestId('user-name').waitFor();

    // a new quote: the promise and the margin show while the line is filled in
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Quotes', exact: true })
      .click();
    await page.getByRole('button', { name: 'New quote' }).click();
    const form = page.getByTestId('quote-form');
    await pick(page, page.getByRole('combobox', { name: 'Customer' }), 'C-0001', /^C-0001 /);
    await form.locator('[name=customerReference]').fill('E2E RFQ 815');
    await form.locator('[name=validUntil]').fill(inDays(20));
    await pick(page, form.locator('input[aria-label="Item of line 1"]'), DRIVE_UNIT, /^AS-DRIVE-080 /);
    await form.locator('[name="lines.0.quantity"]').fill('2');
    await form.locator('[name="lines.0.unitPrice"]').fill('6000');
    const requested = inDays(30);
    await form.locator('[name="lines.0.requestedDate"]').fill(requested);
    const live = form.locator(
      `[data-testid=live-promise][data-line="10"][data-requested-date="${requested}"]`,
    );
    await expect.poll(() => live.getAttribute('data-promised-date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await live.textContent()).toMatch(/P50.*P90.*on time.*preliminary cost/);
    expect(await live.getByTestId('live-margin').getAttribute('data-margin')).toMatch(/^-?\d+(\.\d+)?$/);
    await screenshot(page, 'quote-form-promise');

    await form.getByRole('button', { name: 'Save quote' }).click();
    await expect
      .poll(() => page.getByTestId('quote-status').first().getAttribute('data-status'))
      .toBe('draft');
    const quoteNumber = (await page.getByTestId('quote-number').textContent())!;
    expect(quoteNumber).toMatch(/^Q-\d{6}$/);
    expect(await page.getByTestId('quote-revision').getAttribute('data-revision')).toBe('1');
    const firstRevision = idInPath(page);
    const line = page.locator('[data-testid=quote-line-row][data-line="10"]');
    expect(await line.getByTestId('line-promised-date').textContent()).toMatch(/\d{1,2} \w{3} \d{4}/);
    expect((await line.getByTestId('line-explanation').textContent())!.length).toBeGreaterThan(10);
    expect(await line.getByTestId('line-cost').textContent()).toMatch(/€/);
    const margin = Number(await page.getByTestId('quote-margin').getAttribute('data-margin'));
    expect(Number.isFinite(margin)).toBe(true);
    // one line: the quote's margin is the line's (the server rounds it, the page sums it)
    const lineMargin = Number(await line.getByTestId('line-margin').getAttribute('data-margin'));
    expect(Math.abs(lineMargin - margin)).toBeLessThan(0.2);

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('quote-status').first().getAttribute('data-status'))
      .toBe('sent');

    // revise: the editor comes prefilled; a new quantity makes revision 2 and supersedes revision 1
    await page.getByRole('button', { name: 'Revise', exact: true }).click();
    const revision = page.getByTestId('quote-form');
    await expect.poll(() => revision.locator('[name="lines.0.quantity"]').inputValue()).toBe('2');
    await revision.locator('[name="lines.0.quantity"]').fill('3');
    await revision.getByRole('button', { name: 'Save revision 2' }).click();
    await expect.poll(() => page.getByTestId('quote-revision').getAttribute('data-revision')).toBe('2');
    expect(idInPath(page)).not.toBe(firstRevision);
    expect(await page.getByTestId('quote-status').first().getAttribute('data-status')).toBe('draft');
    expect(await line.getByTestId('line-quantity').textContent()).toBe('3');
    const revisions = page.getByTestId('quote-revisions');
    await expect
      .poll(() =>
        revisions.locator('[data-testid=quote-revision-row][data-revision="1"]').getAttribute('data-status'),
      )
      .toBe('superseded');
    await screenshot(page, 'quote-revised');

    // accept: a draft sales order with the quoted line, which is then confirmed
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.waitForURL(/\/sales-orders\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByTestId('order-status').first().getAttribute('data-status'))
      .toBe('draft');
    expect(
      await page
        .locator('[data-testid=order-line-row][data-line="10"]')
        .getByTestId('line-quantity')
        .textContent(),
    ).toBe('3');
    await page.getByRole('button', { name: 'Confirm order' }).click();
    await page.getByTestId('confirm-result').waitFor();
    expect(await page.getByTestId('order-status').first().getAttribute('data-status')).toBe('confirmed');

    // the cost panel: the preliminary estimate carried over from the quote, with its margin
    const preliminary = page.locator('[data-testid=cost-stage][data-stage=preliminary]');
    await expect.poll(async () => Number(await preliminary.getAttribute('data-total'))).toBeGreaterThan(0);
    expect(await page.getByTestId('margin-preliminary').getAttribute('data-margin')).toMatch(/^-?\d/);
    await page.getByTestId('supply-row').first().waitFor();

    // change the quantity: the preview lists the jobs it cancels and plans, then it is applied
    await page.getByRole('button', { name: 'Change line' }).click();
    const change = page.getByRole('dialog');
    await change.locator('[name=quantity]').fill('4');
    await change.getByRole('button', { name: 'Preview impact' }).click();
    await change.getByTestId('order-impact').waitFor();
    expect(await change.getByTestId('impact-cancelled-job').count()).toBeGreaterThan(0);
    expect(await change.getByTestId('impact-created-job').count()).toBeGreaterThan(0);
    expect(await change.getByTestId('impact-others').textContent()).toMatch(/No other order moves/);
    expect(await change.getByTestId('impact-line').getAttribute('data-before')).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await screenshot(page, 'order-change-impact');
    await change.getByRole('button', { name: 'Apply change' }).click();
    await change.waitFor({ state: 'detached' });
    expect(await page.getByTestId('impact-result').textContent()).toMatch(/^Changed SO-\d{6}/);
    await expect
      .poll(() =>
        page
          .locator('[data-testid=order-line-row][data-line="10"]')
          .getByTestId('line-quantity')
          .textContent(),
      )
      .toBe('4');

    // cancel: the preview lists the jobs to cancel; cancelling applies exactly that
    await page.getByRole('button', { name: 'Cancel order' }).click();
    const cancel = page.getByRole('dialog');
    await cancel.getByTestId('order-impact').waitFor();
    expect(await cancel.getByTestId('impact-cancelled-job').count()).toBeGreaterThan(0);
    expect(await cancel.getByTestId('impact-line').getAttribute('data-after')).toBe('');
    await cancel.getByRole('button', { name: 'Cancel order' }).click();
    await cancel.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('order-status').first().getAttribute('data-status'))
      .toBe('cancelled');
    expect(await page.getByTestId('impact-result').textContent()).toMatch(/^Cancelled SO-\d{6}/);
    await screenshot(page, 'order-cancelled');

    await sales.context.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
