import type { ConfigurationResult, ConfiguratorModel } from '@takt/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../testing/test-app';

let t: TestApp;
let shaftId: string;
const itemId = async (number: string) =>
  (await t.as('engineer').get(`/api/items?q=${number}`))
    .json()
    .items.find((i: { number: string }) => i.number === number).id as string;

beforeAll(async () => {
  t = await openTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
  shaftId = await itemId('CFG-FLANGED-SHAFT');
}, 120_000);
afterAll(async () => {
  await t.close();
});

const configure = async (
  values: Record<string, unknown>,
  quantity = 1,
  role: 'sales' | 'customer' = 'sales',
) => {
  const response = await t
    .as(role)
    .post(`/api/items/${shaftId}/configure`, { values, quantity, date: '2026-06-01' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ConfigurationResult;
};

describe('the configurator model of the flanged shaft', () => {
  it('is readable by sales, engineering and customers, with its options, rules and prices', async () => {
    const response = await t.as('customer').get(`/api/items/${shaftId}/configurator`);
    expect(response.statusCode).toBe(200);
    const model = response.json() as ConfiguratorModel;
    expect(model).toMatchObject({ itemNumber: 'CFG-FLANGED-SHAFT', version: 1 });
    expect(model.options.map((o) => o.code)).toEqual([
      'length_mm',
      'diameter',
      'flange',
      'finish',
      'marking',
    ]);
    expect(model.rules.map((r) => r.id)).toContain('bolted-needs-80');
  });
});

describe('evaluating a configuration', () => {
  it('prices a valid configuration line by line, with the quantity break on the total', async () => {
    const result = await configure({ length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted' }, 5);
    expect(result.valid).toBe(true);
    expect(result.brokenRules).toEqual([]);
    expect(result.computed).toEqual({ boltCount: 8, weight_kg: expect.closeTo(47.4, 6) });
    expect(result.price.lines).toEqual([
      { kind: 'base', label: 'Base price', amount: 110000 },
      { kind: 'delta', label: 'Flange: Bolted flange', amount: 15500 },
      { kind: 'delta', label: 'Surface finish: Primed and painted RAL 5010', amount: 3500 },
      { kind: 'formula', label: 'Length, per metre', amount: 36000 },
      { kind: 'formula', label: 'Bolt set', amount: 3600 },
      { kind: 'quantity-break', label: 'Quantity from 5: 5 % off', amount: -8430 },
    ]);
    expect(result.price).toMatchObject({ currency: 'EUR', unitPrice: 160170, quantity: 5, total: 800850 });
  });

  it('builds the configured BOM: lines whose condition holds, quantities from formulas, every level', async () => {
    const result = await configure({ length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted' });
    const top = result.bom.filter((l) => l.level === 1).map((l) => [l.number, l.quantityPer]);
    expect(top).toEqual([
      ['FG-SHAFT-080', 1],
      ['MP-FLANGE-200', 1],
      ['BOLT-M16X60', 8],
      ['PAINT-PRIMER', expect.closeTo(0.48, 9)],
      ['NUT-M16', 8],
      ['PAINT-RAL5010', expect.closeTo(0.6, 9)],
    ]);
    // sub-assemblies come with their own (standard) structure, down to the bar stock
    expect(result.bom.find((l) => l.number === 'RM-42CRMO4-120')).toMatchObject({ level: 3 });
    expect(result.bom.find((l) => l.number === 'RM-42CRMO4-080')).toMatchObject({ level: 2 });
  });

  it('leaves the flange parts and the flange operation out when there is no flange', async () => {
    const result = await configure({ length_mm: 1000, diameter: 100, flange: 'none', finish: 'bare' });
    expect(result.valid).toBe(true);
    const numbers = result.bom.map((l) => l.number);
    expect(numbers).not.toContain('MP-FLANGE-200');
    expect(numbers).not.toContain('FG-FLANGE-200');
    expect(numbers).not.toContain('BOLT-M16X60');
    expect(numbers).not.toContain('PAINT-PRIMER');
    expect(result.bom.map((l) => [l.number, l.quantityPer])).toEqual([
      ['RM-C45-100', expect.closeTo(64.8, 9)],
    ]);
    expect(result.routing.map((o) => o.number)).toEqual(['010', '090']);
    // the inspection now follows the turning directly
    expect(result.routing[1].predecessors).toEqual(['010']);
    expect(result.options.find((o) => o.code === 'marking')?.visible).toBe(false);
  });

  it('takes run times from the routing formulas and estimates the cost at standard cost and rates', async () => {
    const result = await configure({ length_mm: 1200, diameter: 80, flange: 'welded', finish: 'primed' });
    expect(result.routing.map((o) => [o.number, o.runMinutesPerUnit, o.fromFormula])).toEqual([
      ['010', 50, true],
      ['020', 50, true],
      ['030', 14, true],
      ['090', 15, false],
    ]);
    expect(result.cost.lines.map((l) => l.kind)).toEqual(['material', 'setup', 'run']);
    expect(result.cost.unitCost).toBe(result.cost.lines.reduce((s, l) => s + l.amount, 0));
    // more than the direct parts at standard cost: the shaft blank is costed through its own making
    expect(result.cost.lines[0].amount).toBeGreaterThan(9800);
    // one cost in the plant: what the configurator shows is what a quote of it records
    const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
    const quote = await t.as('sales').post('/api/quotes', {
      customerId: customer.id,
      lines: [
        {
          itemId: shaftId,
          quantity: 1,
          requestedDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
          unitPrice: result.price.unitPrice,
          configuration: { length_mm: 1200, diameter: 80, flange: 'welded', finish: 'primed' },
        },
      ],
    });
    expect(quote.statusCode, quote.body).toBe(201);
    expect(quote.json().lines[0].costEstimate.total).toBe(result.cost.total);
  });

  it('lists exactly the rules an invalid configuration breaks, with the options involved', async () => {
    const result = await configure({ length_mm: 1800, diameter: 60, flange: 'bolted', finish: 'primed' });
    expect(result.valid).toBe(false);
    expect(result.brokenRules.map((b) => [b.ruleId, b.options])).toEqual([
      ['bolted-needs-80', ['flange', 'diameter']],
      ['long-needs-100', ['length_mm', 'diameter']],
      ['slenderness', ['length_mm', 'diameter']],
    ]);
    expect(result.brokenRules[0].message).toBe('A bolted flange needs a shaft of at least Ø80 mm');
    expect(result.brokenRules[2].message).toBe(
      'The length can be at most 25 times the diameter (1800 > 1500)',
    );
  });

  it('reports values outside their option and options the item does not have', async () => {
    const result = await configure({ length_mm: 2005, diameter: 70, colour: 'red' });
    expect(result.brokenRules.map((b) => [b.kind, b.ruleId, b.field])).toEqual([
      ['option', 'colour', 'values.colour'],
      ['option', 'length_mm', 'options.0'],
      ['option', 'diameter', 'options.1'],
    ]);
    expect(result.values).toMatchObject({ length_mm: 1000, diameter: 80 });
  });

  it('greys out the choices that would break a rule, saying which', async () => {
    const defaults = await configure({}, 1, 'customer');
    expect(defaults.valid).toBe(true);
    const finish = defaults.options.find((o) => o.code === 'finish')!;
    expect(finish.disabledChoices).toEqual([
      {
        value: 'bare',
        reasons: [{ ruleId: 'welded-not-bare', message: expect.stringContaining('weld seam') }],
      },
    ]);
    const thin = await configure({ diameter: 60 });
    expect(thin.options.find((o) => o.code === 'flange')!.disabledChoices).toEqual([
      { value: 'bolted', reasons: [{ ruleId: 'bolted-needs-80', message: expect.any(String) }] },
    ]);
    expect(thin.options.find((o) => o.code === 'diameter')!.disabledChoices).toEqual([]);
  });
});

describe('saving a model', () => {
  const current = async () =>
    (await t.as('engineer').get(`/api/items/${shaftId}/configurator`)).json() as ConfiguratorModel;
  const bodyOf = ({
    itemId: _i,
    itemNumber: _n,
    updatedAt: _u,
    updatedBy: _b,
    version: _v,
    ...body
  }: ConfiguratorModel) => body;

  it('refuses a model with a bad expression, naming the field path', async () => {
    const model = await current();
    const body = bodyOf(model);
    body.rules[0] = {
      ...body.rules[0],
      kind: 'check',
      expression: 'diameter >=',
    } as (typeof body.rules)[number];
    body.computed[1] = { ...body.computed[1], expression: 'length_mm * density' };
    const response = await t
      .as('engineer')
      .put(`/api/items/${shaftId}/configurator`, { ...body, version: model.version });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'computed.1.expression', rule: 'unknown-name', message: expect.stringContaining('density') },
      { field: 'rules.0.expression', rule: 'syntax', message: 'at 11: expected a value but found the end' },
    ]);
  });

  it('refuses invalid defaults, unknown choices in prices and unknown routing operations', async () => {
    const model = await current();
    const body = bodyOf(model);
    body.options[0] = { ...body.options[0], default: 5000 } as (typeof body.options)[number];
    body.pricing.deltas[0] = { ...body.pricing.deltas[0], value: 70 };
    body.routing['050'] = { condition: 'true' };
    const response = await t
      .as('sales')
      .put(`/api/items/${shaftId}/configurator`, { ...body, version: model.version });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['options.0.default', 'option-value'],
      ['pricing.deltas.0.value', 'choice'],
      ['routing.050', 'reference'],
    ]);
  });

  it('saves a new version with If-Match, keeps the revision, and refuses a stale version with 409', async () => {
    const model = await current();
    const body = bodyOf(model);
    body.pricing.base = 49000;
    const saved = await t
      .as('engineer')
      .put(`/api/items/${shaftId}/configurator`, body, { 'If-Match': `"${model.version}"` });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: model.version + 1, pricing: { base: 49000 } });
    const priced = await configure({});
    expect(priced.modelVersion).toBe(model.version + 1);
    expect(priced.price.lines[0].amount).toBe(49000);

    const stale = await t
      .as('engineer')
      .put(`/api/items/${shaftId}/configurator`, { ...body, version: model.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: model.version + 1 });
    const missing = await t.as('engineer').put(`/api/items/${shaftId}/configurator`, body);
    expect(missing.statusCode).toBe(428);
  });

  it('creates a model only for a configurable item, and only from version 0', async () => {
    const body = { options: [], pricing: { base: 100 } };
    const standard = await itemId('AS-DRIVE-080');
    const refused = await t
      .as('engineer')
      .put(`/api/items/${standard}/configurator`, { ...body, version: 0 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'itemId', rule: 'configurable' });
    expect((await t.as('engineer').get(`/api/items/${standard}/configurator`)).statusCode).toBe(404);
    expect(
      (await t.as('engineer').put(`/api/items/${shaftId}/configurator`, { ...body, version: 0 })).statusCode,
    ).toBe(409);
  });

  it('lets only admin, engineering and sales write models', async () => {
    const body = bodyOf(await current());
    for (const role of ['customer', 'planner', 'operator'] as const)
      expect(
        (await t.as(role).put(`/api/items/${shaftId}/configurator`, { ...body, version: 1 })).statusCode,
      ).toBe(403);
  });
});
