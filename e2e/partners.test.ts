import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

interface Partner {
  id: string;
  number: string;
  name: string;
}

/** The error in the same input wrapper as the input named `name` inside `form`, or null. */
const errorAt = (page: Page, form: string, name: string) =>
  page
    .locator(`[data-testid=${form}] [name="${name}"]`)
    .first()
    .evaluate(
      (input) =>
        input.closest('.mantine-InputWrapper-root')?.querySelector('.mantine-InputWrapper-error')
          ?.textContent ?? null,
    );

describe('suppliers and customers in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let supplier: Partner;
  let customer: Partner;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    // the demo plant brings suppliers (with supply terms) and customers; without it, make one each
    const suppliers = await takt.api.get<{ items: Partner[] }>('/api/suppliers?limit=1');
    supplier =
      suppliers.items[0] ??
      (await takt.api.post<Partner>('/api/suppliers', { number: 'S-E2E', name: 'E2E Stahl GmbH' }));
    const customers = await takt.api.get<{ items: Partner[] }>('/api/customers?limit=1');
    customer =
      customers.items[0] ??
      (await takt.api.post<Partner>('/api/customers', { number: 'C-E2E', name: 'E2E Maschinenbau AG' }));
    ({ page } = await openPage(browser, takt.url));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('finds a supplier, shows what it supplies, and edits it with errors at the fields', async () => {
    await page.goto('/suppliers');
    await page.getByLabel('Search suppliers').fill(supplier.number);
    await expect.poll(() => page.getByTestId('supplier-row').count()).toBe(1);
    await page.getByRole('link', { name: supplier.number }).click();
    await expect.poll(() => page.getByTestId('supplier-name').textContent()).toBe(supplier.name);
    if (takt.demoLoaded) await page.getByTestId('supply-terms').waitFor();
    await screenshot(page, 'supplier');

    await page.getByRole('button', { name: 'Edit supplier' }).click();
    const form = page.getByTestId('supplier-edit-form');
    await form.locator('[name="address.country"]').fill('D');
    await form.locator('[name="address.city"]').fill('Duisburg');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => errorAt(page, 'supplier-edit-form', 'address.country')).toMatch(/two-letter|2/);

    await form.locator('[name="address.country"]').fill('DE');
    await form.locator('[name=paymentTerms]').fill('45 days net');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByText('45 days net').count()).toBe(1);
  });

  it('shows a customer with contacts and delivery addresses', async () => {
    await page.goto('/customers');
    await page.getByRole('link', { name: customer.number }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe(customer.name);
    expect(await page.getByRole('button', { name: 'Edit customer' }).count()).toBe(1);
  });
});
