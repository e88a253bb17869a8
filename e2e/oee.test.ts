/**
 * The OEE dashboard in the browser, on the demo plant, over real measurements: a confirmed
 * order's jobs are released; an operator books setup, run, good parts and scrap (two reasons)
 * and finishes two operations; a machine reports two stops over MQTT, which get their reasons.
 * The plant manager then reads the dashboard: headline figures as the API computes them, the
 * factor chart, both Paretos, planned against measured availability, duration accuracy; then
 * by day, for one work center, for a range without data and for a range the server refuses.
 */
import type { OeeReport } from '@takt/contracts';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, signIn } from './support/browser';
import { screenshot } from './support/screenshots';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTaktServer, type TaktTestServer } from './support/takt-server';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);

interface DispatchOperation {
  id: string;
  jobId: string;
  status: string;
  jobQuantity: number;
  waitingFor: string[];
}

/** A terminal's session: signed in by badge, as an operator is. */
async function operatorSession(baseUrl: string, badgeCode: string) {
  const login = await fetch(`${baseUrl}/api/auth/badge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ badgeCode }),
  });
  if (!login.ok) throw new Error(`badge ${badgeCode}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  let tap = 0;
  return async function book(operationId: string, body: Record<string, unknown>) {
    const response = await fetch(`${baseUrl}/api/job-operations/${operationId}/bookings`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ clientEventId: `e2e-oee-${operationId}-${++tap}`, ...body }),
    });
    if (!response.ok) throw new Error(`booking ${body.kind}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { operation: { machineCode: string | null } };
  };
}

describe('OEE dashboard', () => {
  let takt: TaktTestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let sawId: string;

  beforeAll(async () => {
    [takt, browser] = await Promise.all([startTaktServer(), launchBrowser()]);
    const api = takt.api;
    const items = await api.get<{ items: { id: string }[] }>('/api/items?q=FG-ROD-060');
    const customers = await api.get<{ items: { id: string }[] }>('/api/customers?q=C-0001');
    const order = await api.post<{ id: string; version: number }>('/api/sales-orders', {
      customerId: customers.items[0].id,
      lines: [{ itemId: items.items[0].id, quantity: 4, requestedDate: inDays(20), unitPrice: 20_000 }],
    });
    await api.post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    await api.post('/api/jobs/release', { horizonDays: 60 });
    const wcs = await api.get<{ items: { id: string; code: string }[] }>('/api/work-centers?q=SAW');
    sawId = wcs.items.find((w) => w.code === 'SAW')!.id;

    const scrapReasons = await api.get<{ id: string; code: string }[]>('/api/reason-codes?kind=scrap');
    const stopReasons = await api.get<{ id: string; code: string }[]>('/api/reason-codes?kind=stop');
    const scrap = (code: string) => scrapReasons.find((r) => r.code === code)!.id;

    // an operator works the saw operation of a job, then its next operation elsewhere: setup,
    // run, good parts and scrap, finish
    const book = await operatorSession(takt.url, '1001');
    const work = async (op: DispatchOperation, scrapCode: string, scrapQuantity: number) => {
      await book(op.id, { kind: 'setup' });
      const running = await book(op.id, { kind: 'run' });
      await book(op.id, {
        kind: 'quantity',
        goodQuantity: Math.max(1, op.jobQuantity - 1),
        scrapQuantity,
        scrapReasonId: scrap(scrapCode),
      });
      await book(op.id, { kind: 'finish', goodQuantity: 1 });
      return running.operation.machineCode ?? '';
    };
    const readyAt = async (workCenterId: string) =>
      (
        await api.get<{ operations: DispatchOperation[] }>(`/api/work-centers/${workCenterId}/dispatch-list`)
      ).operations.filter((o) => o.status === 'released' && o.waitingFor.length === 0);
    const first = (await readyAt(sawId))[0];
    const machineCode = await work(first, 'DIM', 1);
    const all = await api.get<{ items: { id: string }[] }>('/api/work-centers?limit=100');
    let next: DispatchOperation | undefined;
    for (const wc of all.items) {
      next = (await readyAt(wc.id)).find((o) => o.jobId === first.jobId);
      if (next) break;
    }
    expect(next).toBeDefined();
    await work(next!, 'SURFACE', 2);
    expect(machineCode).not.toBe('');

    // the saw stopped twice today, as its controller reports over MQTT to the embedded broker
    const ingestion = await api.get<{ bus: { url: string | null } }>('/api/machine-data/ingestion');
    const client = await mqtt.connectAsync(ingestion.bus.url!, { clientId: 'e2e-oee-machine' });
    const states: [string, number][] = [
      ['down', 70],
      ['running', 45],
      ['down', 30],
      ['running', 20],
    ];
    for (const [i, [state, ago]] of states.entries())
      await client.publishAsync(
        `takt/plant/${machineCode}/state`,
        JSON.stringify({ eventId: `e2e-oee-${i}`, state, at: minutesAgo(ago) }),
        { qos: 1 },
      );
    await client.endAsync();
    type Stop = { id: string; version: number; startedAt: string; endedAt: string | null };
    let stops: Stop[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
      stops = (await api.get<{ items: Stop[] }>(`/api/machine-stops?workCenterId=${sawId}`)).items;
      if (stops.filter((s) => s.endedAt !== null).length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stops.filter((s) => s.endedAt !== null)).toHaveLength(2);
    // the supervisor gives the reasons: the longer stop was a breakdown, the shorter a tool change
    const [earlier, later] = [...stops].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const stopReason = (code: string) => stopReasons.find((r) => r.code === code)!.id;
    await api.post(`/api/machine-stops/${earlier.id}/reason`, {
      reasonId: stopReason('BREAKDOWN'),
      version: earlier.version,
    });
    await api.post(`/api/machine-stops/${later.id}/reason`, {
      reasonId: stopReason('TOOL'),
      version: later.version,
    });

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

  /** The report the page asked for, read from the API with the page's own filter. */
  async function reportOnPage(groupBy = 'work-center', workCenterId?: string): Promise<OeeReport> {
    const from = await page.getByTestId('oee-from').inputValue();
    const to = await page.getByTestId('oee-to').inputValue();
    const wc = workCenterId ? `&workCenterId=${workCenterId}` : '';
    return takt.api.get<OeeReport>(`/api/oee?from=${from}&to=${to}&groupBy=${groupBy}${wc}`);
  }

  const chart = (testId: string) => page.getByTestId(testId);
  const pointsOf = async (testId: string) => Number(await chart(testId).getAttribute('data-points'));

  it('is in the shop floor navigation and opens on the last seven plant days', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'OEE', exact: true }).click();
    await page.waitForURL('**/oee');
    await expect.poll(() => page.getByTestId('headline-oee').count()).toBe(1);
    const from = await page.getByTestId('oee-from').inputValue();
    const to = await page.getByTestId('oee-to').inputValue();
    expect(Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)).toBe(6);
  });

  it('shows the four figures as the server measured them, and every chart with data', async () => {
    const report = await reportOnPage();
    expect(report.total.totalCount).toBeGreaterThan(0);
    for (const factor of ['oee', 'availability', 'performance', 'quality'] as const) {
      await expect
        .poll(() => page.getByTestId(`headline-${factor}-value`).textContent())
        .toBe(percent(report.total[factor]));
      expect(await page.getByTestId(`headline-${factor}`).getAttribute('data-level')).toMatch(
        /good|fair|poor/,
      );
    }
    // 3 scrapped of what was made: quality is below 100 % and coloured
    expect(report.total.quality).toBeLessThan(1);

    for (const id of ['oee-factor-chart', 'stop-pareto', 'scrap-pareto', 'availability-gap'])
      await expect.poll(() => chart(id).getAttribute('data-rendered')).toBe('true');
    expect(await pointsOf('oee-factor-chart')).toBeGreaterThanOrEqual(1);
    // breakdown and tool change, the two reasons given
    expect(await pointsOf('stop-pareto')).toBe(report.stopPareto.filter((s) => !s.planned).length);
    expect(report.stopPareto.map((s) => s.reasonCode)).toEqual(expect.arrayContaining(['BREAKDOWN', 'TOOL']));
    expect(await pointsOf('scrap-pareto')).toBe(2);
    expect(await pointsOf('availability-gap')).toBe(report.reliability.length);
    expect(await page.getByTestId('reliability-row').count()).toBe(report.reliability.length);
    expect(await page.getByTestId('duration-row').count()).toBe(report.durations.length);
    const saw = page.locator('[data-testid=duration-row][data-code=SAW]');
    expect(await saw.locator('td').nth(1).textContent()).toBe('1');
    await screenshot(page, 'oee-dashboard');
  });

  it('groups by day in time order and by machine for one work center', async () => {
    await page.getByTestId('oee-group-by').getByText('Day', { exact: true }).click();
    await page.waitForURL('**/oee?by=day');
    const byDay = await reportOnPage('day');
    // every day with working time, so the time axis has no holes
    await expect.poll(() => pointsOf('oee-factor-chart')).toBe(byDay.rows.length);
    expect(await page.getByText('OEE by day').count()).toBe(1);
    await screenshot(page, 'oee-by-day');

    await page.goto(`/oee?by=machine&wc=${sawId}`);
    await expect.poll(() => page.getByTestId('reliability-row').count()).toBe(1);
    const saw = await reportOnPage('machine', sawId);
    // the select names the work center once the work centers have loaded
    await expect.poll(() => page.getByTestId('oee-work-center').inputValue()).toMatch(/^SAW/);
    await expect
      .poll(() => page.getByTestId('headline-oee-value').textContent())
      .toBe(percent(saw.total.oee));
    await expect.poll(() => chart('oee-factor-chart').getAttribute('data-rendered')).toBe('true');
    await screenshot(page, 'oee-saw-by-machine');
  });

  it('says so plainly when nothing was measured in the range', async () => {
    await page.goto('/oee?from=2020-01-06&to=2020-01-12');
    await expect.poll(() => page.getByTestId('oee-empty').textContent()).toMatch(/No production measured/);
    expect(await page.locator('canvas').count()).toBe(0);
    await screenshot(page, 'oee-empty');
  });

  it('shows the server’s reason when it refuses the range', async () => {
    await page.goto('/oee?from=2020-01-01&to=2022-01-01');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/at most \d+ days/);
    await screenshot(page, 'oee-error');
    // the refused range is the only failed request
    expect(problems.filter((p) => !/status of 4(00|22)/.test(p))).toEqual([]);
  });
});
