/**
 * What-if in the browser, on the demo plant with confirmed orders: a planner creates a
 * scenario, takes the work center the orders need most down for a week, computes it (the
 * progress bar follows the run's server-sent events), compares the KPIs of the live plan and
 * the scenario with their deltas and the order lines that move, and adopts it: the live plan
 * takes the scenario's times.
 */
import type { PlanningBoard, Scenario } from '@takt/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { confirmDriveOrders } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const PLANNER = { email: 'what-if@takt.test', password: 'e2e-what-if-password', roles: ['planner'] };
const DAY = 86_400_000;

describe('what-if scenarios on the planning board', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  const orders: { id: string; number: string }[] = [];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...PLANNER, name: 'E2E what-if' });
    orders.push(...(await confirmDriveOrders(takt.api, [2, 3])));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  const planned = async () => {
    const board = await takt.api.get<PlanningBoard>(
      `/api/planning/board?from=${new Date(Date.now() - 10 * DAY).toISOString()}&to=${new Date(Date.now() + 200 * DAY).toISOString()}`,
    );
    return board.workCenters.flatMap((w) =>
      w.machines.flatMap((m) => m.operations.map((o) => ({ ...o, workCenter: w, machineIndex: m.index }))),
    );
  };

  it('takes a machine down in a scenario, computes it with progress, compares and adopts it', async () => {
    if (!takt.demoLoaded) return; // the plant and its routings come with the demo plant
    // the single-machine work center with the most of the orders' work in the next two weeks
    const ops = await planned();
    const minutes = new Map<string, { code: string; name: string; minutes: number }>();
    const weekEnd = Date.now() + 14 * DAY;
    for (const o of ops)
      if (
        o.workCenter.machines.length === 1 &&
        orders.some((x) => x.number === o.orderNumber) &&
        Date.parse(o.plannedSetupStart) < weekEnd
      ) {
        const m = minutes.get(o.workCenter.id) ?? {
          code: o.workCenter.code,
          name: o.workCenter.name,
          minutes: 0,
        };
        m.minutes += o.runMinutes;
        minutes.set(o.workCenter.id, m);
      }
    const bottleneck = [...minutes.values()].sort((a, b) => b.minutes - a.minutes)[0];
    expect(bottleneck, 'a single-machine work center the orders use').toBeDefined();

    const { page, problems, context } = await openPage(browser, takt.url);
    context.setDefaultTimeout(30_000);
    await signIn(page, PLANNER.email, PLANNER.password);
    await page.getByTestId('user-name').waitFor();
    // from the board, as a planner would
    await page.goto(`${takt.url}/planning/board`);
    await page.getByTestId('board-scenarios-link').click();
    await page.getByTestId('scenario-name').fill(`${bottleneck.code} down for two weeks`);
    await page.getByTestId('scenario-create').click();
    await page.getByTestId('scenario-change-form').waitFor();

    // the change: the work center down from tomorrow 06:00 for a week
    await page.getByTestId('change-work-center').click();
    await page.getByRole('option', { name: `${bottleneck.code} · ${bottleneck.name}` }).click();
    // down from the next full hour for two weeks, on the plant's clock
    const local = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Berlin',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .format(new Date(ms))
        .replace(' ', 'T');
    const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    await page.getByTestId('change-down-from').fill(local(hour));
    await page.getByTestId('change-down-to').fill(local(hour + 14 * DAY));
    await page.getByTestId('change-add').click();
    await page.getByTestId('scenario-change').first().waitFor();
    expect(await page.getByTestId('scenario-change').first().textContent()).toContain(
      `${bottleneck.code} down from`,
    );

    // compute: the progress bar shows, then the comparison
    await page.getByTestId('scenario-compute').click();
    await page.getByTestId('run-progress').waitFor();
    await page.getByTestId('run-bar').waitFor();
    await screenshot(page, 'scenario-computing');
    await page.getByTestId('kpi-compare').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('run-progress').count()).toBe(0);
    expect(await page.getByTestId('scenario-status').textContent()).toBe('computed');
    // lateness or promises move, and the deltas say which way is bad
    await page.locator('[data-testid=scenario-line]').first().waitFor();
    const lineOrders = await page
      .locator('[data-testid=scenario-line]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-number')));
    expect(lineOrders.some((n) => orders.some((o) => o.number === n))).toBe(true);
    // the changes' own effect beside the re-plan without them, coloured good or bad
    expect(await page.getByTestId('kpi-compare').textContent()).toContain('Re-planned, no changes');
    // the work center down has less working time: its utilisation moves against the re-plan
    const row = page.locator(`[data-testid=utilisation-row][data-work-center="${bottleneck.code}"]`);
    await row.waitFor();
    expect(await row.locator('td').last().textContent()).not.toBe('±0');
    await page.waitForTimeout(300);
    await screenshot(page, 'scenario-compare');

    // adopt, after confirming
    const scenarioId = page.url().split('/').at(-1)!;
    const before = await planned();
    await page.getByTestId('scenario-adopt').click();
    await page.getByTestId('adopt-confirm').waitFor();
    await page.getByTestId('adopt-confirm-button').click();
    await page.getByTestId('adopt-result').waitFor();
    expect(await page.getByTestId('scenario-status').textContent()).toBe('adopted');
    await screenshot(page, 'scenario-adopted');
    const scenario = await takt.api.get<Scenario>(`/api/planning/scenarios/${scenarioId}`);
    expect(scenario.status).toBe('adopted');
    const after = await planned();
    const moved = after.filter((o) => {
      const b = before.find((x) => x.id === o.id);
      return (
        b &&
        (b.plannedSetupStart !== o.plannedSetupStart ||
          b.plannedStart !== o.plannedStart ||
          b.plannedEnd !== o.plannedEnd ||
          b.machineIndex !== o.machineIndex)
      );
    });
    expect(moved.length).toBe(scenario.result!.operationsMoved);
    expect(problems).toEqual([]);
  }, 240_000);
});
