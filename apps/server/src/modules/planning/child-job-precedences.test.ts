/**
 * A child job finishes before the parent operation that consumes it, in every re-plan as in the
 * first planning: the arcs rebuilt from the catalog and the pegs (pure), then over the API on
 * the demo plant with a cylinder rod assembly (assembly ← machined rod and piston ← forged
 * blanks): a child moved later pushes the parent's consuming operation, a parent operation moved
 * before its children end is placed after them with the reason, and the re-plan from progress
 * keeps every child ahead of its parent.
 */
import type { MovePreview } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import type { PlanningBomLine, PlanningItem } from '../catalog/plant-structure';
import { childJobPrecedences } from './child-job-precedences';

const DAY = 86_400_000;

describe('child-job precedences from the catalog and the pegs', () => {
  const item = (id: string, kind: PlanningItem['kind'] = 'make') => ({ id, kind }) as PlanningItem;
  const line = (parent: string, child: string, operationNumber: string | null): PlanningBomLine => ({
    bomId: `bom-${parent}`,
    parentItemId: parent,
    childItemId: child,
    quantityPer: 1,
    scrapFactor: 0,
    operationNumber,
  });
  const op = (
    jobId: string,
    itemId: string,
    number: string,
    predecessors: string[],
    lineId: string | null,
  ) => ({
    id: `${jobId}/${number}`,
    jobId,
    itemId,
    number,
    predecessors,
    salesOrderLineId: lineId,
  });
  const items = ['A', 'B', 'C', 'D', 'R'].map((id) => item(id, id === 'R' ? 'buy' : 'make'));
  items.push(item('X', 'phantom'));
  const bom = [
    line('A', 'B', '020'),
    line('A', 'C', null),
    line('A', 'X', '030'),
    line('X', 'D', null),
    line('A', 'R', '010'),
  ];
  const catalog = {
    items: new Map(items.map((i) => [i.id, i])),
    bomByParent: groupBy(bom, (l) => l.parentItemId),
  };
  const scheduled = [
    op('P', 'A', '010', [], 'L'),
    op('P', 'A', '020', ['010'], 'L'),
    op('P', 'A', '030', ['020'], 'L'),
    op('CB', 'B', '010', [], 'L'),
    op('CB', 'B', '020', ['010'], 'L'),
    op('CC', 'C', '010', [], null),
    op('CD', 'D', '010', [], 'L'),
    op('OTHER', 'B', '010', [], 'M'),
  ];

  it('puts each child job’s last operations before the consuming operation, through phantoms', () => {
    const links = childJobPrecedences({
      scheduled,
      catalog,
      configured: new Map(),
      // the shared job of C is pegged to line L; the other B job serves line M only
      demandsOfJob: new Map([['CC', new Set(['L', 'stock:C'])]]),
    });
    expect(links).toEqual([
      { before: 'CB/020', after: 'P/020' },
      // no operation named on the BOM line: before the parent's first operations
      { before: 'CC/010', after: 'P/010' },
      // the phantom's components are consumed where the phantom is
      { before: 'CD/010', after: 'P/030' },
    ]);
  });

  it('reads a configured line’s own structure, and leaves out a consuming operation that is done', () => {
    const configured = new Map([
      [
        'L',
        {
          itemId: 'A',
          bom: [
            { parentItemId: 'A', childItemId: 'C', quantityPer: 1, scrapFactor: 0, operationNumber: '030' },
          ],
          routing: [],
        },
      ],
    ]);
    const withoutFirst = scheduled.filter((o) => o.id !== 'P/020');
    expect(
      childJobPrecedences({
        scheduled: withoutFirst,
        catalog,
        configured,
        demandsOfJob: new Map([['CC', new Set(['L'])]]),
      }),
    ).toEqual([{ before: 'CC/010', after: 'P/030' }]);
  });
});

describe('child jobs in moves and re-plans', () => {
  let t: TestApp;
  let order: ConfirmedDemoOrder;

  interface OpRow {
    id: string;
    job_id: string;
    job_number: string;
    item_number: string;
    number: string;
    machine_index: number;
    setup_start: string;
    planned_end: string;
  }
  const operations = async () =>
    (
      await queryRows<OpRow>(
        t.services.db,
        sql`select o.id, o.job_id, j.number as job_number, i.number as item_number, o.number, o.machine_index,
                   coalesce(o.planned_setup_start, o.planned_start) as setup_start, o.planned_end
            from job_operations o join production_jobs j on j.id = o.job_id join items i on i.id = j.item_id
            where j.status in ('planned', 'released', 'in-progress') and o.planned_start is not null
            order by j.number, o.number`,
      )
    ).map((r) => ({
      ...r,
      setup_start: new Date(r.setup_start).toISOString(),
      planned_end: new Date(r.planned_end).toISOString(),
    }));
  const opOf = (ops: OpRow[], item: string, number: string) =>
    ops.find((o) => o.item_number === item && o.number === number)!;
  /** the assembly's first operation starts after both machined parts are inspected, and so down */
  const expectChildrenFirst = (ops: OpRow[], at: (o: OpRow) => OpRow = (o) => o) => {
    const chains: [string, string, string, string][] = [
      ['MP-ROD-060', '090', 'AS-CYLROD-060', '010'],
      ['MP-PISTON-100', '090', 'AS-CYLROD-060', '010'],
      ['FG-ROD-060', '040', 'MP-ROD-060', '010'],
      ['FG-PISTON-100', '040', 'MP-PISTON-100', '010'],
    ];
    for (const [child, last, parent, consumer] of chains)
      expect(
        Date.parse(at(opOf(ops, parent, consumer)).setup_start),
        `${parent} ${consumer} after ${child} ${last}`,
      ).toBeGreaterThanOrEqual(Date.parse(at(opOf(ops, child, last)).planned_end));
  };

  beforeAll(async () => {
    t = await openTestApp();
    await t.services.demo.seedIfEmpty();
    order = await confirmDemoOrder(t, { itemNumber: 'AS-CYLROD-060', quantity: 3, requestedInDays: 25 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('plans the children ahead of the assembly when the order is confirmed', async () => {
    const ops = await operations();
    expect(new Set(ops.map((o) => o.item_number))).toEqual(
      new Set(['AS-CYLROD-060', 'MP-ROD-060', 'MP-PISTON-100', 'FG-ROD-060', 'FG-PISTON-100']),
    );
    expectChildrenFirst(ops);
  });

  it('pushes the assembly when the rod’s inspection moves past its start, and applies it', async () => {
    const before = await operations();
    const inspect = opOf(before, 'MP-ROD-060', '090');
    const assemble = opOf(before, 'AS-CYLROD-060', '010');
    const body = {
      operationId: inspect.id,
      machineIndex: inspect.machine_index,
      start: new Date(Date.parse(assemble.setup_start) + DAY).toISOString(),
    };
    const response = await t.as('planner').post('/api/planning/moves/preview', body);
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json() as MovePreview;
    const pushed = preview.moved.find((m) => m.id === assemble.id)!;
    expect(
      pushed,
      JSON.stringify(preview.moved.map((m) => `${m.jobNumber} ${m.operationNumber}`)),
    ).toBeDefined();
    expect(pushed.jobNumber).toBe(assemble.job_number);
    expect(Date.parse(pushed.after.setupStart)).toBeGreaterThanOrEqual(
      Date.parse(preview.operation.after.end),
    );
    expect(pushed.shiftMinutes).toBeGreaterThan(0);
    // the assembly's line is reported (its later operations have slack enough to keep its completion)
    expect(preview.lines.map((l) => l.lineId)).toContain(order.lineId);

    const applied = await t.as('planner').post('/api/planning/moves/apply', {
      ...body,
      planFingerprint: preview.planFingerprint,
      previewedAt: preview.previewedAt,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expectChildrenFirst(await operations());
  });

  it('places the assembly moved before its parts are done after them, and says which part it waits for', async () => {
    const ops = await operations();
    const assemble = opOf(ops, 'AS-CYLROD-060', '010');
    const rod = opOf(ops, 'MP-ROD-060', '090');
    const piston = opOf(ops, 'MP-PISTON-100', '090');
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: assemble.id,
      machineIndex: assemble.machine_index,
      start: opOf(ops, 'MP-ROD-060', '010').setup_start,
    });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json() as MovePreview;
    expect(preview.placement).toBe('later');
    const waitsFor = Date.parse(rod.planned_end) >= Date.parse(piston.planned_end) ? rod : piston;
    expect(preview.placementReason).toMatch(
      new RegExp(
        `^operation 090 of ${waitsFor.job_number} \\(the ${waitsFor.item_number} it consumes\\) ends`,
      ),
    );
    expect(Date.parse(preview.operation.after.setupStart)).toBeGreaterThanOrEqual(
      Math.max(Date.parse(rod.planned_end), Date.parse(piston.planned_end)),
    );
  });

  it('keeps every child ahead of its parent through a re-plan from progress', async () => {
    const before = await operations();
    const response = await t.as('planner').post('/api/planning/replan-from-progress', {});
    expect(response.statusCode, response.body).toBe(200);
    const after = await operations();
    // the re-plan pulls the work to now: the forged blanks start earlier than planned
    expect(Date.parse(opOf(after, 'FG-ROD-060', '010').setup_start)).toBeLessThan(
      Date.parse(opOf(before, 'FG-ROD-060', '010').setup_start),
    );
    expectChildrenFirst(after);
  });
});
