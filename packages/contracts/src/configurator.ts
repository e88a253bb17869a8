/**
 * The product configurator (configure-to-order): a model per configurable item (options, rules,
 * prices, how options map onto the BOM and routing) and the evaluation of one configuration.
 * Expressions are text in the configurator's expression language (see the server's
 * modules/sales/configurator/README.md); the server parses and checks them when a model is saved.
 */
import { z } from 'zod';
import { uuid } from './common';

const expression = z.string().trim().min(1).max(1000).describe('configurator expression');
const optionalExpression = expression.nullable().optional();
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name of letters, digits and _ that does not start with a digit')
  .max(60)
  .describe('the name expressions use for it');
const label = z.string().trim().min(1).max(200);
const ruleId = z.string().trim().min(1).max(60);
const minor = z.number().int().describe('minor units (cents)');

export const choiceValue = z.union([z.string().max(200), z.number().finite()]);
export const optionValue = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);
export type OptionValue = z.infer<typeof optionValue>;

const optionBase = {
  code,
  label,
  visibleWhen: optionalExpression.describe(
    'shown (and used) only while this holds; else it keeps its default',
  ),
};

export const choiceOption = z.object({
  ...optionBase,
  kind: z.literal('choice'),
  choices: z
    .array(z.object({ value: choiceValue, label }))
    .min(1)
    .max(200),
  default: choiceValue,
});
export const numberOption = z.object({
  ...optionBase,
  kind: z.literal('number'),
  min: z.number().finite(),
  max: z.number().finite(),
  step: z.number().finite().positive().nullable().optional().describe('allowed values are min + k × step'),
  unit: z.string().trim().max(20).nullable().optional(),
  default: z.number().finite(),
});
export const textOption = z.object({
  ...optionBase,
  kind: z.literal('text'),
  maxLength: z.number().int().min(1).max(2000),
  default: z.string().max(2000),
});
export const configuratorOption = z.discriminatedUnion('kind', [choiceOption, numberOption, textOption]);
export type ConfiguratorOption = z.infer<typeof configuratorOption>;

export const computedValue = z.object({
  code,
  label: label.optional(),
  expression: expression.describe('may use the options and the computed values above it'),
});

const ruleBase = { id: ruleId, message: z.string().trim().min(1).max(500) };
export const configuratorRule = z.discriminatedUnion('kind', [
  z.object({ ...ruleBase, kind: z.literal('requires'), when: expression, require: expression }),
  z.object({ ...ruleBase, kind: z.literal('excludes'), when: expression, exclude: expression }),
  z.object({ ...ruleBase, kind: z.literal('check'), expression }),
  z.object({
    ...ruleBase,
    kind: z.literal('limit'),
    value: expression.describe('the number that is limited'),
    min: optionalExpression,
    max: optionalExpression,
    when: optionalExpression,
  }),
]);
export type ConfiguratorRule = z.infer<typeof configuratorRule>;

export const configuratorPricing = z.object({
  currency: z.string().length(3).toUpperCase().default('EUR'),
  base: minor.min(0).describe('base price of one unit'),
  deltas: z
    .array(z.object({ option: code, value: choiceValue, amount: minor, label: label.optional() }))
    .max(500)
    .default([]),
  formulas: z
    .array(
      z.object({
        label,
        expression: expression.describe('amount in minor units per unit, e.g. length_mm / 1000 * 4500'),
        when: optionalExpression,
      }),
    )
    .max(100)
    .default([]),
  quantityBreaks: z
    .array(z.object({ fromQuantity: z.number().positive(), discountPercent: z.number().min(0).max(100) }))
    .max(50)
    .default([])
    .describe('discount on the unit total from a quantity on; the highest break reached applies'),
});

export const routingOperationMapping = z.object({
  condition: optionalExpression.describe('the operation is done only while this holds'),
  runMinutesFormula: optionalExpression.describe('run minutes per unit, replacing the routing value'),
  setupMinutesFormula: optionalExpression.describe('setup minutes, replacing the routing value'),
});

export const configuratorModelBody = z.object({
  options: z.array(configuratorOption).max(200),
  computed: z.array(computedValue).max(200).default([]),
  rules: z.array(configuratorRule).max(500).default([]),
  pricing: configuratorPricing,
  routing: z
    .record(z.string().trim().min(1).max(20), routingOperationMapping)
    .default({})
    .describe('by routing operation number: condition and time formulas (BOM lines carry their own)'),
});
export type ConfiguratorModelBody = z.infer<typeof configuratorModelBody>;

export const saveConfiguratorModelBody = configuratorModelBody.extend({
  version: z.number().int().min(0).optional().describe('the version edited; 0 creates the model'),
});

export const configuratorModel = configuratorModelBody.extend({
  itemId: uuid,
  itemNumber: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ConfiguratorModel = z.infer<typeof configuratorModel>;

export const configureBody = z.object({
  values: z.record(z.string().max(60), optionValue).default({}),
  quantity: z.number().positive().max(1e9).default(1),
  date: z.iso.date().optional().describe('BOM and routing revisions effective at this date (default today)'),
});
export type ConfigureBody = z.infer<typeof configureBody>;

export const brokenRule = z.object({
  ruleId: z.string().describe('the rule id, or the option code for a value outside its option'),
  kind: z.enum(['requires', 'excludes', 'check', 'limit', 'option', 'expression']),
  field: z.string().describe('path in the model, e.g. rules.0 or options.2'),
  options: z.array(z.string()).describe('option codes involved'),
  message: z.string(),
});
export type BrokenRule = z.infer<typeof brokenRule>;

export const priceLine = z.object({
  kind: z.enum(['base', 'delta', 'formula', 'quantity-break']),
  label: z.string(),
  amount: minor.describe('per unit'),
});

export const configuredBomLine = z.object({
  level: z.number().int(),
  sortKey: z.string(),
  parentItemId: uuid,
  position: z.number().int(),
  itemId: uuid,
  number: z.string(),
  name: z.string(),
  kind: z.enum(['make', 'buy', 'phantom']),
  uom: z.string(),
  quantityPer: z.number(),
  quantityPerBase: z.number().describe("per one parent, in the child's base unit (what planning uses)"),
  scrapFactor: z.number(),
  extendedQuantity: z.number().describe('per one configured unit, in the line unit'),
  operationNumber: z.string().nullable(),
  fromFormula: z.boolean(),
});
export type ConfiguredBomLine = z.infer<typeof configuredBomLine>;

export const configuredOperation = z.object({
  number: z.string(),
  name: z.string(),
  workCenterId: uuid,
  workCenterCode: z.string(),
  setupMinutes: z.number(),
  runMinutesPerUnit: z.number(),
  predecessors: z.array(z.string()),
  fromFormula: z.boolean(),
});
export type ConfiguredOperation = z.infer<typeof configuredOperation>;

export const costLine = z.object({
  kind: z.enum(['material', 'setup', 'run']),
  label: z.string(),
  quantity: z.number().describe('material: quantity per unit; setup/run: minutes per unit'),
  amount: minor.describe('per unit'),
});

export const configurationResult = z.object({
  itemId: uuid,
  modelVersion: z.number().int(),
  valid: z.boolean(),
  brokenRules: z.array(brokenRule),
  values: z
    .record(z.string(), optionValue)
    .describe('options as used: defaults filled in, hidden ones reset'),
  computed: z.record(z.string(), optionValue),
  options: z.array(
    z.object({
      code: z.string(),
      visible: z.boolean(),
      disabledChoices: z.array(
        z.object({
          value: choiceValue,
          reasons: z.array(z.object({ ruleId: z.string(), message: z.string() })),
        }),
      ),
    }),
  ),
  price: z.object({
    currency: z.string(),
    lines: z.array(priceLine),
    unitPrice: minor,
    quantity: z.number(),
    total: minor,
  }),
  bom: z.array(configuredBomLine),
  routing: z.array(configuredOperation),
  cost: z.object({ currency: z.string(), lines: z.array(costLine), unitCost: minor, total: minor }),
});
export type ConfigurationResult = z.infer<typeof configurationResult>;
