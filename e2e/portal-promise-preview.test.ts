/**
 * The portal's live promise in the browser: a customer of C-0001 picks a standard product and
 * sees the delivery our plan could promise before asking (loading, then P50/P90), a readable
 * note while the quantity is missing and the server's reason for a date in the past; the price
 * it was last given shows with the product. Once sales sends the request, sales still sees it
 * came from the portal in the quote list, and so does the customer in its quotes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { DRIVE_UNIT, itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  signedInClient,
  startTaktServer,
  type TaktTestServer,
} from './support/takt-server';

const patiently = { timeout: 20_000 };
const CUSTOMER_USER = { email: 'buyer@preview.test', password: 'e2e-preview-password', name: 'Pia Preview' };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('live promise in the customer portal', () => {
  let takt: TaktTestServer;
  let browser: Browser;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    const customers = await takt.api.get<{ items: { id: string; number: string }[] }>(
      '/api/customers?limit=50',
    );
    const c1 = customers.items.find((c) => c.number === 'C-0001')!;
    await takt.api.post('/api/users', { ...CUSTOMER_USER, roles: ['customer'], customerId: c1.id });
    // a price the customer was given before: the portal shows it with the product
    const drive = (await itemByNumber(takt.api, DRIVE_UNIT))!;
    const offer = await takt.api.post<{ id: string; version: number }>('/api/quotes', {
      customerId: c1.id,
      lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(30), unitPrice: 252_500 }],
    });
    await takt.api.post(`/api/quotes/${offer.id}/send`, { version: offer.version });
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('previews the promise while the request is filled in, and keeps the portal origin once sent', async () => {
    if (!takt.demoLoaded) return;
    const customer = await openPage(browser, takt.url);
    customer.context.setDefaultTimeout(20_000);
    const page = customer.page;
    await signIn(page, CUSTOMER_USER.email, CUSTOMER_USER.password);
    await page.getByTestId('user-name').waitFor();
    await page.goto('/portal/request');
    const item = page.locator(`[data-testid=portal-item][data-number="${DRIVE_UNIT}"]`);
    expect(await item.getByTestId('portal-item-price').textContent()).toContain('2,525.00');
    await item.click();
    expect(await page.getByTestId('chosen-item-price').textContent()).toContain('2,525.00');

    const preview = page.getByTestId('promise-preview');
    await expect.poll(() => preview.getAttribute('data-state'), patiently).toBe('ready');
    const p90 = await preview.getByTestId('indicative-promise').getAttribute('data-p90');
    expect(Date.parse(p90!)).toBeGreaterThan(Date.now());
    expect(await preview.getByTestId('preview-promised-date').textContent()).toMatch(
      /we could offer .*\d{4}/,
    );
    await screenshot(page, 'portal-promise-preview');

    await page.locator('input[name=quantity]').fill('');
    await expect.poll(() => preview.getAttribute('data-state'), patiently).toBe('waiting');
    expect(await preview.textContent()).toContain('Enter how many you need');
    await page.locator('input[name=quantity]').fill('4');
    await expect.poll(() => preview.getAttribute('data-state'), patiently).toBe('ready');

    await page.locator('input[name=requestedDate]').fill(inDays(-5));
    await expect.poll(() => preview.getAttribute('data-state'), patiently).toBe('invalid');
    expect(await preview.getByTestId('promise-preview-error').textContent()).toContain('is in the past');
    await screenshot(page, 'portal-promise-preview-invalid');
    await page.locator('input[name=requestedDate]').fill(inDays(35));
    await expect.poll(() => preview.getAttribute('data-state'), patiently).toBe('ready');
    const offered = await preview.locator('[data-promised-date]').getAttribute('data-promised-date');

    await page.getByTestId('ask-for-quote').click();
    const answer = page.getByTestId('quote-requested');
    await answer.waitFor();
    const number = (await answer.getAttribute('data-number'))!;
    expect(await answer.getByTestId('requested-promised-date').textContent()).toBeTruthy();

    // sales sends it: the status moves on, the origin stays
    const asCustomer = await signedInClient(takt.url, CUSTOMER_USER.email, CUSTOMER_USER.password);
    const mine = await asCustomer.get<{
      items: { id: string; number: string; lines: { promisedDate: string }[] }[];
    }>('/api/portal/quotes');
    const requested = mine.items.find((q) => q.number === number)!;
    expect(requested.lines[0].promisedDate).toBe(offered);
    const full = await takt.api.get<{ id: string; version: number }>(`/api/quotes/${requested.id}`);
    await takt.api.post(`/api/quotes/${full.id}/send`, { version: full.version });

    await page.goto('/portal/quotes');
    const card = page.locator(`[data-testid=portal-quote][data-number="${number}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('sent');
    expect(await card.getByTestId('portal-origin').textContent()).toContain('you asked for it here');
    expect(customer.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    await customer.context.close();

    const office = await openPage(browser, takt.url);
    office.context.setDefaultTimeout(20_000);
    await signIn(office.page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await office.page.getByTestId('user-name').waitFor();
    await office.page.goto(`/quotes?q=${number}`);
    const row = office.page.locator(`[data-testid=quote-row][data-number="${number}"]`);
    await row.waitFor();
    expect(await row.getByTestId('quote-status').getAttribute('data-status')).toBe('sent');
    expect(await row.getByTestId('portal-origin').textContent()).toBe('from portal');
    await screenshot(office.page, 'quotes-portal-origin');
    expect(office.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    await office.context.close();
  });
});
