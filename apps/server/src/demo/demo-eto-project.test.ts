import type { Project, ProjectCost } from '@takt/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app';
import { DEMO_ETO_ITEM, demoConceptEstimates, seedDemoEtoProject } from './demo-eto-project';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Body = any;

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
  expect(await seedDemoEtoProject(t.database.db)).toBe(true);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('the demo plant’s special machine', () => {
  it('is an ETO project in progress: specification done, design under way on the engineers, advance paid', async () => {
    const list = (await t.as('sales').get(`/api/projects?q=${DEMO_ETO_ITEM}`)).json();
    expect(list.total).toBe(1);
    const project: Project = (await t.as('sales').get(`/api/projects/${list.items[0].id}`)).json();
    expect(project).toMatchObject({
      status: 'active',
      customerName: 'Alpen Fördertechnik AG',
      orderStatus: 'in-production',
    });
    const status = Object.fromEntries(project.phases.map((p) => [p.kind, p.status]));
    expect(status).toMatchObject({ specification: 'done', design: 'in-progress', approval: 'not-started' });
    const tasks = Object.fromEntries(project.engineeringTasks.map((x) => [x.number, x.operation?.status]));
    expect(tasks).toEqual({
      E010: 'done',
      E020: 'running',
      E030: 'released',
      E040: 'released',
      E050: 'released',
    });
    expect(project.engineeringTasks[0].operation).toMatchObject({
      engineer: expect.stringMatching(/^TD-MECH-\d$/),
    });
    expect(project.payments.map((p) => p.status)).toEqual(['paid', 'planned', 'planned', 'planned']);
    expect(project.paymentTotals).toMatchObject({ percent: 100, amount: 48_500_000, paid: 14_550_000 });
    // the promise waits for the design on engineering capacity
    const designEnd = Math.max(
      ...project.engineeringTasks.map((x) => Date.parse(x.operation!.actualEnd ?? x.operation!.plannedEnd!)),
    );
    expect(Date.parse(project.promise!.plannedAt)).toBeGreaterThan(designEnd + 10 * 86_400_000);
    expect(project.phases.find((p) => p.kind === 'design')!.scheduled).not.toBeNull();
  });

  it('is costed with its concept: the preliminary material is the placeholders’ estimates in its BOM', async () => {
    const list = (await t.as('sales').get(`/api/projects?q=${DEMO_ETO_ITEM}`)).json();
    const project: Project = (await t.as('sales').get(`/api/projects/${list.items[0].id}`)).json();
    const design = (await t.as('engineer').get(`/api/items/${project.itemId}/design-bom`)).json();
    expect(design.released).not.toBeNull();
    const lines: { released: { quantityPer: number }; child: Body }[] = design.lines;
    expect(lines.map((l) => l.child.placeholder)).toEqual(demoConceptEstimates.map(() => true));
    const estimates = lines.reduce((sum, l) => sum + l.released.quantityPer * l.child.standardCost.amount, 0);
    expect(estimates).toBe(demoConceptEstimates.reduce((sum, e) => sum + e.estimatedCost.amount, 0));
    const cost: ProjectCost = (await t.as('sales').get(`/api/projects/${project.id}/cost`)).json();
    expect(cost.preliminary?.material).toBeGreaterThan(0);
    // one cell: quantity 1
    expect(cost.preliminary?.material).toBe(estimates);
    // not ordered yet: the placeholders are still to come at their estimates
    expect(cost.remaining.placeholders).toBe(estimates);
  });

  it('loads once', async () => {
    expect(await seedDemoEtoProject(t.database.db)).toBe(false);
  });
});
