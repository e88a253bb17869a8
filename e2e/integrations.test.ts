/**
 * The integrations page in the browser: the admin subscribes a real local receiver, sees the
 * secret once, sends a test event, and watches the server's own delivery worker (on its
 * interval, as in production) deliver it, signed with that secret; then redelivers it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestReceiver,
  type TestReceiver,
} from '../apps/server/src/modules/integration/webhook-test-receiver';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

describe('integrations in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let receiver: TestReceiver;
  let page: Page;

  beforeAll(async () => {
    [takt, browser, receiver] = await Promise.all([
      startTaktServer({ demo: false }),
      launchBrowser(),
      startTestReceiver(),
    ]);
    ({ page } = await openPage(browser, takt.url));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('user-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await takt?.close();
  });

  it('subscribes a receiver, shows the secret once, and a test event reaches it signed', async () => {
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Integrations' }).click();
    await page.waitForURL(/\/admin\/integrations$/);
    await page.getByRole('button', { name: 'New webhook' }).click();

    const form = page.getByTestId('webhook-create-form');
    await form.locator('[name=name]').fill('ERP confirmations');
    await form.locator('[name=url]').fill('not a url');
    await form.getByRole('button', { name: 'Create webhook' }).click();
    await expect
      .poll(() =>
        form
          .locator('[name=url]')
          .evaluate(
            (input) =>
              input.closest('.mantine-InputWrapper-root')?.querySelector('.mantine-InputWrapper-error')
                ?.textContent ?? null,
          ),
      )
      .toMatch(/URL/);
    await form.locator('[name=url]').fill(receiver.url);
    await form.getByRole('button', { name: 'Create webhook' }).click();

    const secret = (await page.getByTestId('webhook-secret-value').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('webhook-row').count()).toBe(1);
    // the secret is not shown again
    await expect.poll(() => page.getByText(secret).count()).toBe(0);

    const log = page.getByTestId('delivery-log');
    await log.getByRole('button', { name: 'Send test event' }).click();
    // the server's worker runs every 2 s: the delivery goes from pending to delivered by itself
    await expect
      .poll(() => log.getByTestId('delivery-status').first().textContent(), { timeout: 20_000 })
      .toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.json.type).toBe('webhook.ping');
    expect(receiver.verifies(request, secret)).toBe(true);
    await expect
      .poll(() => page.getByTestId('webhook-row').textContent(), { timeout: 10_000 })
      .toContain('1 delivered');
    await screenshot(page, 'integrations');

    await log.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => log.getByTestId('delivery-row').count()).toBe(2);
    await expect
      .poll(() => log.locator('[data-testid=delivery-row][data-status=delivered]').count(), {
        timeout: 20_000,
      })
      .toBe(2);
    expect(receiver.received.map((r) => r.headers['takt-event-id'])).toEqual([
      request.json.id,
      request.json.id,
    ]);
  });
});
