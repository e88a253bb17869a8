/**
 * The demo history's last week looks like the weeks before it: the shop floor's booked
 * utilisation of the seven days before today is within 0.6×–1.4× of the mean of the seven
 * weeks before, read through the KPIs as the planner reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app';
import { seedDemoHistory } from './demo-history';
import { addDays } from './demo-history-shifts';

let t: TestApp;
const today = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());

beforeAll(async () => {
  t = await openTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
  expect(await seedDemoHistory(t.services.db, { today })).not.toBeNull();
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('the demo history’s last week', () => {
  it('books about as much of the shifts as the weeks before it', async () => {
    // seven-day windows ending yesterday, the last one first
    const utilisation: number[] = [];
    for (let k = 0; k < 8; k++) {
      const from = addDays(today, -7 * (k + 1));
      const to = addDays(today, -7 * k - 1);
      const response = await t.as('planner').get(`/api/planning/kpis?from=${from}&to=${to}&bucket=week`);
      expect(response.statusCode, response.body).toBe(200);
      utilisation.push(response.json().total.utilisation ?? 0);
    }
    const [last, ...before] = utilisation;
    const mean = before.reduce((s, u) => s + u, 0) / before.length;
    const ratio = last / mean;
    expect(ratio, `last week ${last} %, the seven before ${before.join(', ')} %`).toBeGreaterThanOrEqual(0.6);
    expect(ratio, `last week ${last} %, the seven before ${before.join(', ')} %`).toBeLessThanOrEqual(1.4);
  });
});
