/**
 * The project's cost and quoting from history in the browser, on the demo plant: the project
 * page shows the cost stages with engineering apart, the remaining estimate and the forecast
 * with coloured margins, and the similar projects panel; the estimate accuracy page lists the
 * categories.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { startTaktServer, type TaktTestServer } from './support/takt-server';

const MANAGER = { email: 'pm-cost@e2e.test', password: 'e2e-project-costs', roles: ['sales'] };

describe('ETO project cost and history', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    await takt.api.post('/api/users', { ...MANAGER, name: 'Paul Kosten' });
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

  it('shows the cost stages, the remaining estimate and the forecast on the project page', async () => {
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'ETO projects', exact: true })
      .click();
    const row = page.getByTestId('project-row');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('link').first().click();
    const panel = page.getByTestId('project-cost');
    await panel.waitFor();
    await page.getByTestId('cost-forecast').waitFor();
    expect(await page.getByTestId('cost-preliminary').textContent()).toMatch(/Preliminary.*€/);
    expect(await page.getByTestId('cost-actual').textContent()).toMatch(/Actual/);
    expect(await page.getByTestId('forecast-margin').getAttribute('data-margin')).toMatch(/^-?\d/);
    await page.getByTestId('similar-projects').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'project-cost');
    expect(problems).toEqual([]);
  }, 60_000);

  it('opens the estimate accuracy page', async () => {
    await page.getByTestId('similar-projects').getByRole('link', { name: 'Estimate accuracy' }).click();
    await page.getByTestId('estimate-accuracy').waitFor();
    expect(await page.getByTestId('estimate-accuracy').textContent()).toMatch(/Material.*Machining/);
    await screenshot(page, 'estimate-accuracy');
    expect(problems).toEqual([]);
  }, 60_000);
});
