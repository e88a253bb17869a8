/**
 * What the plan says about itself, in the browser, on the demo plant with a confirmed order: the
 * pegging tree opened from the order page (the bar stock's requisition under the job), the
 * shortage of that bar stock, one MRP exception answered with a click and a confirmation, a
 * supplier's later date entered on a purchase order, and the KPI page drawing its charts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const PLANNER = { email: 'planner@takt.test', password: 'e2e-planner-password', roles: ['planner'] };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('planning insight in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let order: { id: string; number: string; version: number };

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...PLANNER, name: 'E2E planner' });
    const rod = await itemByNumber(takt.api, 'FG-ROD-060');
    const customers = await takt.api.get<{ items: { id: string }[] }>('/api/customers?limit=1');
    order = await takt.api.post('/api/sales-orders', {
      customerId: customers.items[0].id,
      lines: [{ itemId: rod!.id, quantity: 4, requestedDate: inDays(20), unitPrice: 20_000 }],
    });
    await takt.api.post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('opens the pegging tree from the order, lists the shortage, answers an exception and draws the KPIs', async () => {
    if (!takt.demoLoaded) return;
    const { page, problems, context } = await openPage(browser, takt.url);
    context.setDefaultTimeout(20_000);
    await signIn(page, PLANNER.email, PLANNER.password);
    await page.getByTestId('user-name').waitFor();

    // pegging down, from the order page
    await page.goto(`/sales-orders/${order.id}`);
    await page.getByRole('link', { name: /Open the pegging tree/ }).click();
    await page.waitForURL(/\/planning\/pegging/);
    const job = page.locator('[data-testid=pegging-node][data-kind=job][data-depth="0"]');
    await expect.poll(() => job.count()).toBe(1);
    const material = page.locator(
      '[data-testid=pegging-node][data-kind=purchase-requisition][data-depth="1"]',
    );
    await expect.poll(() => material.count()).toBeGreaterThan(0);
    await screenshot(page, 'planning-pegging-down');

    // up from the job, by its page
    await job.getByRole('link', { name: /^JOB-/ }).click();
    await page.waitForURL(/\/jobs\//);
    await page.getByTestId('pegging-link').click();
    await expect.poll(() => page.getByTestId('served-line').count()).toBe(1);
    expect(await page.getByTestId('served-line').getAttribute('data-order')).toBe(order.number);
    await screenshot(page, 'planning-pegging-up');

    // the bar stock is only requisitioned: a shortage hitting the order, with what could solve it
    await page.getByRole('link', { name: 'Shortages' }).click();
    await page.waitForURL(/\/planning\/shortages/);
    // (the demo project's placeholders are short for its order as well)
    const shortage = page.getByTestId('shortage').filter({ hasText: order.number }).first();
    await shortage.waitFor();
    expect(await shortage.getByTestId('shortage-line').allTextContents()).toContainEqual(
      expect.stringContaining(order.number),
    );
    expect(
      await shortage.locator('[data-testid=solution][data-kind=purchase-requisition]').count(),
    ).toBeGreaterThan(0);
    await screenshot(page, 'planning-shortages');

    // the buyer orders the requisitions; MRP now has purchase order lines to bring forward
    await takt.api.post('/api/requisitions/order', {});
    await page.getByRole('link', { name: 'MRP exceptions' }).click();
    await page.waitForURL(/\/planning\/exceptions/);
    const row = page.locator('[data-testid=exception][data-supply-kind=purchase-order-line]').filter({
      has: page.getByTestId('action-expedite'),
    });
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    const before = await page.getByTestId('exception').count();
    await row.first().getByTestId('action-expedite').click();
    await page.getByTestId('confirm-action').waitFor();
    await screenshot(page, 'planning-exception-confirm');
    await page.getByTestId('confirm-action-button').click();
    const result = page.getByTestId('action-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/PO-\d+\/\d+: due /);
    await expect.poll(() => page.getByTestId('exception').count()).toBeLessThan(before);
    await screenshot(page, 'planning-exceptions');

    // the supplier confirms a later date for a purchase order line: the plan waits for it, the page says so
    const [po] = (await takt.api.get<{ items: { id: string }[] }>('/api/purchase-orders?limit=1')).items;
    await page.goto(`/purchase-orders/${po.id}`);
    await page.getByTestId('supplier-date-action').first().click();
    const date = page.locator('[data-testid=supplier-date-form] input[name=confirmedDate]');
    await date.fill(inDays(150));
    await page.getByRole('button', { name: 'Confirm date and re-plan' }).click();
    await page.getByTestId('supplier-date-result').waitFor();
    expect(await page.getByTestId('supplier-date-result').textContent()).toMatch(/^Late: expected/);

    // KPIs: the figures and four charts over time
    await page.getByRole('link', { name: 'KPIs' }).click();
    await page.waitForURL(/\/planning\/kpis/);
    for (const chart of ['on-time', 'lead-time', 'wip', 'utilisation'])
      await page.locator(`[data-testid=kpi-chart-${chart}][data-rendered=true]`).waitFor();
    expect(Number(await page.getByTestId('kpi-chart-wip').getAttribute('data-points'))).toBeGreaterThan(0);
    await screenshot(page, 'planning-kpis');
    expect(problems.filter((p) => p.startsWith('page error'))).toEqual([]);
  }, 180_000);
});
