/** Items, units of measure and BOMs: the catalog's API shapes. */
import { z } from 'zod';
import { listQuery, money, patchOf, uuid } from './common';

export const itemKinds = ['make', 'buy', 'phantom'] as const;
export const strategies = ['MTS', 'ATO', 'MTO', 'ETO'] as const;
export const lotSizingRules = ['lot-for-lot', 'fixed', 'minimum', 'multiple', 'period'] as const;
export const issueMethods = ['manual', 'backflush'] as const;
const issueMethodInfo =
  'how jobs take it: manual (scanned at the terminal: lot-traced, costly parts) or backflush (issued from stores as parts are reported at its operation: fasteners, paint, grease)';

const code = z.string().trim().min(1).max(40);
const nonNegative = z.number().finite().min(0);

export const item = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(itemKinds),
  strategy: z.enum(strategies),
  uom: z.string().describe('base unit of measure code'),
  family: z.string().nullable().describe('product family, for sequence-dependent setups'),
  standardCost: money,
  leadTimeDays: z.number().nullable(),
  configurable: z.boolean(),
  placeholder: z
    .boolean()
    .describe('not designed yet: standard cost and lead time are estimates; planned and costed as bought'),
  lotSizing: z.object({ rule: z.enum(lotSizingRules), quantity: z.number().nullable() }),
  safetyStock: z.number(),
  reorderPoint: z.number().nullable(),
  scrapFactor: z.number(),
  issueMethod: z.enum(issueMethods).describe(issueMethodInfo),
  active: z.boolean(),
  version: z.number().int(),
});
export type Item = z.infer<typeof item>;

export const createItemBody = z.object({
  number: code.describe('human item number, unique'),
  name: z.string().trim().min(1, 'a name is required').max(200),
  description: z.string().max(4000).nullable().optional(),
  kind: z.enum(itemKinds),
  strategy: z.enum(strategies).default('MTO'),
  uom: code.default('pcs'),
  family: z.string().trim().max(40).nullable().optional(),
  standardCost: z
    .object({ amount: z.number().int().min(0, 'cost cannot be negative'), currency: z.string().length(3) })
    .default({ amount: 0, currency: 'EUR' }),
  leadTimeDays: nonNegative.nullable().optional(),
  configurable: z.boolean().default(false),
  placeholder: z
    .boolean()
    .optional()
    .describe(
      'a placeholder for a part not designed yet (kind buy): standard cost and lead time are its estimates',
    ),
  lotSizing: z
    .object({ rule: z.enum(lotSizingRules), quantity: z.number().positive().nullable() })
    .default({ rule: 'lot-for-lot', quantity: null }),
  safetyStock: nonNegative.default(0),
  reorderPoint: nonNegative.nullable().optional(),
  scrapFactor: z.number().min(0).max(0.95).default(0),
  issueMethod: z.enum(issueMethods).optional().describe(`${issueMethodInfo}; default manual`),
});
export type CreateItem = z.infer<typeof createItemBody>;

export const updateItemBody = patchOf(createItemBody.omit({ number: true })).extend({
  active: z.boolean().optional(),
});

export const itemListQuery = listQuery.extend({
  kind: z.enum(itemKinds).optional(),
  strategy: z.enum(strategies).optional(),
  family: z.string().optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const uom = z.object({ code: z.string(), name: z.string(), dimension: z.string() });
export const uomConversion = z.object({
  fromUom: z.string(),
  toUom: z.string(),
  factor: z.number().positive().describe('1 fromUom = factor × toUom'),
  itemId: uuid.nullable().describe('null for a global conversion, else valid for this item only'),
});
export const createUomBody = z.object({ code, name: z.string().trim().min(1).max(100), dimension: code });
export const createUomConversionBody = uomConversion.extend({ itemId: uuid.nullable().default(null) });

export const convertQuery = z.object({
  quantity: z.coerce.number().finite(),
  from: z.string().min(1),
  to: z.string().min(1),
  itemId: uuid.optional().describe("also use this item's own conversions"),
});
export const converted = convertQuery.extend({ result: z.number() });

export const bomStatuses = ['draft', 'released', 'obsolete'] as const;

export const bomLineInput = z.object({
  position: z.number().int().min(1).max(9999),
  childItemId: uuid,
  quantityPer: z.number().positive('quantity per must be positive'),
  uom: z.string().trim().max(40).nullable().optional().describe('default: the child item unit'),
  scrapFactor: z.number().min(0).max(0.95).default(0),
  operationNumber: z
    .string()
    .trim()
    .max(10)
    .nullable()
    .optional()
    .describe('routing operation that consumes it'),
  condition: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .optional()
    .describe('configurator condition formula'),
  quantityFormula: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .optional()
    .describe('configurator quantity formula'),
});

export const bomLine = bomLineInput.extend({
  id: uuid,
  uom: z.string(),
  childNumber: z.string(),
  childName: z.string(),
  operationNumber: z.string().nullable(),
  condition: z.string().nullable(),
  quantityFormula: z.string().nullable(),
});

export const bom = z.object({
  id: uuid,
  itemId: uuid,
  revision: z.string(),
  status: z.enum(bomStatuses),
  validFrom: z.string().nullable().describe('effective from this date (YYYY-MM-DD)'),
  validTo: z.string().nullable().describe('effective until, exclusive'),
  lines: z.array(bomLine),
  version: z.number().int(),
});
export type Bom = z.infer<typeof bom>;

const isoDate = z.iso.date();

export const createBomBody = z.object({
  revision: z.string().trim().min(1).max(10).optional().describe('default: the next letter'),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
  lines: z.array(bomLineInput).default([]),
});
export const updateBomBody = patchOf(createBomBody.omit({ revision: true }));
export const releaseBomBody = z.object({
  validFrom: isoDate.optional(),
  version: z.number().int().min(1).optional(),
});

export const explosionQuery = z.object({
  date: isoDate.optional().describe('effectivity date, default today'),
  depth: z.coerce.number().int().min(1).max(50).default(20),
});

export const explosionLine = z.object({
  level: z.number().int(),
  sortKey: z
    .string()
    .describe('order of the indented list; a line is a child of the preceding line one level up'),
  lineId: uuid,
  parentItemId: uuid,
  itemId: uuid,
  number: z.string(),
  name: z.string(),
  kind: z.enum(itemKinds),
  uom: z.string(),
  quantityPer: z.number(),
  scrapFactor: z.number(),
  extendedQuantity: z
    .number()
    .describe(
      "quantity per one root, in the line's unit, through the whole path: scrap and unit conversions included",
    ),
  revision: z.string().describe('BOM revision of the parent that holds the line'),
  operationNumber: z.string().nullable(),
  hasChildren: z.boolean(),
});
export type ExplosionLine = z.infer<typeof explosionLine>;
export const explosion = z.object({ itemId: uuid, date: z.string(), lines: z.array(explosionLine) });

export const whereUsedLine = z.object({
  level: z.number().int().describe('1 = direct parent'),
  sortKey: z.string(),
  itemId: uuid,
  number: z.string(),
  name: z.string(),
  kind: z.enum(itemKinds),
  quantityPer: z.number().describe('quantity on the line of this parent, in `uom`'),
  uom: z.string().describe('unit of the line'),
  extendedQuantity: z
    .number()
    .describe("quantity of the item, in the item's base unit, inside one of this parent (scrap included)"),
  revision: z.string(),
});
export type WhereUsedLine = z.infer<typeof whereUsedLine>;
export const whereUsed = z.object({ itemId: uuid, date: z.string(), lines: z.array(whereUsedLine) });
