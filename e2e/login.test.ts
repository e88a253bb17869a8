import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import {
  ADMIN_EMAIL,
  ADMIN_NAME,
  ADMIN_PASSWORD,
  startTaktServer,
  type TaktTestServer,
} from './support/takt-server';

describe('signing in', () => {
  let takt: TaktTestServer;
  let browser: Browser;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer({ demo: false }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('refuses a wrong password with a readable message and stays on the login page', async () => {
    const { page, context } = await openPage(browser, takt.url);
    await signIn(page, ADMIN_EMAIL, 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Wrong email or password.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('shows the shell with the user name after signing in, and signs out again', async () => {
    const { page, context, problems } = await openPage(browser, takt.url);
    await page.goto('/items');
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('input[name=email]').fill(ADMIN_EMAIL);
    await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(ADMIN_NAME);
    expect(new URL(page.url()).pathname).toBe('/items');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => nav.getByRole('link', { name: 'Users' }).count()).toBe(1);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/items');
    await page.waitForURL(/\/login\?redirect=/);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    await context.close();
  });

  it('hides what a role may not read, and edit buttons where it may not write', async () => {
    // the admin creates the sales user on the users page
    const admin = await openPage(browser, takt.url);
    await signIn(admin.page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.page.getByTestId('user-name').waitFor();
    await admin.page.goto('/admin/users');
    await admin.page.getByRole('button', { name: 'New user' }).click();
    const form = admin.page.getByTestId('user-create-form');
    await form.locator('[name=name]').fill('Sam Sales');
    await form.locator('[name=email]').fill('sales@takt.test');
    await form.locator('[name=password]').fill('sales-password');
    await form.getByLabel('Roles').focus();
    await admin.page.keyboard.press('ArrowDown');
    await admin.page.getByRole('option', { name: 'sales', exact: true }).click();
    await form.locator('[name=name]').click(); // closes the roles dropdown that covers the buttons
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => admin.page.getByTestId('user-row').count()).toBe(2);
    await admin.context.close();

    const { page, context } = await openPage(browser, takt.url);
    await signIn(page, 'sales@takt.test', 'sales-password');
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Sam Sales');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => nav.getByRole('link', { name: 'Customers' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);

    // sales may read items but not change them: the item page shows no edit button
    const item = await takt.api.post<{ id: string }>('/api/items', {
      number: 'E2E-RO-1',
      name: 'Read only',
      kind: 'buy',
    });
    await page.goto(`/items/${item.id}`);
    await expect.poll(() => page.getByTestId('item-number').textContent()).toBe('E2E-RO-1');
    expect(await page.getByRole('button', { name: 'Edit item' }).count()).toBe(0);
    await context.close();
  });
});
