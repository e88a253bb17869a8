/**
 * The customer portal in the browser: a user of customer C-0001 signs in, lands on its orders
 * and sees its confirmed order with the promised date, how sure it is and progress by stage,
 * and nothing of another customer's; the order opens with its confirmation PDF. It asks for a
 * quote and sees the indicative promise at once and the request in its quotes; once the order
 * is shipped, its delivery note is there to download.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { DRIVE_UNIT, itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

/** one CPU runs the server, the browser and the tests together: wait as long as the page does */
const patiently = { timeout: 20_000 };

const CUSTOMER_USER = {
  email: 'buyer@nordwind.test',
  password: 'e2e-customer-password',
  name: 'Nora Nordwind',
};
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface Customer {
  id: string;
  number: string;
}
interface Order {
  id: string;
  number: string;
  version: number;
  status: string;
  lines: { promisedDate: string | null }[];
}

describe('customer portal in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let own: Order;
  let other: Order;
  let configurable: string;

  async function confirmedOrder(customer: Customer, reference: string, itemId: string): Promise<Order> {
    const draft = await takt.api.post<Order>('/api/sales-orders', {
      customerId: customer.id,
      customerReference: reference,
      lines: [{ itemId, quantity: 1, requestedDate: inDays(40), unitPrice: 125_000 }],
    });
    return takt.api.post<Order>(`/api/sales-orders/${draft.id}/confirm`, { version: draft.version });
  }

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    const customers = await takt.api.get<{ items: Customer[] }>('/api/customers?limit=50');
    const c1 = customers.items.find((c) => c.number === 'C-0001')!;
    const c2 = customers.items.find((c) => c.number === 'C-0002')!;
    await takt.api.post('/api/users', { ...CUSTOMER_USER, roles: ['customer'], customerId: c1.id });
    const drive = (await itemByNumber(takt.api, DRIVE_UNIT))!;
    configurable = (await itemByNumber(takt.api, 'CFG-FLANGED-SHAFT'))!.id;
    own = await confirmedOrder(c1, 'NW-PO-4711', drive.id);
    other = await confirmedOrder(c2, 'ALPEN-9', drive.id);
  });
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it("shows the customer its own orders with promised date and progress, and not another customer's", async () => {
    if (!takt.demoLoaded) return; // customers and the drive unit come with the demo plant
    expect(own.status).toBe('confirmed');
    const promised = own.lines
      .map((l) => l.promisedDate!)
      .sort()
      .at(-1)!;
    expect(promised).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const customer = await openPage(browser, takt.url);
    customer.context.setDefaultTimeout(20_000);
    const page = customer.page;
    await signIn(page, CUSTOMER_USER.email, CUSTOMER_USER.password);
    await page.getByTestId('user-name').waitFor();
    // the first page a customer may read is the portal
    await expect.poll(() => new URL(page.url()).pathname, patiently).toBe('/portal/orders');

    const card = page.locator(`[data-testid=portal-order][data-number="${own.number}"]`);
    await card.waitFor();
    expect(await card.getByTestId('portal-order-reference').textContent()).toContain('NW-PO-4711');
    expect(await card.getByTestId('portal-promised-date').getAttribute('data-date')).toBe(promised);
    expect(await card.getByTestId('portal-confidence').textContent()).toMatch(/^\d+ % sure$/);
    const stages = await card
      .getByTestId('stage')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-stage'), e.getAttribute('data-percent')]));
    expect(stages.map(([s]) => s)).toEqual(['material', 'production', 'shipped']);
    for (const [, percent] of stages) expect(percent).toMatch(/^(\d+(\.\d+)?|n\/a)$/);
    expect(await page.locator(`[data-testid=portal-order][data-number="${other.number}"]`).count()).toBe(0);
    expect(await page.getByTestId('portal-order').count()).toBe(1);
    // nothing of the office: no navigation to sales, costs or the plan
    expect(await page.getByRole('link', { name: 'Sales orders' }).count()).toBe(0);
    await screenshot(page, 'portal-orders');

    await card.getByTestId('portal-order-number').click();
    await page.getByTestId('portal-order-lines').waitFor();
    expect(await page.getByTestId('portal-order-number').textContent()).toBe(own.number);
    expect(await page.getByTestId('portal-order-line').count()).toBe(own.lines.length);
    const pdf = await page.getByTestId('confirmation-pdf').getAttribute('href');
    expect(pdf).toBe(`/api/portal/orders/${own.id}/confirmation.pdf`);
    const response = await page.request.get(pdf!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    await screenshot(page, 'portal-order');

    // another customer's order does not open: the server does not disclose it
    await page.goto(`/portal/orders/${other.id}`);
    const refused = page.locator('main [role=alert]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/not found/i);

    // a configurator link leads a customer to the portal's configurator: price live, no cost, no plan
    await page.goto(`/configure/${configurable}`);
    await expect
      .poll(() => new URL(page.url()).pathname, patiently)
      .toBe(`/portal/configure/${configurable}`);
    await expect
      .poll(() => page.getByTestId('configuration-validity').getAttribute('data-state'), patiently)
      .toBe('valid');
    const total = await page.getByTestId('price-breakdown').getAttribute('data-total');
    await page.locator('[data-testid=choice][data-option=finish][data-value=painted]').click();
    await expect
      .poll(() => page.getByTestId('price-breakdown').getAttribute('data-total'), patiently)
      .not.toBe(total);
    expect(await page.getByTestId('cost-panel').count()).toBe(0);
    expect(await page.getByTestId('promise-panel').count()).toBe(0);
    // no internal promise or cost panel: the customer's live preview shows dates only
    expect(await page.getByTestId('request-panel').count()).toBe(1);
    await screenshot(page, 'portal-configure');
    expect(customer.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    await customer.context.close();
  });

  it('asks for a quote with an indicative promise, lists it, and offers the delivery note of a shipped order', async () => {
    if (!takt.demoLoaded) return;
    // the dock ships the order (stock received for it first): its delivery note is the customer's to see
    const drive = (await itemByNumber(takt.api, DRIVE_UNIT))!;
    const receipt = await takt.api.post<{ moves: { locationId: string }[] }>('/api/stock/receipts', {
      itemId: drive.id,
      quantity: 1,
    });
    const order = await takt.api.get<{ lines: { id: string }[] }>(`/api/sales-orders/${own.id}`);
    const note = await takt.api.post<{ number: string }>(`/api/sales-orders/${own.id}/shipments`, {
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
      locationId: receipt.moves[0].locationId,
    });

    const customer = await openPage(browser, takt.url);
    customer.context.setDefaultTimeout(20_000);
    const page = customer.page;
    await signIn(page, CUSTOMER_USER.email, CUSTOMER_USER.password);
    await page.getByTestId('user-name').waitFor();
    await page.getByRole('link', { name: 'Ask for a quote' }).click();
    // the plant's products, not its parts
    await page.locator(`[data-testid=portal-item][data-number="${DRIVE_UNIT}"]`).click();
    expect(await page.locator('[data-testid=portal-item][data-number="MP-SHAFT-080"]').count()).toBe(0);
    await page.locator('input[name=quantity]').fill('2');
    await page.locator('input[name=customerReference]').fill('NW-RFQ-12');
    await page.getByTestId('ask-for-quote').click();
    const answer = page.getByTestId('quote-requested');
    await answer.waitFor();
    const number = await answer.getAttribute('data-number');
    expect(number).toMatch(/^Q-\d+$/);
    const promise = answer.getByTestId('indicative-promise');
    const [p50, p90] = [await promise.getAttribute('data-p50'), await promise.getAttribute('data-p90')];
    expect(Date.parse(p50!)).toBeLessThanOrEqual(Date.parse(p90!));
    expect(await answer.getByTestId('requested-promised-date').textContent()).toMatch(/\d{4}$/);
    await screenshot(page, 'portal-quote-request');

    await answer.getByTestId('to-my-quotes').click();
    const request = page.locator(`[data-testid=portal-quote][data-number="${number}"]`);
    await request.waitFor();
    expect(await request.getAttribute('data-status')).toBe('requested');
    expect(await request.getByTestId('indicative-promise').getAttribute('data-p90')).toBe(p90);
    expect(await request.getByTestId('quote-pdf').count()).toBe(0); // no offer yet, no PDF
    await screenshot(page, 'portal-quotes-requested');

    await page.goto(`/portal/orders/${own.id}`);
    const row = page.locator(`[data-testid=delivery-note][data-number="${note.number}"]`);
    await row.waitFor();
    const href = await row.getByTestId('delivery-note-pdf').getAttribute('href');
    expect(href).toBe(`/api/portal/orders/${own.id}/delivery-notes/${note.number}/pdf`);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await page.request.get(`/api/portal/orders/${other.id}/delivery-notes`)).status()).toBe(404);
    await screenshot(page, 'portal-order-shipped');
    expect(customer.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
    await customer.context.close();
  });
});
