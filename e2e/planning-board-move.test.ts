/**
 * Drag and re-plan in the browser, on the demo plant with confirmed orders: a planner drags an
 * operation's bar to a later time, the side panel previews the move (the order it serves, the
 * operations that move) without writing anything, Escape discards, and Apply writes it: the bar
 * is drawn at its new place and the API has the new times. A forging dragged onto the other
 * press (its routing's alternative) is previewed with its duration there; dropped onto a work
 * center the routing does not name, the panel says why it is refused. The moved operation is
 * pinned: its details say so and unpin it.
 */
import type { PlanningBoard } from '@takt/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { confirmDriveOrders } from './support/catalog-fixture';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const PLANNER = { email: 'mover@takt.test', password: 'e2e-mover-password', roles: ['planner'] };
const DAY = 86_400_000;
const GUTTER = 168; // GUTTER_WIDTH of the canvas

type BoardOp = PlanningBoard['workCenters'][0]['machines'][0]['operations'][0];

const locate = (page: Page, id: string) =>
  page.evaluate((opId) => window.__taktBoard?.locate(opId) ?? null, id);

describe('moving an operation on the planning board', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  const orders: { id: string; number: string }[] = [];
  /** the operation the first test moved (and so pinned) */
  let movedId = '';

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    if (!takt.demoLoaded) return;
    await takt.api.post('/api/users', { ...PLANNER, name: 'E2E mover' });
    orders.push(...(await confirmDriveOrders(takt.api, [2, 3])));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  const boardOps = async () => {
    const board = await takt.api.get<PlanningBoard>(
      `/api/planning/board?from=${new Date(Date.now() - 40 * DAY).toISOString()}&to=${new Date(Date.now() + 200 * DAY).toISOString()}`,
    );
    return board.workCenters.flatMap((w) =>
      w.machines.flatMap((m) =>
        m.operations.map((o) => ({ ...o, workCenterId: w.id, machineIndex: m.index })),
      ),
    );
  };

  /** Drags an operation's bar `days` to the right with the mouse, in steps (a real drag). */
  const dragLater = async (page: Page, op: BoardOp, days: number) => {
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), op.id);
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), op.id);
    // the bar stands still where it is drawn (a busy machine may still be re-drawing the zoom)
    let point = await locate(page, op.id);
    await expect
      .poll(
        async () => {
          const now = await locate(page, op.id);
          const still = now !== null && point !== null && now.x === point.x && now.y === point.y;
          point = now;
          return still;
        },
        { interval: 150 },
      )
      .toBe(true);
    if (!point) throw new Error(`operation ${op.id} is not drawn`);
    const hook = await page.evaluate(() => ({
      from: window.__taktBoard!.visibleFrom,
      to: window.__taktBoard!.visibleTo,
    }));
    const box = (await page.getByTestId('planning-gantt').boundingBox())!;
    const pxPerDay = ((box.width - GUTTER) * DAY) / (Date.parse(hook.to) - Date.parse(hook.from));
    await page.mouse.move(point.x, point.y);
    await page.mouse.down();
    await page.mouse.move(point.x + (days * pxPerDay) / 2, point.y, { steps: 8 });
    await page.mouse.move(point.x + days * pxPerDay, point.y, { steps: 8 });
    await expect.poll(() => page.evaluate(() => window.__taktBoard?.ghost?.operationId ?? null)).toBe(op.id);
    return async () => page.mouse.up();
  };

  it('previews a dragged operation’s move, discards on Escape, and applies it', async () => {
    if (!takt.demoLoaded) return; // the plant and its routings come with the demo plant
    const { page, problems, context } = await openPage(browser, takt.url);
    context.setDefaultTimeout(20_000);
    await signIn(page, PLANNER.email, PLANNER.password);
    await page.getByTestId('user-name').waitFor();
    await page.goto(`${takt.url}/planning/board`);
    await expect.poll(() => page.evaluate(() => window.__taktBoard?.drawnBars ?? 0)).toBeGreaterThan(0);

    const before = await boardOps();
    const order = orders[0];
    const op = before
      .filter(
        (o) =>
          o.orderNumber === order.number &&
          o.status === 'planned' &&
          Date.parse(o.plannedEnd) - Date.parse(o.plannedSetupStart) > 2 * 3_600_000 &&
          Date.parse(o.plannedSetupStart) > Date.now(),
      )
      .sort((a, b) => Date.parse(a.plannedSetupStart) - Date.parse(b.plannedSetupStart))[0];
    expect(op, 'a planned operation of the order').toBeDefined();

    // drag, then Escape: the drag is cancelled, nothing previewed
    const release = await dragLater(page, op, 1);
    await page.waitForTimeout(200);
    await screenshot(page, 'board-move-dragging');
    await page.keyboard.press('Escape');
    await release();
    expect(await page.getByTestId('move-panel').count()).toBe(0);

    // drag two days later and drop: the preview lists the order and what moves
    const drop = await dragLater(page, op, 2);
    await drop();
    const panel = page.getByTestId('move-panel');
    await panel.waitFor();
    expect(await page.getByTestId('move-title').textContent()).toContain(
      `Move ${op.jobNumber} ${op.operationNumber} to`,
    );
    await page.locator(`[data-testid=move-line][data-order-number="${order.number}"]`).waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'board-move-preview');
    // nothing written yet
    const unchanged = (await boardOps()).find((o) => o.id === op.id)!;
    expect(unchanged.plannedSetupStart).toBe(op.plannedSetupStart);

    // Escape discards the preview
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('move-panel').count()).toBe(0);

    // again, and apply
    const again = await dragLater(page, op, 2);
    await again();
    await page.locator(`[data-testid=move-line][data-order-number="${order.number}"]`).waitFor();
    await page.getByTestId('move-apply').click();
    await expect.poll(() => page.getByTestId('move-panel').count()).toBe(0);
    const after = (await boardOps()).find((o) => o.id === op.id)!;
    movedId = op.id;
    expect(after.pinnedAt).not.toBeNull();
    const shift = Date.parse(after.plannedSetupStart) - Date.parse(op.plannedSetupStart);
    expect(shift).toBeGreaterThan(1.5 * DAY);
    // the successors of the moved operation start after it ends
    const all = await boardOps();
    const job = all.filter((o) => o.jobId === op.jobId && o.operationNumber > op.operationNumber);
    for (const s of job)
      expect(Date.parse(s.plannedSetupStart)).toBeGreaterThanOrEqual(Date.parse(after.plannedEnd));

    // the board redraws the bar at its new place
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), op.id);
    await expect
      .poll(async () => {
        const p = await locate(page, op.id);
        const at = await page.evaluate((a) => window.__taktBoard?.pointAt?.(a.wc, a.m, a.t) ?? null, {
          wc: after.workCenterId,
          m: after.machineIndex,
          t: Date.parse(after.plannedSetupStart),
        });
        return p !== null && at !== null && p.x > at.x && Math.abs(p.y - at.y) < 2;
      })
      .toBe(true);
    await page.waitForTimeout(300);
    await screenshot(page, 'board-move-applied');
    expect(problems).toEqual([]);
    await context.close();
  });

  /** Drags an operation's bar, at its own time, onto machine `machineIndex` of another work center. */
  const dragOnto = async (page: Page, op: BoardOp, workCenterId: string, machineIndex: number) => {
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), op.id);
    await expect.poll(() => locate(page, op.id)).not.toBeNull();
    const point = (await locate(page, op.id))!;
    const target = await page.evaluate((a) => window.__taktBoard?.pointAt?.(a.wc, a.m, a.t) ?? null, {
      wc: workCenterId,
      m: machineIndex,
      t: Date.parse(op.plannedSetupStart),
    });
    if (!target) throw new Error(`machine ${machineIndex} of ${workCenterId} is not in view`);
    await page.mouse.move(point.x, point.y);
    await page.mouse.down();
    await page.mouse.move(point.x + 3, (point.y + target.y) / 2, { steps: 6 });
    await page.mouse.move(point.x + 3, target.y, { steps: 6 });
    await expect
      .poll(() => page.evaluate(() => window.__taktBoard?.ghost?.workCenterId ?? null))
      .toBe(workCenterId);
    return async () => page.mouse.up();
  };

  it('moves a forging onto the alternative press, refuses another work center with the reason, and unpins', async () => {
    if (!takt.demoLoaded) return;
    const { page, problems, context } = await openPage(browser, takt.url);
    context.setDefaultTimeout(20_000);
    await signIn(page, PLANNER.email, PLANNER.password);
    await page.getByTestId('user-name').waitFor();
    await page.goto(`${takt.url}/planning/board`);
    await expect.poll(() => page.evaluate(() => window.__taktBoard?.drawnBars ?? 0)).toBeGreaterThan(0);
    const board = await takt.api.get<PlanningBoard>('/api/planning/board');
    const code = new Map(board.workCenters.map((w) => [w.code, w.id]));
    const forge = (await boardOps())
      .filter(
        (o) =>
          o.status === 'planned' &&
          o.itemNumber.startsWith('FG-') &&
          o.operationNumber === '020' &&
          o.alternativeWorkCenterIds.length > 0 &&
          Date.parse(o.plannedSetupStart) > Date.now(),
      )
      .sort((a, b) => Date.parse(a.plannedSetupStart) - Date.parse(b.plannedSetupStart))[0];
    expect(forge, 'a forging with an alternative press').toBeDefined();
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), forge.id);
    await page.getByRole('button', { name: 'Week', exact: true }).click();

    // onto the other press: previewed with its duration there
    const press = forge.alternativeWorkCenterIds[0];
    const drop = await dragOnto(page, forge, press, 0);
    await drop();
    const change = page.getByTestId('move-work-center');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/^On FP(16|40), .*: runs .+ instead of .+ on FP(16|40)/);
    await page.waitForTimeout(300);
    await screenshot(page, 'board-move-alternative');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('move-panel').count()).toBe(0);

    // onto the grinding machine: refused, and the panel says why
    const refused = await dragOnto(page, forge, code.get('GRIND')!, 0);
    await page.waitForTimeout(200);
    await screenshot(page, 'board-move-refused-drag');
    await refused();
    const error = page.getByTestId('move-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      new RegExp(
        `GRIND is not an alternative for operation 020 of ${forge.jobNumber}: its routing runs it on FP16 or FP40 only`,
      ),
    );
    await screenshot(page, 'board-move-refused');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('move-panel').count()).toBe(0);

    // the operation the first test moved is pinned: its details say so, and Unpin unpins it
    await page.evaluate((id) => window.__taktBoard?.reveal([id]), movedId);
    await expect.poll(() => locate(page, movedId)).not.toBeNull();
    const pinned = (await locate(page, movedId))!;
    await page.mouse.click(pinned.x, pinned.y);
    await page.getByTestId('details-pinned').waitFor();
    expect(await page.getByTestId('details-pin').textContent()).toMatch(/^Pinned by E2E mover, /);
    await screenshot(page, 'board-pinned-details');
    await page.getByTestId('details-unpin').click();
    await page.getByTestId('details-pin-here').waitFor();
    expect((await boardOps()).find((o) => o.id === movedId)?.pinnedAt).toBeNull();
    // the refused preview's 422 is the only failed request
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await context.close();
  });
});
