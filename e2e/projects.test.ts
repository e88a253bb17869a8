/**
 * Engineer-to-order in the browser, on the demo plant: a project manager (sales) opens the
 * special machine being designed, sees its phases on the timeline, the engineering tasks planned
 * on the engineers and the payment plan with the advance paid, and completes the customer's
 * design approval: the payment it triggers becomes due.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const MANAGER = { email: 'pm@e2e.test', password: 'e2e-project-manager', roles: ['sales'] };

describe('ETO projects: the demo special machine', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    await takt.api.post('/api/users', { ...MANAGER, name: 'Petra Maier' });
    const opened = await openPage(browser, takt.url);
    page = opened.page;
    problems = opened.problems;
    await signIn(page, MANAGER.email, MANAGER.password);
    await page.getByTestId('user-name').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('lists the project and opens it with its timeline, engineering tasks and payment plan', async () => {
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'ETO projects', exact: true })
      .click();
    const row = page.getByTestId('project-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(
      /Handling cell for forging press FP-2500.*Alpen Fördertechnik AG.*Design/,
    );
    await screenshot(page, 'projects-list');
    await row.getByRole('link').first().click();
    await page.getByTestId('phase-timeline').waitFor();

    const phase = (kind: string) => page.locator(`[data-testid=timeline-phase][data-kind=${kind}]`);
    expect(await phase('specification').textContent()).toContain('done');
    expect(await phase('design').textContent()).toContain('in-progress');
    // the plan's bars: design on the engineers, production after it, delivery from the promise
    expect(await page.getByTestId('bar-scheduled').count()).toBeGreaterThanOrEqual(4);
    const tasks = page.getByTestId('engineering-task');
    expect(await tasks.count()).toBe(5);
    expect(await tasks.first().textContent()).toMatch(/E010.*Concept and cell layout.*TD-MECH-\d.*done/);
    expect(await page.locator('[data-testid=engineering-task][data-number=E020]').textContent()).toMatch(
      /running/,
    );
    expect(await page.getByTestId('promise-explanation').textContent()).toMatch(
      /design below is planned on the engineers/,
    );
    const statuses = await page
      .getByTestId('payment-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses).toEqual(['paid', 'planned', 'planned', 'planned']);
    await screenshot(page, 'project-page');
  });

  it('completes the customer’s design approval: its payment becomes due', async () => {
    const approval = page.locator('[data-testid=milestone-row][data-kind=customer-approval]');
    await approval.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => approval.getByTestId('milestone-completed').count()).toBe(1);
    expect(await approval.getByTestId('milestone-completed').textContent()).toContain('Petra Maier');
    const due = page.locator('[data-testid=payment-row][data-status=due]');
    await expect.poll(() => due.count()).toBe(1);
    expect(await due.textContent()).toMatch(/On design approval.*30.*due/);
    expect(await page.getByTestId('payment-totals').textContent()).toMatch(/^due €145,500\.00/);
    await screenshot(page, 'project-milestone-completed');
    expect(problems).toEqual([]);
  });
});
