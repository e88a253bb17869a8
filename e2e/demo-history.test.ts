/**
 * The demo plant with its eight weeks of history (`startTaktServer({ history: true })`), as a
 * plant manager first opens it: the KPI page over the last eight weeks shows on-time delivery,
 * lead times, work in progress and utilisation every week; the OEE dashboard over the same
 * weeks shows every shop work center with OEE, stops by reason and scrap by reason.
 */
import type { KpiReport, OeeReport } from '@takt/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

const day = (n: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + n * 86_400_000));
const from = day(-56);
const to = day(-1);

describe('the demo plant with its history', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer({ history: true }), launchBrowser()]);
    const opened = await openPage(browser, takt.url);
    page = opened.page;
    problems = opened.problems;
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await takt?.close();
  });

  it('shows eight weeks of on-time delivery, lead time, work in progress and utilisation', async () => {
    const report = await takt.api.get<KpiReport>(`/api/planning/kpis?from=${from}&to=${to}&bucket=week`);
    expect(report.total.onTimeToPromisePercent).toBeGreaterThan(75);
    await page.goto(`/planning/kpis?from=${from}&to=${to}&bucket=week`);
    await expect
      .poll(() => page.getByTestId('kpi-on-time-promise').textContent())
      .toContain(`${report.total.onTimeToPromisePercent} %`);
    for (const chart of ['on-time', 'lead-time', 'wip', 'utilisation'])
      await page.locator(`[data-testid=kpi-chart-${chart}][data-rendered=true]`).waitFor();
    expect(
      Number(await page.getByTestId('kpi-chart-wip').getAttribute('data-points')),
    ).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'demo-history-kpis');
  });

  it('shows every shop work center on the OEE dashboard, with stops and scrap by reason', async () => {
    const report = await takt.api.get<OeeReport>(`/api/oee?from=${from}&to=${to}&groupBy=work-center`);
    const measured = report.rows.filter((r) => r.oee !== null);
    expect(measured.length).toBeGreaterThanOrEqual(12);
    await page.goto(`/oee?from=${from}&to=${to}`);
    await expect.poll(() => page.getByTestId('headline-oee').count()).toBe(1);
    for (const id of ['oee-factor-chart', 'stop-pareto', 'scrap-pareto', 'availability-gap'])
      await expect.poll(() => page.getByTestId(id).getAttribute('data-rendered')).toBe('true');
    expect(Number(await page.getByTestId('oee-factor-chart').getAttribute('data-points'))).toBe(
      measured.length,
    );
    expect(Number(await page.getByTestId('stop-pareto').getAttribute('data-points'))).toBeGreaterThanOrEqual(
      5,
    );
    expect(Number(await page.getByTestId('scrap-pareto').getAttribute('data-points'))).toBeGreaterThanOrEqual(
      3,
    );
    await screenshot(page, 'demo-history-oee');
    expect(problems).toEqual([]);
  });
});
