import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the demo plant', () => {
  it('has about 12 work centers on a two-shift calendar, and 40+ items', async () => {
    const wcs = (await t.as('planner').get('/api/work-centers?limit=100')).json();
    expect(wcs.total).toBeGreaterThanOrEqual(12);
    expect(wcs.items.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining([
        'SAW',
        'FP16',
        'FP40',
        'HT',
        'LATHE',
        'MILL',
        'GRIND',
        'INSP',
        'ASSY',
        'PAINT',
      ]),
    );
    const items = (await t.as('planner').get('/api/items?limit=1')).json();
    expect(items.total).toBeGreaterThanOrEqual(40);
    const configurable = (await t.as('planner').get('/api/items?q=CFG-')).json().items;
    expect(configurable[0].configurable).toBe(true);
  });

  it('has BOMs at least four levels deep (drive unit → assembly → machined part → forging → bar)', async () => {
    const [drive] = (await t.as('engineer').get('/api/items?q=AS-DRIVE-080')).json().items;
    const lines = (await t.as('engineer').get(`/api/items/${drive.id}/explosion?date=2026-06-01`)).json()
      .lines;
    expect(Math.max(...lines.map((l: { level: number }) => l.level))).toBe(4);
    const bar = lines.find((l: { number: string; level: number }) => l.number === 'RM-34CRNIMO6-150');
    expect(bar).toMatchObject({ level: 4 });
    expect(bar.extendedQuantity).toBeCloseTo(1 * 1.02 * 52 * 1.04, 6);
  });

  it('gives every make item a released routing', async () => {
    const makes = (await t.as('engineer').get('/api/items?kind=make&limit=100')).json().items;
    for (const item of makes) {
      const routings = (await t.as('engineer').get(`/api/items/${item.id}/routings`)).json();
      expect(
        routings.filter((r: { status: string }) => r.status === 'released'),
        item.number,
      ).toHaveLength(1);
    }
  });

  it('has suppliers with realistic lead times for every purchased item, and customers', async () => {
    const buys = (await t.as('buyer').get('/api/items?kind=buy&limit=100')).json().items;
    for (const item of buys) {
      const terms = (await t.as('buyer').get(`/api/items/${item.id}/supply-terms`)).json();
      expect(
        terms.filter((x: { preferred: boolean }) => x.preferred),
        item.number,
      ).toHaveLength(1);
    }
    const [special] = (await t.as('buyer').get('/api/items?q=RM-34CRNIMO6')).json().items;
    expect((await t.as('buyer').get(`/api/items/${special.id}/supply-terms`)).json()[0].leadTimeDays).toBe(
      42,
    );
    expect((await t.as('sales').get('/api/customers')).json().total).toBeGreaterThanOrEqual(4);
  });

  it('loads only into an empty plant', async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(false);
  });

  it('shows the two-shift calendar as 16 working hours on a weekday and none on a holiday', async () => {
    const [saw] = (await t.as('planner').get('/api/work-centers?q=SAW')).json().items;
    const week = (
      await t.as('planner').get(`/api/calendars/${saw.calendarId}/working-time?from=2026-03-23&to=2026-03-23`)
    ).json();
    expect(week.workingMinutes).toBe(16 * 60);
    expect(week.intervals[0]).toEqual({ start: '2026-03-23T05:00:00.000Z', end: '2026-03-23T21:00:00.000Z' });
    const goodFriday = (
      await t.as('planner').get(`/api/calendars/${saw.calendarId}/working-time?from=2026-04-03&to=2026-04-03`)
    ).json();
    expect(goodFriday.workingMinutes).toBe(0);
  });
});
