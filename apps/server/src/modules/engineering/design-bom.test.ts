/**
 * The BOM of the demo plant's special machine while it is designed: placeholders put into the
 * working draft in one step, lines released for procurement and shown with the revision they
 * came in with, a released placeholder replaced through an engineering change whose line
 * changes are revised before approval.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ETO_ITEM, seedDemoEtoProject } from '../../demo/demo-eto-project';
import { queryRows } from '../../platform/db/database';
import { ok } from '../../testing/responses';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let cell: string;
let projectId: string;
let robot: string;
let gripper: string;
let designedGripper: string;
let draft: { id: string; version: number };

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Body = any;
const engineer = () => t.as('engineer');
const design = () => ok(engineer().get(`/api/items/${cell}/design-bom`));
const conceptLines = (bom: Body) =>
  bom.lines.map((l: Body) => ({
    position: l.position,
    childItemId: l.childItemId,
    quantityPer: l.quantityPer,
  }));
const line = (view: Body, position: number) => view.lines.find((l: Body) => l.position === position);
const boughtItem = async (number: string, name: string, leadTimeDays: number) =>
  (
    await ok(
      engineer().post('/api/items', {
        number,
        name,
        kind: 'buy',
        standardCost: { amount: 1_800_000, currency: 'EUR' },
        leadTimeDays,
      }),
      201,
    )
  ).id as string;

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  await seedDemoEtoProject(t.database.db);
  const project = (await t.as('engineer').get(`/api/projects?q=${DEMO_ETO_ITEM}`)).json().items[0];
  projectId = project.id;
  cell = (await t.as('engineer').get(`/api/projects/${projectId}`)).json().itemId;
  robot = await boughtItem('LL-ROBOT-210', 'Six-axis robot 210 kg', 70);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('the design BOM of an engineer-to-order item', () => {
  it('puts a placeholder into the working draft in one step, or nothing at all', async () => {
    // the demo's concept is in force (revision A): its estimates as placeholders at positions 1 and 2
    const concept = await design();
    expect(concept).toMatchObject({ itemNumber: DEMO_ETO_ITEM, draft: null, released: { revision: 'A' } });
    expect(concept.lines.map((l: Body) => [l.position, l.state, l.child.placeholder])).toEqual([
      [1, 'released', true],
      [2, 'released', true],
    ]);
    // the design draft starts from it (as the web's "Start the design draft" does)
    const inForce = conceptLines(await ok(engineer().get(`/api/boms/${concept.released.id}`)));
    draft = await ok(
      engineer().post(`/api/items/${cell}/boms`, {
        lines: [...inForce, { position: 10, childItemId: robot, quantityPer: 1 }],
      }),
      201,
    );
    const added = await ok(
      engineer().post(`/api/boms/${draft.id}/placeholder-lines`, {
        version: draft.version,
        number: 'PH-GRIPPER',
        name: 'Billet gripper (not designed yet)',
        estimatedCost: { amount: 950_000, currency: 'EUR' },
        estimatedLeadTimeDays: 45,
        quantityPer: 2,
      }),
      201,
    );
    expect(added.placeholder).toMatchObject({ kind: 'buy', placeholder: true, leadTimeDays: 45 });
    expect(added.bom.lines.map((l: Body) => [l.position, l.childNumber, l.quantityPer])).toEqual([
      [1, 'PH-FP2500-FRAME', 1],
      [2, 'PH-FP2500-CONTROL', 1],
      [10, 'LL-ROBOT-210', 1],
      [20, 'PH-GRIPPER', 2],
    ]);
    gripper = added.placeholder.id;
    draft = added.bom;

    const placeholders = () =>
      queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from items where placeholder`);
    const before = (await placeholders())[0].n;
    const taken = await engineer().post(`/api/boms/${draft.id}/placeholder-lines`, {
      version: draft.version,
      number: 'PH-GRIPPER',
      name: 'again',
      estimatedCost: { amount: 1, currency: 'EUR' },
      estimatedLeadTimeDays: 1,
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors).toMatchObject([{ field: 'number', rule: 'unique' }]);
    const stale = await engineer().post(`/api/boms/${draft.id}/placeholder-lines`, {
      version: draft.version - 1,
      number: 'PH-FENCE',
      name: 'Safety fence',
      estimatedCost: { amount: 1, currency: 'EUR' },
      estimatedLeadTimeDays: 1,
    });
    expect(stale.statusCode).toBe(409);
    const positionTaken = await engineer().post(`/api/boms/${draft.id}/placeholder-lines`, {
      version: draft.version,
      number: 'PH-FENCE',
      name: 'Safety fence',
      estimatedCost: { amount: 1, currency: 'EUR' },
      estimatedLeadTimeDays: 1,
      position: 10,
    });
    expect(positionTaken.json().errors).toMatchObject([{ field: 'position', rule: 'unique' }]);
    expect((await placeholders())[0].n).toBe(before);
    expect((await ok(engineer().get(`/api/boms/${draft.id}`))).lines).toHaveLength(4);

    const view = await design();
    expect(view.draft).toMatchObject({ id: draft.id, revision: 'B' });
    expect(line(view, 20)).toMatchObject({
      state: 'draft-only',
      released: null,
      child: { kind: 'buy', placeholder: true, leadTimeDays: 45, standardCost: { amount: 950_000 } },
      releasedIn: null,
    });
    expect(line(view, 10).child.placeholder).toBe(false);
  });

  it('shows each released line with the revision it came in with', async () => {
    const first = await ok(
      engineer().post(`/api/boms/${draft.id}/partial-release`, {
        version: draft.version,
        positions: [10],
        projectId,
      }),
    );
    expect(first.bom.revision).toBe('C');
    // the long-lead robot is bought for the project's line now, though the design is not done
    // (with the concept's two placeholders, planned again with the line)
    expect(first.replanned.createdRequisitions).toHaveLength(3);
    const [project] = await queryRows<{ line: string }>(
      t.services.db,
      sql`select sales_order_line_id as line from eto_projects where id = ${projectId}`,
    );
    const requisitions = await queryRows<{ status: string; line: string }>(
      t.services.db,
      sql`select status, sales_order_line_id as line from purchase_requisitions where item_id = ${robot}`,
    );
    expect(requisitions).toEqual([{ status: 'open', line: project.line }]);
    let view = await design();
    expect(view.released).toMatchObject({ revision: 'C' });
    expect(line(view, 10)).toMatchObject({
      state: 'released',
      releasedIn: { revision: 'C', scope: 'partial' },
    });
    expect(line(view, 20).state).toBe('draft-only');
    await ok(
      engineer().post(`/api/boms/${draft.id}/partial-release`, { version: draft.version, positions: [20] }),
    );
    view = await design();
    expect(view.released.revision).toBe('D');
    // the concept is in force since A, the robot since C, the gripper since D
    expect(line(view, 1).releasedIn).toMatchObject({ revision: 'A' });
    expect(line(view, 10).releasedIn).toMatchObject({ revision: 'C', scope: 'partial' });
    expect(line(view, 20)).toMatchObject({ state: 'released', releasedIn: { revision: 'D', scope: 'full' } });
    expect(view.releases.map((r: Body) => r.releasedRevision)).toEqual(['D', 'C']);
  }, 120_000);

  it('replaces a released placeholder in the draft and requests the change of the revision in force', async () => {
    designedGripper = await boughtItem('GRIP-BILLET-2', 'Billet gripper, pneumatic, welded frame', 20);
    const replaced = await ok(
      engineer().post(`/api/boms/${draft.id}/replace-line`, {
        version: draft.version,
        position: 20,
        childItemId: designedGripper,
        projectId,
      }),
    );
    expect(line(replaced.bom, 20)).toMatchObject({ childNumber: 'GRIP-BILLET-2', quantityPer: 2 });
    expect(replaced.engineeringChange).toMatchObject({
      status: 'requested',
      projectId,
      baseBom: { revision: 'D' },
      lineChanges: [{ action: 'replace', position: 20, childItemId: designedGripper }],
      title: 'Replace PH-GRIPPER by GRIP-BILLET-2 (position 20)',
    });
    draft = replaced.bom;
    const view = await design();
    // the change's proposed revision is not the design's working draft
    expect(view.draft).toMatchObject({ id: draft.id, revision: 'B' });
    expect(view.openChanges).toMatchObject([
      { number: replaced.engineeringChange.number, proposedRevision: 'E' },
    ]);
    expect(line(view, 20)).toMatchObject({
      state: 'changed',
      draft: { childNumber: 'GRIP-BILLET-2' },
      released: { childNumber: 'PH-GRIPPER' },
    });

    // a line only drafted changes in the draft alone
    const fence = await ok(
      engineer().post(`/api/boms/${draft.id}/placeholder-lines`, {
        version: draft.version,
        number: 'PH-FENCE',
        name: 'Safety fence (not designed yet)',
        estimatedCost: { amount: 420_000, currency: 'EUR' },
        estimatedLeadTimeDays: 15,
      }),
      201,
    );
    const plain = await ok(
      engineer().post(`/api/boms/${draft.id}/replace-line`, {
        version: fence.bom.version,
        position: 30,
        childItemId: robot,
      }),
    );
    expect(plain.engineeringChange).toBeNull();
    expect(line(plain.bom, 30).childNumber).toBe('LL-ROBOT-210');
    const same = await engineer().post(`/api/boms/${draft.id}/replace-line`, {
      version: plain.bom.version,
      position: 30,
      childItemId: robot,
    });
    expect(same.json().errors).toMatchObject([{ field: 'childItemId', rule: 'different' }]);
    const missing = await engineer().post(`/api/boms/${draft.id}/replace-line`, {
      version: plain.bom.version,
      position: 99,
      childItemId: robot,
    });
    expect(missing.json().errors).toMatchObject([{ field: 'position', rule: 'reference' }]);
    draft = plain.bom;
  }, 120_000);

  it('revises the line changes of a requested change: its draft is made again and its price is void', async () => {
    const [{ id }] = (await ok(engineer().get(`/api/engineering-changes?itemId=${cell}`))).items;
    let eco = await ok(engineer().get(`/api/engineering-changes/${id}`));
    eco = await ok(
      engineer().post(`/api/engineering-changes/${id}/price`, { version: eco.version, marginPercent: 20 }),
    );
    expect(eco.pricing).not.toBeNull();
    const bad = await engineer().put(`/api/engineering-changes/${id}/line-changes`, {
      version: eco.version,
      lineChanges: [{ action: 'remove', position: 70 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toMatchObject([{ field: 'lineChanges.0.position', rule: 'reference' }]);
    const revised = await ok(
      engineer().put(`/api/engineering-changes/${id}/line-changes`, {
        version: eco.version,
        lineChanges: [
          { action: 'replace', position: 20, childItemId: designedGripper },
          { action: 'change', position: 10, quantityPer: 2 },
          { action: 'add', line: { position: 40, childItemId: gripper, quantityPer: 1 } },
          { action: 'remove', position: 40 },
        ],
      }),
    );
    expect(revised).toMatchObject({ status: 'requested', pricing: null, version: eco.version + 1 });
    expect(revised.history.map((h: Body) => h.action)).toEqual(['request', 'price', 'revise']);
    const proposed = await ok(engineer().get(`/api/boms/${revised.proposedBom.id}`));
    expect(proposed.lines.map((l: Body) => [l.position, l.childNumber, l.quantityPer])).toEqual([
      [1, 'PH-FP2500-FRAME', 1],
      [2, 'PH-FP2500-CONTROL', 1],
      [10, 'LL-ROBOT-210', 2],
      [20, 'GRIP-BILLET-2', 2],
    ]);
    const impact = await ok(engineer().get(`/api/engineering-changes/${id}/impact`));
    expect(
      impact.bomChanges
        .filter((b: Body) => b.change !== 'unchanged')
        .map((b: Body) => [b.change, b.position]),
    ).toEqual([
      ['changed', 10],
      ['removed', 20],
      ['added', 20],
    ]);

    // approved, its content is what was approved
    const approved = await ok(
      t.as('planner').post(`/api/engineering-changes/${id}/approve`, { version: revised.version }),
    );
    const late = await engineer().put(`/api/engineering-changes/${id}/line-changes`, {
      version: approved.version,
      lineChanges: [{ action: 'remove', position: 10 }],
    });
    expect(late.json().errors).toMatchObject([{ field: 'status', rule: 'transition' }]);
    await ok(engineer().post(`/api/engineering-changes/${id}/implement`, { version: approved.version }));
    const view = await design();
    expect(view.released.revision).toBe('E');
    expect(view.openChanges).toEqual([]);
    expect(line(view, 20)).toMatchObject({
      state: 'released',
      releasedIn: { revision: 'E', scope: 'change' },
    });
    // the draft still says one robot: the design and the revision in force differ there
    expect(line(view, 10)).toMatchObject({ state: 'changed', released: { quantityPer: 2 } });
  }, 180_000);

  it('refuses new line changes for a change that proposes a prepared draft', async () => {
    const prepared = await ok(
      engineer().post(`/api/engineering-changes`, {
        itemId: cell,
        title: 'As drafted',
        reason: 'release the working draft',
        requestedBy: 'internal',
        proposedBomId: draft.id,
      }),
      201,
    );
    const refused = await engineer().put(`/api/engineering-changes/${prepared.id}/line-changes`, {
      version: prepared.version,
      lineChanges: [{ action: 'remove', position: 10 }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toMatchObject([{ field: 'lineChanges', rule: 'proposed-draft' }]);
  });
});
