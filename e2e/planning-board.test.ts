/**
 * The planning board in the browser, on the demo plant with confirmed orders: the canvas draws
 * the plan's operations, the search jumps to an order's operations, a click on a bar shows its
 * details with a link to its job, the wheel zooms, and the load view names one bottleneck.
 */
import type { PlanningBoard } from '@takt/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardTestHook } from '../apps/web/src/areas/planning/board/gantt-canvas';
import { launchBrowser, openPage, signIn } from './support/browser';
import { DRIVE_UNIT, itemByNumber } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const PLANNER = { email: 'planner@takt.test', password: 'e2e-planner-password', roles: ['planner'] };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Hook = Omit<BoardTestHook, 'locate' | 'reveal' | 'firstPaintDrawMs'>;
const hook = (page: Page) =>
  page.evaluate(() => {
    const h = window.__taktBoard;
    return h
      ? ({
          drawnBars: h.drawnBars,
          totalBars: h.totalBars,
          visibleFrom: h.visibleFrom,
          visibleTo: h.visibleTo,
          visibleRows: h.visibleRows,
          frames: h.frames,
          firstPaintMs: h.firstPaintMs,
          drawMs: [],
        } satisfies Hook)
      : null;
  });
const locate = (page: Page, id: string) =>
  page.evaluate((opId) => window.__taktBoard?.locate(opId) ?? null, id);

describe('planning board in the browser', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  const orders: { id: string; number: string }[] = [];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...PLANNER, name: 'E2E planner' });
    const drive = await itemByNumber(takt.api, DRIVE_UNIT);
    const customers = await takt.api.get<{ items: { id: string }[] }>('/api/customers?limit=2');
    for (const [x, quantity] of [2, 3, 1].entries()) {
      const order = await takt.api.post<{ id: string; number: string; version: number }>(
        '/api/sales-orders',
        {
          customerId: customers.items[x % customers.items.length].id,
          lines: [{ itemId: drive!.id, quantity, requestedDate: inDays(20 + 10 * x), unitPrice: 125_000 }],
        },
      );
      await takt.api.post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
      orders.push(order);
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('draws the plan, jumps to an order, shows a bar’s details and zooms', async () => {
    if (!takt.demoLoaded) return; // the plant and its routings come with the demo plant
    const { page, problems, context } = await openPage(browser, takt.url);
    context.setDefaultTimeout(20_000);
    await signIn(page, PLANNER.email, PLANNER.password);
    await page.getByTestId('user-name').waitFor();
    await page.getByRole('link', { name: 'Planning board' }).click();
    await page.waitForURL(/\/planning\/board/);

    // the canvas drew bars, and holds every operation of the loaded window
    await expect.poll(async () => (await hook(page))?.drawnBars ?? 0).toBeGreaterThan(0);
    const gantt = page.getByTestId('planning-gantt');
    const from = (await gantt.getAttribute('data-visible-from'))!;
    const to = (await gantt.getAttribute('data-visible-to'))!;
    expect(Date.parse(to)).toBeGreaterThan(Date.parse(from));
    const first = (await hook(page))!;
    expect(first.firstPaintMs).toBeGreaterThan(0);
    expect(first.visibleRows).toBeGreaterThan(5);
    await page.getByTestId('load-row').first().waitFor();
    const bottlenecks = await page.locator('[data-testid=load-row][data-bottleneck=true]').count();
    expect(bottlenecks).toBe(1);
    await page.waitForTimeout(300);
    const shot = await screenshot(page, 'planning-board');
    expect(shot).toMatch(/planning-board\.png$/);

    // the API's view of the order that is searched for
    const order = orders[1];
    const board = await takt.api.get<PlanningBoard>(
      `/api/planning/board?from=${new Date(Date.now() - 40 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 200 * 86_400_000).toISOString()}`,
    );
    const ops = board.workCenters
      .flatMap((w) => w.machines.flatMap((m) => m.operations))
      .filter((o) => o.orderNumber === order.number)
      .sort((a, b) => Date.parse(a.plannedSetupStart) - Date.parse(b.plannedSetupStart));
    expect(ops.length).toBeGreaterThan(3);
    expect(first.totalBars).toBeGreaterThanOrEqual(ops.length);

    // search: the order's operations are highlighted and brought into view
    await page.getByTestId('board-search').fill(order.number);
    await page.getByTestId('board-search').press('Enter');
    await expect
      .poll(() => page.getByTestId('board-search-result').getAttribute('data-hits'))
      .toBe(String(ops.length));
    await expect
      .poll(async () => {
        const h = (await hook(page))!;
        return (
          Date.parse(h.visibleFrom) <= Date.parse(ops[0].plannedSetupStart) &&
          Date.parse(h.visibleTo) >= Date.parse(ops.at(-1)!.plannedEnd)
        );
      })
      .toBe(true);
    expect(page.url()).toContain(`q=${order.number}`);
    await screenshot(page, 'planning-board-search');

    // hover shows the tooltip; a click selects and shows the details with a link to the job
    const target =
      ops.find((o) => Date.parse(o.plannedEnd) - Date.parse(o.plannedSetupStart) > 3_600_000) ?? ops[0];
    const point = await locate(page, target.id);
    expect(point, 'the searched operation is on screen').not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    await page.getByTestId('gantt-tooltip').waitFor();
    expect(await page.getByTestId('gantt-tooltip').textContent()).toContain(target.jobNumber);
    await page.mouse.click(point!.x, point!.y);
    const details = page.getByTestId('operation-details');
    await details.waitFor();
    expect(await details.getAttribute('data-operation-id')).toBe(target.id);
    expect(await page.getByTestId('details-order').textContent()).toContain(order.number);
    await screenshot(page, 'planning-board-details');

    // the wheel zooms around the cursor: a shorter window after zooming in
    const before = (await hook(page))!;
    const box = (await gantt.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect
      .poll(async () => {
        const h = (await hook(page))!;
        return Date.parse(h.visibleTo) - Date.parse(h.visibleFrom);
      })
      .toBeLessThan(Date.parse(before.visibleTo) - Date.parse(before.visibleFrom));

    // a day around the selected operation: setups hatched, labels on the bars
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), target.id);
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await expect.poll(async () => (await locate(page, target.id)) !== null).toBe(true);
    await page.waitForTimeout(300);
    await screenshot(page, 'planning-board-day');

    // colour by status still draws the same bars
    await page.getByText('By status').click();
    await expect.poll(async () => (await hook(page))!.drawnBars).toBeGreaterThan(0);

    await details.getByRole('link', { name: target.jobNumber }).click();
    await page.waitForURL(new RegExp(`/jobs/${target.jobId}`));
    expect(problems).toEqual([]);
    await context.close();
  });
});
