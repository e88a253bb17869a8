/**
 * The sales configurator in the browser, on the demo plant's flanged shaft: the options come
 * from the model, a configuration that breaks a rule says which and cannot be quoted, a valid
 * one is priced and promised live, and 'Create quote' makes a quote with the configured line.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

/** one CPU runs the server, the browser and the tests together: wait as long as the page does */
const patiently = { timeout: 20_000 };

const SALES = { email: 'configure@takt.test', password: 'e2e-sales-password', roles: ['sales'] };
const ITEM = 'CFG-FLANGED-SHAFT';

interface Evaluation {
  valid: boolean;
  price: { total: number; unitPrice: number };
}
interface QuoteDto {
  id: string;
  lines: {
    itemNumber: string;
    quantity: number;
    unitPrice: number;
    configuration: Record<string, unknown> | null;
  }[];
}

const choice = (page: Page, option: string, value: string) =>
  page.locator(`[data-testid=choice][data-option="${option}"][data-value="${value}"]`);
const validity = (page: Page) => page.getByTestId('configuration-validity').getAttribute('data-state');

describe('configurator in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...SALES, name: 'E2E configure' });
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('refuses a broken configuration, prices and promises a valid one, and quotes it', async () => {
    if (!takt.demoLoaded) return; // the configurable item and its model come with the demo plant
    const item = await itemByNumber(takt.api, ITEM);
    expect(item).toBeDefined();
    const sales = await openPage(browser, takt.url);
    sales.context.setDefaultTimeout(30_000);
    const page = sales.page;
    await signIn(page, SALES.email, SALES.password);
    await page.getByTestId('user-name').waitFor();

    // the navigation leads to the configurable items, and the item into its configurator
    await page.getByRole('link', { name: 'Configure', exact: true }).click();
    await page.locator(`[data-testid=configurable-item][data-number="${ITEM}"]`).getByRole('link').click();
    await expect.poll(() => new URL(page.url()).pathname, patiently).toBe(`/configure/${item!.id}`);
    await expect.poll(() => validity(page), patiently).toBe('valid');
    // options from the model: the text option shows while a flange is chosen, and hides without one
    expect(await page.locator('[data-testid=configurator-option]').count()).toBe(5);
    await choice(page, 'flange', 'none').click();
    await expect
      .poll(() => page.locator('[data-option=marking][data-testid=configurator-option]').count(), patiently)
      .toBe(0);

    await page.getByRole('combobox', { name: 'Customer' }).click();
    await page.getByRole('combobox', { name: 'Customer' }).fill('C-0001');
    await page.getByRole('option', { name: /^C-0001 / }).click();

    // a bolted flange greys out Ø60 (with the rule's reason) but lets the user pick it
    await choice(page, 'flange', 'bolted').click();
    await expect
      .poll(() => choice(page, 'diameter', '60').getAttribute('data-conflict'), patiently)
      .toBe('true');
    expect(await page.locator('[data-testid=choice-conflict][data-value="60"]').textContent()).toMatch(
      /bolted flange needs a shaft of at least Ø80/,
    );
    await choice(page, 'diameter', '60').click();
    await expect.poll(() => validity(page), patiently).toBe('invalid');
    const broken = page.locator('[data-testid=broken-rule][data-rule=bolted-needs-80]');
    await broken.first().waitFor();
    expect(await broken.first().textContent()).toBe('A bolted flange needs a shaft of at least Ø80 mm');
    // the message stands next to both options the rule reads
    expect(await page.locator('[data-option=diameter] [data-testid=broken-rule]').count()).toBe(1);
    expect(await page.locator('[data-option=flange] [data-testid=broken-rule]').count()).toBe(1);
    const createQuote = page.getByRole('button', { name: 'Create quote' });
    expect(await createQuote.isDisabled()).toBe(true);
    expect(await page.getByTestId('create-blocked').textContent()).toMatch(/breaks a rule/);
    const brokenTotal = await page.getByTestId('price-breakdown').getAttribute('data-total');
    await screenshot(page, 'configurator-invalid');

    // Ø80 makes it valid: the price follows, and the plan promises a date for this configuration
    const expected = await takt.api.post<Evaluation>(`/api/items/${item!.id}/configure`, {
      values: { length_mm: 1000, diameter: 80, flange: 'bolted', finish: 'primed', marking: '' },
      quantity: 1,
    });
    expect(expected.valid).toBe(true);
    await choice(page, 'diameter', '80').click();
    await expect.poll(() => validity(page), patiently).toBe('valid');
    await expect
      .poll(() => page.getByTestId('price-breakdown').getAttribute('data-total'), patiently)
      .toBe(String(expected.price.total));
    expect(String(expected.price.total)).not.toBe(brokenTotal);
    const promise = page.locator('[data-testid=configured-promise][data-settled=true]');
    await expect
      .poll(() => promise.getAttribute('data-promised-date'), patiently)
      .toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('promise-explanation').textContent()).toMatch(/\w{5,}/);
    expect(await page.getByTestId('on-time').textContent()).toMatch(/\d+ %/);
    expect(await page.getByTestId('configured-margin').getAttribute('data-margin')).toMatch(/^-?\d/);
    expect(await createQuote.isDisabled()).toBe(false);
    await screenshot(page, 'configurator-valid');

    await createQuote.click();
    await expect.poll(() => new URL(page.url()).pathname, patiently).toMatch(/^\/quotes\/[0-9a-f-]{36}$/);
    const row = page.locator('[data-testid=quote-line-row][data-line="10"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(ITEM);
    expect(await row.getByTestId('line-quantity').textContent()).toBe('1');
    const quoteId = new URL(page.url()).pathname.split('/').pop()!;
    const saved = await takt.api.get<QuoteDto>(`/api/quotes/${quoteId}`);
    expect(saved.lines).toHaveLength(1);
    expect(saved.lines[0].unitPrice).toBe(expected.price.unitPrice);
    expect(saved.lines[0].configuration).toMatchObject({ flange: 'bolted', diameter: 80, length_mm: 1000 });
    await screenshot(page, 'configured-quote');
    expect(sales.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    await sales.context.close();
  });
});
