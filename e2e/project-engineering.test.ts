/**
 * The engineer-to-order flow of a project engineer in the browser, on the demo plant, in one
 * session: a new project for a quote line started from the similar demo project (its tasks and
 * estimates copied), its tasks and a milestone edited; on the demo project PRJ-000001, whose
 * design is in the plan, a task re-estimated; its BOM designed with a placeholder, the long-lead
 * robot released for procurement first, the placeholder released, then replaced by the designed
 * gripper through an engineering change whose lines are revised, approved and implemented, and
 * the revision in force taken over into the draft.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

/** engineering and planning: designs, releases, and approves the change of the plan */
const ENGINEER = { email: 'pe@e2e.test', password: 'e2e-project-engineer', roles: ['engineer', 'planner'] };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Picks an option of a searchable select by typing into it. */
async function pick(page: Page, input: Locator, text: string, option: RegExp) {
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: option }).click();
}
async function choose(page: Page, input: Locator, option: string | RegExp) {
  await input.click();
  await page.getByRole('option', { name: option }).first().click();
}
const taskRow = (page: Page, number: string) =>
  page.locator(`[data-testid=engineering-task][data-number=${number}]`);
const bomLine = (page: Page, position: number) =>
  page.locator(`[data-testid=design-bom-line][data-position="${position}"]`);

describe('the ETO screens of a project engineer', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  /** the API's refusals the page met: `status METHOD path` */
  const refusals: string[] = [];
  let quoteNumber: string;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    const api = takt.api;
    await api.post('/api/users', { ...ENGINEER, name: 'Paula Engel' });
    // what sales and the catalog bring: a quote for a second handling cell, parts that exist
    const [customer] = (await api.get<{ items: { id: string }[] }>('/api/customers?q=C-0002')).items;
    const cell = await api.post<{ id: string }>('/api/items', {
      number: 'ETO-HANDLING-CELL-2',
      name: 'Handling cell for forging press FP-3150 (special machine)',
      kind: 'make',
      strategy: 'ETO',
    });
    ({ number: quoteNumber } = await api.post<{ number: string }>('/api/quotes', {
      customerId: customer.id,
      customerReference: 'Schmiede Linz, second cell',
      lines: [{ itemId: cell.id, quantity: 1, requestedDate: inDays(200), unitPrice: 52_000_000 }],
    }));
    for (const [number, name, leadTimeDays, amount] of [
      ['LL-ROBOT-210', 'Six-axis robot 210 kg payload', 70, 6_800_000],
      ['GRIP-BILLET-2', 'Billet gripper, pneumatic, welded frame', 20, 1_150_000],
    ] as const)
      await api.post('/api/items', {
        number,
        name,
        kind: 'buy',
        standardCost: { amount, currency: 'EUR' },
        leadTimeDays,
      });
    const opened = await openPage(browser, takt.url);
    page = opened.page;
    problems = opened.problems;
    page.on('response', (r) => {
      if (r.status() >= 400)
        refusals.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await signIn(page, ENGINEER.email, ENGINEER.password);
    await page.getByTestId('user-name').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('creates a project from a similar one, edits tasks and milestones, designs and releases the BOM, and changes it by an ECO', async () => {
    expect(takt.demoLoaded).toBe(true);
    // 1 + 2: a new project for the quote line, started from the similar demo project
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'ETO projects', exact: true })
      .click();
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByTestId('new-project-form');
    await choose(page, form.getByLabel('Quote (draft or sent)'), new RegExp(`^${quoteNumber} rev 1`));
    await choose(page, form.getByLabel('Line (an engineer-to-order item)'), /ETO-HANDLING-CELL-2/);
    expect(await form.getByLabel('Project name').inputValue()).toBe(
      'Handling cell for forging press FP-3150',
    );
    const similar = form.locator('[data-testid=similar-project][data-number=PRJ-000001]');
    await similar.waitFor();
    // the demo project's concept: 40 hours estimated, 40 booked
    expect(await similar.getByTestId('design-accuracy').textContent()).toMatch(/×1\.00.*40 h booked of 40 h/);
    await screenshot(page, 'project-new-from-similar');
    await similar.getByRole('button', { name: 'Start from this' }).click();
    await expect.poll(() => page.getByTestId('project-number').textContent()).toBe('PRJ-000002');
    expect(await page.getByTestId('engineering-task').count()).toBe(5);
    expect(await taskRow(page, 'E020').textContent()).toMatch(
      /Mechanical detail design.*120.*not planned yet/,
    );

    // 3: its tasks (an error shows at the field), then a milestone's date
    await page.getByTestId('engineering-tasks').getByRole('button', { name: 'Edit tasks' }).click();
    const editor = page.getByTestId('engineering-tasks-editor');
    const hours = editor.getByLabel('Hours of task 2');
    await hours.fill('0');
    await editor.getByRole('button', { name: 'Save tasks' }).click();
    await expect.poll(() => editor.getByText('hours must be greater than 0').count()).toBe(1);
    await hours.fill('100');
    await editor.getByRole('button', { name: 'Add task' }).click();
    await editor.getByLabel('Design work of task 6').fill('Safety concept and risk assessment');
    await editor.getByLabel('Hours of task 6').fill('24');
    await choose(page, editor.getByLabel('Owner of task 6'), 'Lena Hoffmann');
    await editor.getByRole('button', { name: 'Remove task E050' }).click();
    await screenshot(page, 'project-tasks-editor');
    await editor.getByRole('button', { name: 'Save tasks' }).click();
    await taskRow(page, 'E060').waitFor();
    expect(await taskRow(page, 'E050').count()).toBe(0);
    expect(await taskRow(page, 'E020').textContent()).toMatch(/100/);
    expect(await taskRow(page, 'E060').textContent()).toMatch(/Safety concept.*24.*Lena Hoffmann/);
    const review = page.locator('[data-testid=milestone-row][data-kind=design-review]');
    await review.getByRole('button', { name: 'Edit Design review' }).click();
    await page.getByTestId('milestone-form').getByLabel('Due').fill(inDays(40));
    await page.getByTestId('milestone-form').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => review.textContent())
      .toContain(
        new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
          new Date(`${inDays(40)}T00:00:00Z`),
        ),
      );
    await screenshot(page, 'project-new-edited');

    // 3, planned: the demo project's design is on the engineers; re-estimating a task re-times it
    await page.goto('/projects');
    await page.locator('[data-testid=project-row][data-number=PRJ-000001]').getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('project-number').textContent()).toBe('PRJ-000001');
    await page.getByTestId('engineering-tasks').getByRole('button', { name: 'Edit tasks' }).click();
    const planned = page.getByTestId('engineering-tasks-editor');
    // E010 is done and E020 running: they stay
    expect(await planned.getByRole('button', { name: 'Remove task E020' }).isDisabled()).toBe(true);
    await planned.getByLabel('Hours of task 3').fill('96');
    await choose(page, planned.getByLabel('Owner of task 3'), 'Tobias Keller');
    await planned.getByRole('button', { name: 'Save tasks' }).click();
    await expect.poll(() => taskRow(page, 'E030').textContent()).toMatch(/96.*Tobias Keller.*TD-ELEC-1/);
    expect(await taskRow(page, 'E030').textContent()).toMatch(/released/);

    // 4: the design BOM: the concept (revision A, its estimates at positions 1 and 2) in force; the
    // draft starts from it with the long-lead robot and a placeholder for the gripper not designed yet
    const design = page.getByTestId('design-bom');
    await expect.poll(() => bomLine(page, 1).getAttribute('data-placeholder')).toBe('true');
    await design.getByRole('button', { name: 'Start the design draft' }).click();
    await design.getByRole('button', { name: 'Add line' }).click();
    const addLine = page.getByTestId('design-bom-add-line');
    await pick(page, addLine.locator('input[aria-label="Item"]'), 'LL-ROBOT', /^LL-ROBOT-210 /);
    await addLine.getByRole('button', { name: 'Add line' }).click();
    await bomLine(page, 10).waitFor();
    await design.getByRole('button', { name: 'Add placeholder' }).click();
    const placeholder = page.getByTestId('placeholder-form');
    await placeholder.getByLabel('Number').fill('PH-GRIPPER');
    await placeholder.getByLabel('Name').fill('Billet gripper (not designed yet)');
    await placeholder.getByLabel('Estimated cost (EUR)').fill('9500');
    await placeholder.getByLabel('Estimated lead time (days)').fill('45');
    await placeholder.getByLabel('Quantity per').fill('2');
    await screenshot(page, 'project-placeholder-form');
    await placeholder.getByRole('button', { name: 'Add placeholder' }).click();
    await bomLine(page, 20).waitFor();
    expect(await bomLine(page, 20).getAttribute('data-placeholder')).toBe('true');
    expect(await bomLine(page, 20).textContent()).toMatch(
      /PH-GRIPPER.*placeholder.*2 pcs.*45 d.*€9,500\.00.*estimate.*in design/,
    );
    expect(await bomLine(page, 10).getAttribute('data-placeholder')).toBeNull();

    // ... the robot released first, so it is bought now; then the gripper at its estimates
    await bomLine(page, 10).getByLabel('Release position 10').check();
    await design.getByTestId('release-selected').click();
    await expect
      .poll(() => page.getByTestId('design-bom-notice').textContent())
      .toMatch(/Released revision C for procurement \(positions 10\).*requisition.*PR-\d+/);
    await expect.poll(() => bomLine(page, 10).getAttribute('data-state')).toBe('released');
    expect(await bomLine(page, 10).getByTestId('released-in').textContent()).toMatch(/rev C · partial/);
    expect(await bomLine(page, 20).getAttribute('data-state')).toBe('draft-only');
    await screenshot(page, 'project-design-bom-released');
    await bomLine(page, 20).getByLabel('Release position 20').check();
    await design.getByTestId('release-selected').click();
    await expect.poll(() => bomLine(page, 20).getAttribute('data-state')).toBe('released');
    expect(await bomLine(page, 20).getByTestId('released-in').textContent()).toMatch(/rev D · full/);

    // 5: the gripper is designed: it replaces the placeholder, in force through an engineering change
    await bomLine(page, 20).getByRole('button', { name: 'Replace…' }).click();
    const replace = page.getByTestId('replace-line-form');
    await pick(page, replace.locator('input[aria-label="Designed item"]'), 'GRIP-BILLET', /^GRIP-BILLET-2 /);
    await replace.getByRole('button', { name: 'Replace and request the change' }).click();
    await expect.poll(() => bomLine(page, 20).getAttribute('data-state')).toBe('changed');
    expect(await bomLine(page, 20).textContent()).toMatch(/GRIP-BILLET-2.*in force: PH-GRIPPER/);
    await screenshot(page, 'project-design-bom-replaced');
    await page.getByTestId('requested-change').click();

    // 6: the change's lines: two robots after all; its impact, approved, implemented
    await expect.poll(() => page.getByTestId('eco-status').textContent()).toBe('requested');
    const lines = page.getByTestId('eco-line-changes');
    await expect
      .poll(() => lines.getByTestId('eco-line-change-list').textContent())
      .toMatch(/replace 20: PH-GRIPPER → GRIP-BILLET-2/);
    await lines.getByRole('button', { name: 'Edit line changes' }).click();
    await lines.getByRole('button', { name: 'Add a change' }).click();
    await choose(page, lines.getByLabel('Change 2', { exact: true }), 'Change quantity');
    await choose(page, lines.getByLabel('Line of change 2', { exact: true }), /^10 · LL-ROBOT-210/);
    await lines.getByLabel('Quantity of change 2').fill('2');
    await screenshot(page, 'project-eco-line-changes-editor');
    await lines.getByRole('button', { name: 'Save line changes' }).click();
    await expect
      .poll(() => lines.getByTestId('eco-line-change-list').textContent())
      .toMatch(/replace 20.*change 10: LL-ROBOT-210 × 1 → × 2/);
    const impact = page.getByTestId('eco-impact');
    await expect.poll(() => impact.textContent()).toMatch(/changed.*10.*LL-ROBOT-210.*1 → 2/);
    expect(await impact.textContent()).toMatch(/removed.*20.*PH-GRIPPER.*added.*20.*GRIP-BILLET-2/);
    await screenshot(page, 'project-eco-impact');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('eco-status').textContent()).toBe('approved');
    await page.getByTestId('eco-implement').click();
    await expect
      .poll(() => page.getByTestId('eco-status').textContent(), { timeout: 30_000 })
      .toBe('implemented');
    await screenshot(page, 'project-eco-implemented');

    // back on the project: the designed gripper is in force with the change's revision
    await page.getByTestId('eco-line-changes').waitFor();
    await page.getByRole('link', { name: 'PRJ-000001' }).click();
    await expect.poll(() => bomLine(page, 20).getAttribute('data-state')).toBe('released');
    expect(await bomLine(page, 20).getByTestId('released-in').textContent()).toMatch(/rev E · change/);
    expect(await bomLine(page, 20).getAttribute('data-placeholder')).toBeNull();
    // the change made two robots; the draft says one until it takes the revision in force over
    expect(await bomLine(page, 10).getAttribute('data-state')).toBe('changed');
    await page.getByTestId('take-over-in-force').click();
    await expect.poll(() => bomLine(page, 10).getAttribute('data-state')).toBe('released');
    expect(await page.getByTestId('design-bom-notice').textContent()).toMatch(/holds the revision in force/);
    await expect.poll(() => page.getByTestId('take-over-in-force').count()).toBe(0);
    await page.getByTestId('design-bom').scrollIntoViewIfNeeded();
    await screenshot(page, 'project-engineering-done');
    // the one refusal of the flow: hours of 0 (a 400 of the request's validation)
    expect(refusals).toEqual([expect.stringMatching(/^400 PUT \/api\/projects\/[^/]+\/engineering-tasks$/)]);
    expect(problems).toEqual([
      'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  }, 300_000);
});
