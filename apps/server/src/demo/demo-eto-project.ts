/**
 * The demo plant's engineer-to-order side: an engineering office (mechanical and electrical
 * design work centers whose machines are the engineers, on an office calendar) and one special
 * machine in progress, a handling cell for a customer's forging press. Its specification is done,
 * the order is confirmed with the design planned on the engineers' capacity before assembly, the
 * concept is designed (booked by its engineer), the detail design is under way, and the advance
 * is invoiced and paid; the rest of the payment plan waits for its milestones. The BOM in force
 * is the concept's (released with the order): placeholders at the specification's estimates for
 * the frame and fencing and for the cell control, so the order's preliminary cost has its
 * material; the parts and the routing beyond the provisional assembly steps are still to be
 * designed (the design's own lines start at position 10).
 *
 * Loaded after the demo plant, through the modules' services, in one transaction.
 */
import { randomBytes } from 'node:crypto';
import {
  calendarInput,
  createItemBody,
  createPlaceholderBody,
  createRoutingBody,
  projectInput,
  workCenterInput,
} from '@takt/contracts';
import { localToUtc } from '@takt/engine';
import { plantToday } from '../modules/catalog/plant-structure';
import { placeholderItem } from '../modules/engineering/placeholder-item';
import { type Actor, systemActor } from '../platform/audit';
import type { Db } from '../platform/db/database';
import { createServices } from '../services';
import { DEMO_VALID_FROM, demoHolidays } from './demo-plant-data';

const DAY_MS = 86_400_000;
export const DEMO_ETO_ITEM = 'ETO-HANDLING-CELL';

export const demoEngineers = [
  { name: 'Lena Hoffmann', email: 'lena.hoffmann@demo.takt', badgeCode: '2001' },
  { name: 'Tobias Keller', email: 'tobias.keller@demo.takt', badgeCode: '2002' },
  { name: 'Sven Richter', email: 'sven.richter@demo.takt', badgeCode: '2003' },
];

/** The concept's placeholders (positions 1, 2 of the cell's BOM) at the specification's estimates. */
export const demoConceptEstimates = [
  {
    number: 'PH-FP2500-FRAME',
    name: 'Cell frame and safety fencing (concept estimate)',
    estimatedCost: { amount: 3_850_000, currency: 'EUR' },
    estimatedLeadTimeDays: 30,
  },
  {
    number: 'PH-FP2500-CONTROL',
    name: 'Control cabinet and cell PLC (concept estimate)',
    estimatedCost: { amount: 2_600_000, currency: 'EUR' },
    estimatedLeadTimeDays: 25,
  },
];

const isoDay = (today: string, days: number) =>
  new Date(Date.parse(today) + days * DAY_MS).toISOString().slice(0, 10);

/** Loads the engineering office and the demo project; returns false when it is already there. */
export async function seedDemoEtoProject(db: Db, actor: Actor = systemActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const s = createServices(tx);
    const existing = await s.items.list({ q: DEMO_ETO_ITEM, limit: 1, offset: 0 });
    if (existing.total > 0) return false;
    const [customer] = (await s.customers.list({ q: 'C-0002', limit: 1, offset: 0 })).items;
    const assembly = (await s.workCenters.list({ q: 'ASSY', limit: 5, offset: 0 })).items.find(
      (w) => w.code === 'ASSY',
    );
    const inspection = (await s.workCenters.list({ q: 'INSP', limit: 5, offset: 0 })).items.find(
      (w) => w.code === 'INSP',
    );
    if (!customer || !assembly || !inspection)
      throw new Error('the demo ETO project needs the demo plant first');

    const office = await s.calendars.create(
      actor,
      calendarInput.parse({
        name: 'Engineering office Mon–Fri',
        timeZone: 'Europe/Berlin',
        shifts: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:30' })),
        holidays: demoHolidays,
      }),
    );
    // TD-* (technical design): the design office is listed under the shop on the planning board
    const mechanical = await s.workCenters.create(
      actor,
      workCenterInput.parse({
        code: 'TD-MECH',
        name: 'Mechanical design',
        machines: 2,
        calendarId: office.id,
        costRates: { machine: 0, labour: 9500, setup: 0, currency: 'EUR' },
      }),
    );
    const electrical = await s.workCenters.create(
      actor,
      workCenterInput.parse({
        code: 'TD-ELEC',
        name: 'Electrical design',
        machines: 1,
        calendarId: office.id,
        costRates: { machine: 0, labour: 9500, setup: 0, currency: 'EUR' },
      }),
    );
    // the engineers book their design hours at the terminal like operators
    const engineers = [];
    for (const e of demoEngineers)
      engineers.push(
        await s.identity.createUser(actor, {
          ...e,
          password: randomBytes(18).toString('base64url'),
          roles: ['engineer', 'operator'],
        }),
      );

    const cell = await s.items.create(
      actor,
      createItemBody.parse({
        number: DEMO_ETO_ITEM,
        name: 'Handling cell for forging press FP-2500 (special machine)',
        kind: 'make',
        strategy: 'ETO',
        standardCost: { amount: 31_000_000, currency: 'EUR' },
      }),
    );
    // provisional assembly steps; the BOM is designed in the project
    const routing = await s.routings.create(
      actor,
      cell.id,
      createRoutingBody.parse({
        revision: 'A',
        operations: [
          {
            number: '010',
            name: 'Mechanical assembly of the cell',
            workCenterId: assembly.id,
            setupMinutes: 60,
            runMinutesPerUnit: 2400,
          },
          {
            number: '020',
            name: 'Electrical installation and wiring',
            workCenterId: assembly.id,
            runMinutesPerUnit: 1440,
          },
          {
            number: '030',
            name: 'Factory acceptance test with the customer',
            workCenterId: inspection.id,
            runMinutesPerUnit: 480,
          },
        ],
      }),
    );
    await s.routings.release(actor, routing.id, routing.version, DEMO_VALID_FROM);
    // the specification's estimates, as placeholders: what the quote and the order were costed with
    const concept = [];
    for (const estimate of demoConceptEstimates)
      concept.push(await s.items.create(actor, placeholderItem(createPlaceholderBody.parse(estimate))));
    const conceptBom = await s.boms.create(actor, cell.id, {
      lines: concept.map((p, x) => ({ position: x + 1, childItemId: p.id, quantityPer: 1 })),
    });
    await s.boms.release(actor, conceptBom.id, conceptBom.version, DEMO_VALID_FROM);

    const today = await plantToday(tx);
    const order = await s.salesOrders.create(actor, {
      customerId: customer.id,
      customerReference: 'Alpen FT / Schmiede Linz, cell FP-2500',
      lines: [
        {
          itemId: cell.id,
          quantity: 1,
          requestedDate: isoDay(today, 150),
          unitPrice: 48_500_000,
          discountPercent: 0,
        },
      ],
    });
    const project = await s.projects.create(
      actor,
      projectInput.parse({
        name: 'Handling cell for forging press FP-2500',
        salesOrderLineId: order.lines[0].id,
        description:
          'Robot cell loading billets from the induction heater into the 2500 t press and unloading forgings to the trimming press; two grippers, safety fencing, cell PLC.',
        approvalDays: 10,
        engineeringTasks: [
          { number: 'E010', name: 'Concept and cell layout', workCenterId: mechanical.id, hours: 40 },
          {
            number: 'E020',
            name: 'Mechanical detail design (grippers, frame, fencing)',
            workCenterId: mechanical.id,
            hours: 120,
            predecessors: ['E010'],
          },
          {
            number: 'E030',
            name: 'Electrical design and schematics',
            workCenterId: electrical.id,
            hours: 80,
            predecessors: ['E010'],
          },
          {
            number: 'E040',
            name: 'PLC and robot programming',
            workCenterId: electrical.id,
            hours: 60,
            predecessors: ['E030'],
          },
          {
            number: 'E050',
            name: 'Design review and drawing release',
            workCenterId: mechanical.id,
            hours: 16,
            predecessors: ['E020', 'E040'],
          },
        ],
      }),
    );
    await s.salesOrders.confirm(actor, order.id, order.version);

    // what happened before today: the specification, the order, the advance
    let current = await s.projects.get(project.id, tx);
    const phase = (kind: string) => current.phases.find((p) => p.kind === kind)!;
    const spec = phase('specification');
    current = await s.projects.updatePhase(actor, project.id, spec.id, spec.version, {
      status: 'done',
      plannedStart: isoDay(today, -49),
      plannedEnd: isoDay(today, -21),
      actualStart: isoDay(today, -49),
      actualEnd: isoDay(today, -14),
      note: 'Specification signed by the customer; two revisions of the layout',
    });
    const design = phase('design');
    current = await s.projects.updatePhase(actor, project.id, design.id, design.version, {
      status: 'in-progress',
      actualStart: isoDay(today, -7),
    });
    const atNoon = (day: string) => new Date(localToUtc('Europe/Berlin', Date.parse(`${day}T12:00:00Z`)));
    const ordered = current.milestones.find((m) => m.kind === 'order')!;
    current = await s.projects.completeMilestone(
      actor,
      project.id,
      ordered.id,
      ordered.version,
      atNoon(isoDay(today, -10)),
    );
    const advance = current.payments.find((p) => p.milestoneId === ordered.id)!;
    current = await s.projects.invoicePayment(actor, project.id, advance.id, advance.version, 'RE-2026-1187');
    const invoiced = current.payments.find((p) => p.id === advance.id)!;
    current = await s.projects.markPaid(
      actor,
      project.id,
      advance.id,
      invoiced.version,
      atNoon(isoDay(today, -3)),
    );
    for (const m of current.milestones) {
      const due = {
        'design-review': 30,
        'customer-approval': 45,
        fat: 120,
        delivery: 140,
        commissioning: 160,
      }[m.kind as string];
      if (due !== undefined)
        current = await s.projects.updateMilestone(actor, project.id, m.id, m.version, {
          dueDate: isoDay(today, due),
        });
    }

    // the design work on the engineers: the concept is done, the detail design under way
    const jobIds = [
      ...new Set(current.engineeringTasks.flatMap((t) => (t.operation ? [t.operation.jobId] : []))),
    ];
    await s.execution.release(actor, { jobIds });
    const op = (number: string) => current.engineeringTasks.find((t) => t.number === number)!.operation!;
    const now = Date.now();
    const [lena, tobias] = engineers;
    const book = (who: string, opId: string, kind: 'run' | 'finish', at: number, key: string) =>
      s.execution.book(actor, who, opId, { clientEventId: `demo-eto-${key}`, kind }, new Date(at));
    // 40 hours of concept work, finished two days ago
    await book(lena.id, op('E010').id, 'run', now - 2 * DAY_MS - 40 * 3_600_000, 'e010-run');
    await book(lena.id, op('E010').id, 'finish', now - 2 * DAY_MS, 'e010-finish');
    await book(tobias.id, op('E020').id, 'run', now - 1 * DAY_MS, 'e020-run');
    return true;
  });
}
