import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

interface Item {
  id: string;
  name: string;
  version: number;
  standardCost: { amount: number; currency: string };
}

/** The error shown in the same input wrapper as the input named `name`, or null. */
const errorAt = (page: Page, name: string) => errorAtIn(page, 'item-edit-form', name);
const errorAtIn = (page: Page, form: string, name: string) =>
  page
    .locator(`[data-testid=${form}] [name="${name}"]`)
    .first()
    .evaluate((input) => {
      const wrapper = input.closest('.mantine-InputWrapper-root');
      return wrapper?.querySelector('.mantine-InputWrapper-error')?.textContent ?? null;
    });

describe('editing and creating items', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let item: Item;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer({ demo: false }), launchBrowser()]);
    item = await takt.api.post<Item>('/api/items', {
      number: 'E2E-EDIT-001',
      name: 'Bearing cover Ø100',
      kind: 'make',
      standardCost: { amount: 5400, currency: 'EUR' },
    });
    ({ page } = await openPage(browser, takt.url));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('shows the server’s message under the field it names', async () => {
    await page.goto(`/items/${item.id}`);
    await page.getByRole('button', { name: 'Edit item' }).click();
    const form = page.getByTestId('item-edit-form');
    await form.locator('[name=name]').fill('');
    await form.locator('[name=standardCost]').fill('-12.50');
    await form.getByRole('button', { name: 'Save' }).click();
    // one request, one problem+json: the schema reports both fields at once
    await expect.poll(() => errorAt(page, 'standardCost')).toBe('cost cannot be negative');
    expect(await errorAt(page, 'name')).toBe('a name is required');
    expect(await errorAt(page, 'uom')).toBeNull();
    expect(await form.locator('[name=name]').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'item-edit-errors');
  });

  it('saves a valid change, and the change is still there after a reload', async () => {
    const form = page.getByTestId('item-edit-form');
    await form.locator('[name=name]').fill('Bearing cover Ø100, turned');
    await form.locator('[name=standardCost]').fill('61.20');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByTestId('fact-name').textContent()).toBe('Bearing cover Ø100, turned');
    expect(await page.getByTestId('fact-standard-cost').textContent()).toContain('€61.20');
    const saved = await takt.api.get<Item>(`/api/items/${item.id}`);
    expect(saved).toMatchObject({ name: 'Bearing cover Ø100, turned', standardCost: { amount: 6120 } });
  });

  it('says the item was changed by someone else, and reloads it on request', async () => {
    await page.getByRole('button', { name: 'Edit item' }).click();
    const form = page.getByTestId('item-edit-form');
    const current = await takt.api.get<Item>(`/api/items/${item.id}`);
    await takt.api.call(
      'PATCH',
      `/api/items/${item.id}`,
      { name: 'Renamed in the office' },
      {
        'if-match': `"${current.version}"`,
      },
    );
    await form.locator('[name=name]').fill('My stale change');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('form-error').textContent())
      .toMatch(/changed by someone else.*reload/i);
    await page.getByTestId('form-error').getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => form.locator('[name=name]').inputValue()).toBe('Renamed in the office');
  });

  it('creates an item from the items list, and refuses a number that is taken next to the number', async () => {
    await page.goto('/items');
    await page.getByRole('button', { name: 'New item' }).click();
    const form = page.getByTestId('item-create-form');
    await form.locator('[name=number]').fill('E2E-EDIT-001');
    await form.locator('[name=name]').fill('Second cover');
    await form.getByRole('button', { name: 'Create item' }).click();
    await expect.poll(() => errorAtIn(page, 'item-create-form', 'number')).toMatch(/taken|unique|exists/i);

    await form.locator('[name=number]').fill('E2E-NEW-002');
    await form.getByRole('button', { name: 'Create item' }).click();
    await expect.poll(() => page.getByTestId('item-number').textContent()).toBe('E2E-NEW-002');
  });
});
