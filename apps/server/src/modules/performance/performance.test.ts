/**
 * OEE from what really happened on the demo plant: an operator works an operation on the saw
 * (setup, run, good and scrap, finish) at known moments of last week, the machine reports a
 * breakdown over machine data, and the report's figures follow from the calendar, the stop and
 * the counts. The measurements become the plan's uncertainty once there is enough evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { createServices } from '../../services';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
const DAY = 86_400_000;
const M = 60_000;
let from: string;
let to: string;
let sawId: string;
let machine: string;
let plannedMinutes: number;
let sawMachines: number;
let idealPerPart: number;
let t0: number;
let orderId: string;
let sawRates: { machine: number; labour: number; setup: number };

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const {
    order,
    jobs: [job],
  } = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
  await t.services.execution.release(systemActor, { horizonDays: 60 });
  const detail = (await t.as('planner').get(`/api/jobs/${job.id}`)).json();
  const op = detail.operations[0];
  sawId = op.workCenterId;
  idealPerPart = op.runMinutes / job.quantity;
  const saw = (await t.as('planner').get(`/api/work-centers/${sawId}`)).json();
  sawRates = saw.costRates;
  orderId = order.id;

  // last week, whole local days; the first shift of it is when the work happened
  from = new Date(Date.now() - 8 * DAY).toISOString().slice(0, 10);
  to = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
  const working = (
    await t.as('planner').get(`/api/calendars/${saw.calendarId}/working-time?from=${from}&to=${to}`)
  ).json();
  plannedMinutes = working.workingMinutes * saw.machines;
  sawMachines = saw.machines;
  t0 = Date.parse(working.intervals[0].start) + 60 * M;

  const operation = await t.services.execution.operation(op.id);
  machine = operation.machineCode!;
  const operator = t.userIds.operator;
  const book = (kind: 'setup' | 'run' | 'quantity' | 'finish', minutes: number, extra = {}) =>
    t.services.execution.book(
      systemActor,
      operator,
      op.id,
      { clientEventId: `perf-${kind}-${minutes}`, kind, ...extra },
      new Date(t0 + minutes * M),
    );
  const [dim] = (await t.services.reasonCodes.list({ kind: 'scrap' })).filter((r) => r.code === 'DIM');
  await book('setup', 0);
  await book('run', 10);
  // the saw broke down for 15 minutes while it ran (machine data maps it to the running operation), and said so over machine data
  await t.services.machineData.ingest([
    {
      machineCode: machine,
      eventId: 'perf-down',
      kind: 'state',
      state: 'down',
      cycles: null,
      rejects: null,
      at: t0 + 20 * M,
    },
    {
      machineCode: machine,
      eventId: 'perf-up',
      kind: 'state',
      state: 'running',
      cycles: null,
      rejects: null,
      at: t0 + 35 * M,
    },
  ]);
  const [stop] = (await t.services.machineData.listStops({ machineCode: machine, limit: 10, offset: 0 }))
    .items;
  const [breakdown] = (await t.services.reasonCodes.list({ kind: 'stop' })).filter(
    (r) => r.code === 'BREAKDOWN',
  );
  await t.services.machineData.setStopReason(systemActor, stop.id, stop.version, breakdown.id);
  await book('quantity', 40, { goodQuantity: 3, scrapQuantity: 1, scrapReasonId: dim.id });
  await book('finish', 60, { goodQuantity: 1 });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('OEE', () => {
  it('measures a machine from its calendar, its stops and what was booked on it', async () => {
    const response = await t
      .as('supervisor')
      .get(`/api/oee?from=${from}&to=${to}&workCenterId=${sawId}&groupBy=machine`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    // the total is over the machines that reported something: the one saw that worked, not its
    // idle twin (no stop, no count, no booking: no measured OEE)
    expect(sawMachines).toBeGreaterThan(1);
    const measured = plannedMinutes / sawMachines;
    expect(report.total.plannedMinutes).toBeCloseTo(measured, 5);
    expect(report.total.downtimeMinutes).toBe(15);
    expect(report.total).toMatchObject({ totalCount: 5, goodCount: 4 });
    expect(report.total.quality).toBeCloseTo(4 / 5, 10);
    expect(report.total.availability).toBeCloseTo((measured - 15) / measured, 6);
    expect(report.total.performance).toBeCloseTo((5 * idealPerPart) / (measured - 15), 4);
    const idle = report.rows.find((r: { key: string; totalCount: number }) => r.key !== machine);
    expect(idle).toMatchObject({ totalCount: 0, oee: null });
    const row = report.rows.find((r: { key: string }) => r.key === machine);
    expect(row).toMatchObject({ downtimeMinutes: 15, totalCount: 5, goodCount: 4 });

    expect(report.stopPareto[0]).toMatchObject({ reasonCode: 'BREAKDOWN', stops: 1, minutes: 15 });
    expect(report.scrapPareto).toEqual([
      { reasonCode: 'DIM', reasonName: 'Dimension out of tolerance', quantity: 1 },
    ]);
    const [reliability] = report.reliability;
    expect(reliability).toMatchObject({ workCenterCode: 'SAW', failures: 1, mttrMinutes: 15 });
    expect(reliability.mtbfMinutes).toBeCloseTo(plannedMinutes - 15, 4);
    expect(reliability.plannedAvailability).toBeCloseTo(9600 / 9720, 6);
    const [durations] = report.durations;
    expect(durations).toMatchObject({
      workCenterCode: 'SAW',
      operations: 1,
      actualSetupMinutes: 10,
      actualRunMinutes: 50,
    });
  });

  it('splits the same time by day and by shift without losing any', async () => {
    for (const groupBy of ['day', 'shift', 'work-center'] as const) {
      const report = (
        await t
          .as('supervisor')
          .get(`/api/oee?from=${from}&to=${to}&workCenterId=${sawId}&groupBy=${groupBy}`)
      ).json();
      const sum = report.rows.reduce((s: number, r: { plannedMinutes: number }) => s + r.plannedMinutes, 0);
      expect(sum, groupBy).toBeCloseTo(plannedMinutes, 0);
      const down = report.rows.reduce(
        (s: number, r: { downtimeMinutes: number }) => s + r.downtimeMinutes,
        0,
      );
      expect(down, groupBy).toBeCloseTo(15, 5);
    }
    const byShift = (
      await t.as('supervisor').get(`/api/oee?from=${from}&to=${to}&workCenterId=${sawId}&groupBy=shift`)
    ).json();
    expect(byShift.rows.map((r: { key: string }) => r.key)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d\d:\d\d–\d\d:\d\d$/)]),
    );
  });

  it('measures the job over the time it held the machine', async () => {
    const report = (await t.as('supervisor').get(`/api/oee?from=${from}&to=${to}&groupBy=job`)).json();
    const [job] = report.rows;
    expect(job.label).toMatch(/^JOB-\d{6} · FG-ROD-060$/);
    expect(job).toMatchObject({
      plannedMinutes: 60,
      downtimeMinutes: 15,
      runMinutes: 45,
      totalCount: 5,
      goodCount: 4,
    });
  });

  it("makes the booked time the order's actual work cost", async () => {
    // 10 min setup, 50 min run, the operator clocked on for all 60 minutes
    const expected = (10 / 60) * sawRates.setup + (50 / 60) * sawRates.machine + (60 / 60) * sawRates.labour;
    const cost = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    expect(cost.actual.work).toBe(Math.round(expected));
    expect(cost.actual.work).toBeLessThan(cost.committed.work);
  });

  it('refuses a range that ends before it starts', async () => {
    const response = await t.as('supervisor').get(`/api/oee?from=${to}&to=${from}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'to', rule: 'after-from' });
  });

  it('keeps the documented defaults for the plan until there is enough evidence', async () => {
    const measured = await t.services.performance.measuredUncertainty();
    expect(measured.workCenters?.[sawId]).toBeUndefined(); // one breakdown, one operation: not enough
  });

  it('feeds measured breakdowns into the promise once there are enough of them', async () => {
    const [rod] = (await t.as('sales').get('/api/items?q=FG-ROD-060')).json().items;
    const ask = {
      itemId: rod.id,
      quantity: 20, // long enough on the saw that its breakdowns reach past the plan's slack at P90
      requestedDate: new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10),
    };
    // a fresh server process: nothing measured read yet
    const before = await createServices(t.services.db).salesOrders.promise(ask);
    // every machine of the saw broke down every three hours for two hours over the last 75 days
    const saw = (await t.as('planner').get(`/api/work-centers/${sawId}`)).json();
    const start = Date.now() - 75 * DAY;
    const events = Array.from({ length: saw.machines }, (_, i) => `SAW-${i + 1}`).flatMap((code) =>
      Array.from({ length: 600 }, (_, k) => {
        const down = start + k * 180 * M;
        return [
          {
            machineCode: code,
            eventId: `often-${k}-down`,
            kind: 'state' as const,
            state: 'down' as const,
            cycles: null,
            rejects: null,
            at: down,
          },
          {
            machineCode: code,
            eventId: `often-${k}-up`,
            kind: 'state' as const,
            state: 'running' as const,
            cycles: null,
            rejects: null,
            at: down + 120 * M,
          },
        ];
      }).flat(),
    );
    await t.services.machineData.ingest(events);
    const measured = await t.services.performance.measuredUncertainty();
    const breakdowns = measured.workCenters?.[sawId]?.breakdowns;
    expect(breakdowns?.mttr).toBeCloseTo(120, 0);
    expect(breakdowns?.mtbf).toBeLessThan(400);
    const after = await createServices(t.services.db).salesOrders.promise(ask);
    expect(Date.parse(after.promise.plannedAt)).toBe(Date.parse(before.promise.plannedAt)); // the plan itself is the same
    expect(Date.parse(after.promise.p90At)).toBeGreaterThan(Date.parse(before.promise.p90At)); // its confidence is not
  });
});
