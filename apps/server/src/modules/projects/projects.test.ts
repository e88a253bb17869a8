import type { Project } from '@takt/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../testing/responses';
import { openTestApp, type TestApp } from '../../testing/test-app';

/**
 * A small ETO plant: one engineer (work center ENG on an office calendar, 08:00–16:00 Mon–Fri)
 * and one assembly bench (ASSY, 06:00–22:00). Special machines are ETO items with a routing of
 * one assembly operation; their design is the project's engineering tasks.
 */
let t: TestApp;
let eng: { id: string; calendarId: string };
let assy: { id: string };
let customerId: string;
let standardItemId: string;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

async function specialMachine(number: string): Promise<string> {
  const admin = t.as('admin');
  const item = await ok(
    admin.post('/api/items', { number, name: `Special machine ${number}`, kind: 'make', strategy: 'ETO' }),
    201,
  );
  const routing = await ok(
    admin.post(`/api/items/${item.id}/routings`, {
      operations: [
        { number: '010', name: 'Assemble and test', workCenterId: assy.id, runMinutesPerUnit: 480 },
      ],
    }),
    201,
  );
  await ok(
    admin.post(`/api/routings/${routing.id}/release`, { version: routing.version, validFrom: '2020-01-01' }),
  );
  return item.id;
}

async function draftOrder(itemId: string, unitPrice = 25_000_000) {
  const order = await ok(
    t.as('sales').post('/api/sales-orders', {
      customerId,
      lines: [{ itemId, quantity: 1, requestedDate: inDays(20), unitPrice }],
    }),
    201,
  );
  return order as { id: string; version: number; lines: { id: string }[] };
}

const designTasks = () => [
  { number: 'E010', name: 'Concept and layout', workCenterId: eng.id, hours: 16 },
  { number: 'E020', name: 'Detail design', workCenterId: eng.id, hours: 24, predecessors: ['E010'] },
];

/** A confirmed order of a new special machine whose project has the design tasks. */
async function confirmedProject(number: string): Promise<Project> {
  const itemId = await specialMachine(number);
  const order = await draftOrder(itemId);
  const created = await ok<Project>(
    t.as('sales').post('/api/projects', {
      name: `Cell ${number}`,
      salesOrderLineId: order.lines[0].id,
      approvalDays: 3,
      engineeringTasks: designTasks(),
    }),
    201,
  );
  await ok(t.as('sales').post(`/api/sales-orders/${order.id}/confirm`, { version: order.version }));
  return ok<Project>(t.as('engineer').get(`/api/projects/${created.id}`));
}

/** Working minutes of a calendar inside [start, end). */
async function workingMinutesBetween(calendarId: string, start: string, end: string): Promise<number> {
  const from = start.slice(0, 10);
  const to = new Date(Date.parse(end) + DAY).toISOString().slice(0, 10);
  const time = await ok(
    t.as('planner').get(`/api/calendars/${calendarId}/working-time?from=${from}&to=${to}`),
  );
  const a = Date.parse(start);
  const b = Date.parse(end);
  return (time.intervals as { start: string; end: string }[]).reduce(
    (sum, i) => sum + Math.max(0, Math.min(b, Date.parse(i.end)) - Math.max(a, Date.parse(i.start))) / 60_000,
    0,
  );
}

beforeAll(async () => {
  t = await openTestApp();
  const admin = t.as('admin');
  const weekdays = [1, 2, 3, 4, 5];
  const office = await ok(
    admin.post('/api/calendars', {
      name: 'Engineering office',
      timeZone: 'Europe/Berlin',
      shifts: weekdays.map((weekday) => ({ weekday, start: '08:00', end: '16:00' })),
    }),
    201,
  );
  const shop = await ok(
    admin.post('/api/calendars', {
      name: 'Shop two shifts',
      timeZone: 'Europe/Berlin',
      shifts: weekdays.map((weekday) => ({ weekday, start: '06:00', end: '22:00' })),
    }),
    201,
  );
  // the shop calendar is the plant's (most work centers use it)
  assy = await ok(
    admin.post('/api/work-centers', { code: 'ASSY', name: 'Assembly', machines: 1, calendarId: shop.id }),
    201,
  );
  await ok(
    admin.post('/api/work-centers', { code: 'PACK', name: 'Packing', machines: 1, calendarId: shop.id }),
    201,
  );
  eng = await ok(
    admin.post('/api/work-centers', {
      code: 'ENG',
      name: 'Mechanical design',
      machines: 1,
      calendarId: office.id,
    }),
    201,
  );
  const customer = await ok(
    t.as('sales').post('/api/customers', {
      number: 'C-0100',
      name: 'Schmiede Nord GmbH',
      contacts: [],
      deliveryAddresses: [
        {
          label: 'Plant',
          street: 'Hafenstraße 4',
          postalCode: '20457',
          city: 'Hamburg',
          country: 'DE',
          isDefault: true,
        },
      ],
    }),
    201,
  );
  customerId = customer.id;
  const standard = await ok(
    admin.post('/api/items', { number: 'STD-1', name: 'Standard part', kind: 'make' }),
    201,
  );
  standardItemId = standard.id;
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('engineer-to-order projects', () => {
  let first: Project;

  it('plans the design on the engineers’ calendar before production, and the promise includes it', async () => {
    first = await confirmedProject('SPM-A');
    const [concept, detail] = first.engineeringTasks;
    expect(concept.operation, 'planning made an operation of the task').not.toBeNull();
    expect(detail.operation).not.toBeNull();
    const c = concept.operation!;
    const d = detail.operation!;
    expect(c.engineer).toBe('ENG-1');
    expect(d.jobNumber).toBe(c.jobNumber);
    // the engineer's calendar: 16 h of work take exactly 16 working hours of the office
    expect(await workingMinutesBetween(eng.calendarId, c.plannedStart!, c.plannedEnd!)).toBe(16 * 60);
    expect(await workingMinutesBetween(eng.calendarId, d.plannedStart!, d.plannedEnd!)).toBe(24 * 60);
    for (const at of [c.plannedStart!, c.plannedEnd!, d.plannedStart!, d.plannedEnd!]) {
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
        hourCycle: 'h23',
      }).format(new Date(at));
      expect(local, at).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[89]|1[0-5]):\d\d$|^(Mon|Tue|Wed|Thu|Fri) 16:00$/);
    }
    expect(Date.parse(d.plannedStart!)).toBeGreaterThanOrEqual(Date.parse(c.plannedEnd!));
    // production waits for the design and the customer's three days of approval
    const job = await ok(t.as('planner').get(`/api/jobs/${c.jobId}`));
    const assemble = job.operations.find((o: { number: string }) => o.number === '010');
    expect(Date.parse(assemble.plannedStart)).toBeGreaterThanOrEqual(Date.parse(d.plannedEnd!) + 3 * DAY);
    expect(Date.parse(first.promise!.plannedAt)).toBeGreaterThanOrEqual(Date.parse(assemble.plannedEnd));
    expect(Date.parse(first.promise!.p90At)).toBeGreaterThanOrEqual(Date.parse(first.promise!.plannedAt));
    // the phases the plan knows carry its dates
    const phase = (kind: string) => first.phases.find((p) => p.kind === kind)!;
    expect(phase('design').scheduled).toEqual({ start: c.plannedStart, end: d.plannedEnd });
    expect(phase('production').scheduled).toEqual({
      start: assemble.plannedSetupStart ?? assemble.plannedStart,
      end: assemble.plannedEnd,
    });
    expect(phase('delivery').scheduled).toEqual({
      start: first.promise!.plannedAt,
      end: first.promise!.p90At,
    });
    expect(phase('specification').scheduled).toBeNull();
    expect(first).toMatchObject({
      status: 'active',
      salesOrderNumber: expect.stringMatching(/^SO-/),
      number: expect.stringMatching(/^PRJ-\d{6}$/),
    });
  });

  it('promises a second project on the same engineer later: engineering load moves the promise', async () => {
    const second = await confirmedProject('SPM-B');
    const firstDesignEnd = Date.parse(first.engineeringTasks[1].operation!.plannedEnd!);
    expect(Date.parse(second.engineeringTasks[0].operation!.plannedStart!)).toBeGreaterThanOrEqual(
      firstDesignEnd,
    );
    expect(Date.parse(second.promise!.plannedAt)).toBeGreaterThan(Date.parse(first.promise!.plannedAt));
    expect(second.promise!.binding).toMatchObject({ kind: 'capacity', workCenterCode: 'ENG' });
    expect(second.promise!.explanation).toMatch(/^Mechanical design is full until/);
  });

  it('puts the design into a quote’s promise once the quote line has a project', async () => {
    const itemId = await specialMachine('SPM-Q');
    const quote = await ok(
      t.as('sales').post('/api/quotes', {
        customerId,
        lines: [{ itemId, quantity: 1, requestedDate: inDays(5), unitPrice: 10_000_000 }],
      }),
      201,
    );
    const withoutDesign = Date.parse(quote.lines[0].promise.plannedAt);
    const project = await ok<Project>(
      t.as('sales').post('/api/projects', {
        name: 'Quoted cell',
        quoteLineId: quote.lines[0].id,
        engineeringTasks: [{ number: 'E010', name: 'Layout', workCenterId: eng.id, hours: 40 }],
      }),
      201,
    );
    expect(project).toMatchObject({
      status: 'quoting',
      quoteNumber: `${quote.number} rev 1`,
      salesOrderLineId: null,
    });
    const again = await ok(
      t.as('sales').post(`/api/quotes/${quote.id}/repromise`, { version: quote.version }),
    );
    expect(again.lines[0].id).toBe(quote.lines[0].id);
    // behind the two projects already on the engineer, plus 40 h of its own
    expect(Date.parse(again.lines[0].promise.plannedAt)).toBeGreaterThan(withoutDesign + 5 * DAY);
    // the order the quote becomes takes the project over
    const accepted = await ok(
      t.as('sales').post(`/api/quotes/${quote.id}/accept`, { version: again.version }),
      201,
    );
    const linked = await ok<Project>(
      t.as('sales').patch(`/api/projects/${project.id}`, {
        version: project.version,
        salesOrderLineId: accepted.order.lines[0].id,
      }),
    );
    expect(linked).toMatchObject({ status: 'active', salesOrderNumber: accepted.order.number, version: 2 });
    expect(linked.paymentTotals.amount).toBe(10_000_000);
  });

  it('makes a milestone’s payments due when it completes, then invoiced and paid', async () => {
    const order = first.milestones.find((m) => m.kind === 'order')!;
    const advance = first.payments.find((p) => p.milestoneId === order.id)!;
    expect(advance).toMatchObject({ status: 'planned', percent: 30, amount: 7_500_000, dueAt: null });
    expect(first.paymentTotals).toMatchObject({ percent: 100, amount: 25_000_000, planned: 25_000_000 });
    const done = await ok<Project>(
      t
        .as('sales')
        .post(`/api/projects/${first.id}/milestones/${order.id}/complete`, { version: order.version }),
    );
    expect(done.milestones.find((m) => m.id === order.id)).toMatchObject({ completedBy: 'Test sales' });
    const due = done.payments.find((p) => p.id === advance.id)!;
    expect(due).toMatchObject({ status: 'due', dueAt: expect.any(String) });
    expect(done.payments.filter((p) => p.status === 'due')).toHaveLength(1);
    expect(done.paymentTotals.due).toBe(7_500_000);
    const again = await t
      .as('sales')
      .post(`/api/projects/${first.id}/milestones/${order.id}/complete`, { version: order.version });
    expect(again.statusCode).toBe(409);
    const notDue = done.payments.find((p) => p.status === 'planned')!;
    const early = await t.as('sales').post(`/api/projects/${first.id}/payments/${notDue.id}/invoice`, {
      version: notDue.version,
      invoiceNumber: 'RE-1',
    });
    expect(early.statusCode).toBe(422);
    const invoiced = await ok<Project>(
      t.as('sales').post(`/api/projects/${first.id}/payments/${due.id}/invoice`, {
        version: due.version,
        invoiceNumber: 'RE-2026-0042',
      }),
    );
    const inv = invoiced.payments.find((p) => p.id === due.id)!;
    expect(inv).toMatchObject({ status: 'invoiced', invoiceNumber: 'RE-2026-0042' });
    const paid = await ok<Project>(
      t.as('sales').post(`/api/projects/${first.id}/payments/${due.id}/paid`, { version: inv.version }),
    );
    expect(paid.payments.find((p) => p.id === due.id)).toMatchObject({
      status: 'paid',
      paidAt: expect.any(String),
    });
    expect(paid.paymentTotals).toMatchObject({ paid: 7_500_000, due: 0 });
    const audit = (await t.as('admin').get(`/api/audit?entity=eto-project-payment&entityId=${due.id}`)).json()
      .items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['paid', 'invoice']);
  });

  it('refuses a payment plan that does not add up to 100 %, and keeps invoiced payments', async () => {
    const current = await ok<Project>(t.as('sales').get(`/api/projects/${first.id}`));
    const [, m2] = current.milestones;
    const paid = current.payments.find((p) => p.status === 'paid')!;
    const off = await t.as('sales').put(`/api/projects/${first.id}/payment-plan`, {
      version: current.version,
      payments: [
        { id: paid.id, label: paid.label, percent: 30, milestoneId: paid.milestoneId },
        { label: 'Rest', percent: 60, milestoneId: m2.id },
      ],
    });
    expect(off.statusCode).toBe(422);
    expect(off.json().errors).toMatchObject([{ field: 'payments', rule: 'sum-100' }]);
    const dropsPaid = await t.as('sales').put(`/api/projects/${first.id}/payment-plan`, {
      version: current.version,
      payments: [{ label: 'All at once', percent: 100, milestoneId: m2.id }],
    });
    expect(dropsPaid.statusCode).toBe(422);
    expect(dropsPaid.json().errors[0]).toMatchObject({ rule: 'invoiced' });
    const plan = await ok<Project>(
      t.as('sales').put(`/api/projects/${first.id}/payment-plan`, {
        version: current.version,
        payments: [
          { id: paid.id, label: paid.label, percent: 30, milestoneId: paid.milestoneId },
          { label: 'On approval', percent: 33.3333, milestoneId: current.milestones[2].id },
          { label: 'On delivery', percent: 36.6667, milestoneId: current.milestones[4].id },
        ],
      }),
    );
    expect(plan.payments.map((p) => [p.status, p.amount])).toEqual([
      ['paid', 7_500_000],
      ['planned', 8_333_325],
      ['planned', 9_166_675],
    ]);
    expect(plan.paymentTotals).toMatchObject({ percent: 100, amount: 25_000_000 });
    expect(plan.version).toBe(current.version + 1);
    const stale = await t.as('sales').put(`/api/projects/${first.id}/payment-plan`, {
      version: current.version,
      payments: [{ id: paid.id, label: paid.label, percent: 100, milestoneId: paid.milestoneId }],
    });
    expect(stale.statusCode).toBe(409);
  });

  it('edits phases at their version; a stale version is a 409, an end before the start a 422', async () => {
    const phase = first.phases.find((p) => p.kind === 'specification')!;
    const set = await ok<Project>(
      t.as('engineer').patch(`/api/projects/${first.id}/phases/${phase.id}`, {
        version: phase.version,
        plannedStart: '2026-10-01',
        plannedEnd: '2026-11-15',
        status: 'done',
        actualEnd: '2026-11-20',
      }),
    );
    expect(set.phases.find((p) => p.id === phase.id)).toMatchObject({
      status: 'done',
      plannedStart: '2026-10-01',
      plannedEnd: '2026-11-15',
      actualEnd: '2026-11-20',
      actualStart: expect.any(String),
      version: 2,
    });
    const stale = await t
      .as('engineer')
      .patch(`/api/projects/${first.id}/phases/${phase.id}`, { version: 1, note: 'late' }, {});
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 2 });
    const backwards = await t
      .as('engineer')
      .patch(`/api/projects/${first.id}/phases/${phase.id}`, { version: 2, plannedEnd: '2026-09-01' });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toMatchObject([{ field: 'plannedEnd', rule: 'after-start' }]);
    const milestone = first.milestones.find((m) => m.kind === 'fat')!;
    const dated = await ok<Project>(
      t.as('engineer').patch(`/api/projects/${first.id}/milestones/${milestone.id}`, {
        version: milestone.version,
        dueDate: '2027-02-01',
      }),
    );
    expect(dated.milestones.find((m) => m.id === milestone.id)).toMatchObject({
      dueDate: '2027-02-01',
      version: 2,
    });
  });

  it('answers unknown ids with 404 and broken rules with 422', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    const sales = t.as('sales');
    expect((await sales.get(`/api/projects/${nobody}`)).statusCode).toBe(404);
    expect((await sales.patch(`/api/projects/${nobody}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await sales.patch(`/api/projects/${first.id}/phases/${nobody}`, { version: 1 })).statusCode).toBe(
      404,
    );
    expect(
      (await sales.post(`/api/projects/${first.id}/milestones/${nobody}/complete`, { version: 1 }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await sales.post(`/api/projects/${first.id}/payments/${nobody}/invoice`, {
          version: 1,
          invoiceNumber: 'X',
        })
      ).statusCode,
    ).toBe(404);
    // a milestone of another project is not found under this one
    const other = (await sales.get('/api/projects?q=SPM-B')).json().items[0];
    const otherProject = await ok<Project>(sales.get(`/api/projects/${other.id}`));
    expect(
      (
        await sales.post(`/api/projects/${first.id}/milestones/${otherProject.milestones[0].id}/complete`, {
          version: 1,
        })
      ).statusCode,
    ).toBe(404);
    expect((await sales.get('/api/projects/not-a-uuid')).statusCode).toBe(400);

    const standardOrder = await draftOrder(standardItemId, 1000);
    const notEto = await sales.post('/api/projects', {
      name: 'x',
      salesOrderLineId: standardOrder.lines[0].id,
    });
    expect(notEto.statusCode).toBe(422);
    expect(notEto.json().errors).toMatchObject([{ field: 'salesOrderLineId', rule: 'engineer-to-order' }]);
    const unknownLine = await sales.post('/api/projects', { name: 'x', salesOrderLineId: nobody });
    expect(unknownLine.json().errors).toMatchObject([{ field: 'salesOrderLineId', rule: 'exists' }]);
    const twice = await sales.post('/api/projects', {
      name: 'again',
      salesOrderLineId: first.salesOrderLineId,
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toMatchObject([{ field: 'salesOrderLineId', rule: 'unique' }]);
    const both = await sales.post('/api/projects', { name: 'x' });
    expect(both.statusCode).toBe(400);

    const cycleItem = await specialMachine('SPM-C');
    const cycleOrder = await draftOrder(cycleItem);
    const cycle = await sales.post('/api/projects', {
      name: 'cycle',
      salesOrderLineId: cycleOrder.lines[0].id,
      engineeringTasks: [
        { number: 'E010', name: 'a', workCenterId: eng.id, hours: 1, predecessors: ['E020'] },
        { number: 'E020', name: 'b', workCenterId: eng.id, hours: 1, predecessors: ['E010'] },
      ],
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0]).toMatchObject({ rule: 'no-cycle' });

    // planned design work is the job's now: the same tasks again leave its operations as they are
    const current = await ok<Project>(sales.get(`/api/projects/${first.id}`));
    const replace = await ok<Project>(
      sales.put(`/api/projects/${first.id}/engineering-tasks`, {
        version: current.version,
        tasks: designTasks(),
      }),
    );
    expect(replace.engineeringTasks.map((x) => x.operation?.id)).toEqual(
      current.engineeringTasks.map((x) => x.operation?.id),
    );
  });

  it('lists projects with their current phase, next milestone and what is due, searchable', async () => {
    const list = await ok(t.as('planner').get('/api/projects?q=SPM-A'));
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: first.id,
      currentPhase: 'design',
      nextMilestone: { name: 'Design review' },
      orderValue: { amount: 25_000_000, currency: 'EUR' },
      dueAmount: 0,
    });
    const all = await ok(t.as('planner').get('/api/projects?limit=2&offset=0'));
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect((await t.as('operator').get('/api/projects')).statusCode).toBe(403);
  });
});
