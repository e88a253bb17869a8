/**
 * Engineering: engineering change orders (ECO-000001) with their computed impact, partial
 * releases of a BOM for procurement, and CAD BOM import with a diff preview.
 */
import { z } from 'zod';
import { bom, bomLineInput, item } from './catalog';
import { listQuery, uuid } from './common';

const isoDate = z.iso.date();
const version = z.number().int().min(1).optional().describe('the version edited (or send If-Match)');

// ---------------------------------------------------------------- CAD import

export const cadImportBody = z.object({
  fileName: z.string().trim().min(1).max(260).describe('the uploaded file name (.csv or .xlsx)'),
  format: z.enum(['csv', 'xlsx']).optional().describe('default: from the file name'),
  content: z
    .string()
    .min(1, 'the file is empty')
    .max(20_000_000)
    .describe('CSV: the text; XLSX: the workbook, base64'),
  revision: z.string().trim().min(1).max(10).optional().describe('revision code of the new drafts'),
});
export type CadImportBody = z.infer<typeof cadImportBody>;

export const cadLineChange = z.enum(['added', 'removed', 'changed', 'unchanged']);

export const cadImportPreview = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  assemblies: z.array(
    z.object({
      itemNumber: z.string(),
      itemId: uuid.nullable().describe('null: a new item the import creates'),
      level: z.number().int().describe('0 = the item imported under, 1 = its sub-assemblies, …'),
      baseRevision: z
        .object({ revision: z.string(), status: z.enum(['released', 'draft']) })
        .nullable()
        .describe('the revision compared against: the released one, else the newest draft'),
      status: z.enum(['new', 'changed', 'unchanged']),
      lines: z.array(
        z.object({
          change: cadLineChange,
          childNumber: z.string(),
          childName: z.string(),
          newItem: z.boolean(),
          quantityBefore: z.number().nullable(),
          quantityAfter: z.number().nullable(),
          uomBefore: z.string().nullable(),
          uomAfter: z.string().nullable(),
        }),
      ),
    }),
  ),
  newItems: z.array(
    z.object({
      number: z.string(),
      name: z.string(),
      kind: z.enum(['make', 'buy']),
      uom: z.string(),
      material: z.string().nullable(),
      line: z.number().int().describe('the file row that introduces it'),
    }),
  ),
  summary: z.object({
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    newItems: z.number().int(),
    revisionsToWrite: z.number().int().describe('assemblies that get a new draft revision'),
  }),
});
export type CadImportPreview = z.infer<typeof cadImportPreview>;

export const cadImportResult = z.object({
  created: z.number().int().describe('items created'),
  boms: z.number().int().describe('draft revisions written'),
  revisions: z.array(z.object({ itemNumber: z.string(), revision: z.string(), bomId: uuid })),
  preview: cadImportPreview,
});

// ---------------------------------------------------------------- placeholders, partial release

export const createPlaceholderBody = z.object({
  number: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  estimatedCost: z.object({ amount: z.number().int().min(0), currency: z.string().length(3) }),
  estimatedLeadTimeDays: z.number().min(0).max(1000).describe('working days until it can be there'),
  uom: z.string().trim().min(1).max(40).default('pcs'),
});

export const partialReleaseBody = z.object({
  version,
  positions: z
    .array(z.number().int().min(1))
    .min(1, 'name the lines to release')
    .describe('positions of the draft lines released for procurement'),
  includeSubassemblies: z
    .boolean()
    .default(false)
    .describe("also release the drafts of the released lines' sub-assemblies, all their lines"),
  projectId: uuid.optional(),
  note: z.string().trim().max(2000).optional(),
});

export const bomRelease = z.object({
  id: uuid,
  itemId: uuid,
  itemNumber: z.string(),
  draftBomId: uuid,
  draftRevision: z.string(),
  releasedBomId: uuid,
  releasedRevision: z.string(),
  scope: z.enum(['partial', 'full']),
  positions: z.array(z.number().int()),
  projectId: uuid.nullable(),
  note: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releasedAt: z.string(),
});

export const linePromiseChange = z.object({
  salesOrderLineId: uuid,
  orderNumber: z.string(),
  lineNo: z.number().int(),
  itemNumber: z.string(),
  quantity: z.number(),
  before: z.object({ promisedDate: isoDate.nullable(), p90At: z.string().nullable() }),
  after: z.object({ promisedDate: isoDate.nullable(), p90At: z.string().nullable() }),
  promiseDeltaDays: z.number().int().nullable().describe('after − before promised date, calendar days'),
});

/** What re-planning lines did (or would do): jobs and purchases cancelled, kept and created. */
export const replanImpact = z.object({
  lines: z.array(linePromiseChange),
  cancelledJobs: z.array(z.object({ number: z.string(), itemNumber: z.string(), status: z.string() })),
  keptJobs: z
    .array(z.object({ number: z.string(), itemNumber: z.string(), status: z.string() }))
    .describe('released or started work for the lines: it stays, to be modified or finished as is'),
  createdJobs: z.array(z.string()),
  cancelledRequisitions: z.array(z.string()),
  createdRequisitions: z.array(z.string()),
  orderedPurchases: z.array(
    z.object({
      purchaseOrderNumber: z.string(),
      lineNo: z.number().int(),
      itemNumber: z.string(),
      open: z.number(),
      supplierName: z.string(),
    }),
  ),
  releasedReservedQuantity: z.number(),
});

export const partialReleaseResult = z.object({
  release: bomRelease,
  bom,
  subassemblies: z.array(bomRelease),
  replanned: replanImpact,
});

// ---------------------------------------------------------------- engineering change orders

export const engineeringChangeStatuses = [
  'requested',
  'approved',
  'rejected',
  'implemented',
  'cancelled',
] as const;

export const ecoLineChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add'), line: bomLineInput }),
  z.object({ action: z.literal('remove'), position: z.number().int().min(1) }),
  z.object({
    action: z.literal('change'),
    position: z.number().int().min(1),
    quantityPer: z.number().positive().optional(),
    scrapFactor: z.number().min(0).max(0.95).optional(),
    operationNumber: z.string().trim().max(10).nullable().optional(),
  }),
  z.object({
    action: z.literal('replace'),
    position: z.number().int().min(1),
    childItemId: uuid.describe('the designed item that replaces the line’s child (e.g. a placeholder)'),
    quantityPer: z.number().positive().optional(),
  }),
]);
export type EcoLineChange = z.infer<typeof ecoLineChange>;

export const createEngineeringChangeBody = z
  .object({
    itemId: uuid.describe('the item whose BOM (and routing) changes'),
    title: z.string().trim().min(1, 'a title is required').max(200),
    reason: z.string().trim().min(1, 'say why').max(4000),
    requestedBy: z.enum(['customer', 'internal']),
    projectId: uuid.optional(),
    salesOrderLineId: uuid.optional().describe("the customer's order line a customer change is priced on"),
    proposedBomId: uuid.optional().describe('a draft BOM revision of the item with the change'),
    lineChanges: z
      .array(ecoLineChange)
      .min(1)
      .optional()
      .describe('or: changes to the current revision, made into a new draft'),
    proposedRoutingId: uuid.optional().describe('a draft routing revision released with the change'),
  })
  .refine((b) => (b.proposedBomId ? !b.lineChanges : !!b.lineChanges), {
    message: 'send either proposedBomId or lineChanges',
    path: ['lineChanges'],
  });
export type CreateEngineeringChange = z.infer<typeof createEngineeringChangeBody>;

export const engineeringChangeImpact = replanImpact.extend({
  computedAt: z.string(),
  bomChanges: z.array(
    z.object({
      change: cadLineChange,
      position: z.number().int(),
      childNumber: z.string(),
      childName: z.string(),
      quantityBefore: z.number().nullable(),
      quantityAfter: z.number().nullable(),
    }),
  ),
  stock: z
    .array(
      z.object({
        itemNumber: z.string(),
        itemName: z.string(),
        onHand: z.number(),
        status: z.enum(['obsolete', 'usable-elsewhere', 'usable']),
        usedIn: z.array(z.string()).describe('assemblies that still use it'),
      }),
    )
    .describe('stock of components taken out (obsolete or usable elsewhere) and of components put in'),
  purchasesOfRemovedItems: z
    .array(
      z.object({
        purchaseOrderNumber: z.string(),
        lineNo: z.number().int(),
        itemNumber: z.string(),
        open: z.number(),
        supplierName: z.string(),
      }),
    )
    .describe('open purchase order lines of components the change takes out'),
  cost: z.object({
    currency: z.string(),
    unitBefore: z.number().int(),
    unitAfter: z.number().int(),
    unitDelta: z.number().int().describe('per one of the item, minor units'),
    linesDelta: z.number().int().describe('over the affected order lines'),
    customerLineDelta: z.number().int().nullable().describe("over the customer's line, when there is one"),
  }),
});
export type EngineeringChangeImpact = z.infer<typeof engineeringChangeImpact>;

export const engineeringChangeEvent = z.object({
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  note: z.string().nullable(),
});

export const engineeringChange = z.object({
  id: uuid,
  number: z.string(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  title: z.string(),
  reason: z.string(),
  requestedBy: z.enum(['customer', 'internal']),
  status: z.enum(engineeringChangeStatuses),
  projectId: uuid.nullable(),
  salesOrderLineId: uuid.nullable(),
  baseBom: z.object({ id: uuid, revision: z.string(), status: z.string() }).nullable(),
  proposedBom: z.object({ id: uuid, revision: z.string(), status: z.string() }),
  proposedRouting: z.object({ id: uuid, revision: z.string(), status: z.string() }).nullable(),
  lineChanges: z.array(ecoLineChange).nullable(),
  impact: engineeringChangeImpact.nullable().describe('the impact as approved or implemented'),
  pricing: z
    .object({
      costDelta: z.number().int(),
      marginPercent: z.number(),
      priceDelta: z.number().int(),
      currency: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  history: z.array(engineeringChangeEvent),
});
export type EngineeringChange = z.infer<typeof engineeringChange>;

export const engineeringChangeSummary = engineeringChange.omit({
  history: true,
  impact: true,
  lineChanges: true,
});

export const engineeringChangeListQuery = listQuery.extend({
  status: z.enum(engineeringChangeStatuses).optional(),
  itemId: uuid.optional(),
  projectId: uuid.optional(),
});

export const priceEngineeringChangeBody = z.object({
  version,
  marginPercent: z.number().min(-100).max(1000).describe('on the cost delta'),
  priceDelta: z
    .number()
    .int()
    .optional()
    .describe('default: cost delta × (1 + margin); send it to agree another price'),
});

export const engineeringChangeDecisionBody = z.object({
  version,
  note: z.string().trim().max(2000).optional(),
});

export const implementEngineeringChangeBody = z.object({ version });

export const reviseLineChangesBody = z.object({
  version,
  lineChanges: z
    .array(ecoLineChange)
    .min(1, 'a change needs at least one line change')
    .describe('the whole list again, applied to the base revision (the proposed draft is rewritten)'),
});

// ---------------------------------------------------------------- the design BOM of an item

const designLineSide = z.object({
  childItemId: uuid,
  childNumber: z.string(),
  childName: z.string(),
  quantityPer: z.number(),
  uom: z.string(),
});

/**
 * An item's BOM as it is being designed: the working draft next to the revision in force, line by
 * line (by position), with what each child is (a placeholder at its estimates, bought with its
 * lead time) and the release that put the line into the revision in force.
 */
export const designBom = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  draft: z
    .object({ id: uuid, revision: z.string(), version: z.number().int() })
    .nullable()
    .describe('the working draft: the newest draft no open engineering change proposes'),
  released: z.object({ id: uuid, revision: z.string(), validFrom: z.string().nullable() }).nullable(),
  lines: z.array(
    z.object({
      position: z.number().int(),
      draft: designLineSide.nullable(),
      released: designLineSide.nullable(),
      state: z
        .enum(['draft-only', 'released', 'changed', 'released-only'])
        .describe(
          'released: in force as drafted (or in force, when there is no draft); changed: the draft differs from the revision in force; released-only: no longer in the draft',
        ),
      child: z.object({
        kind: z.enum(['make', 'buy', 'phantom']),
        placeholder: z.boolean(),
        leadTimeDays: z.number().nullable(),
        standardCost: z.object({ amount: z.number().int(), currency: z.string() }),
      }),
      releasedIn: z
        .object({
          revision: z.string(),
          releasedAt: z.string().nullable(),
          scope: z.enum(['partial', 'full', 'change']),
        })
        .nullable()
        .describe('the release (or implemented change) that put the line in force'),
    }),
  ),
  releases: z.array(bomRelease),
  openChanges: z.array(
    z.object({
      id: uuid,
      number: z.string(),
      status: z.string(),
      title: z.string(),
      proposedRevision: z.string(),
    }),
  ),
});
export type DesignBom = z.infer<typeof designBom>;

export const addPlaceholderLineBody = createPlaceholderBody.extend({
  version,
  quantityPer: z.number().positive('quantity per must be positive').default(1),
  position: z.number().int().min(1).max(9999).optional().describe('default: the next free ten'),
});

export const addPlaceholderLineResult = z.object({ placeholder: item, bom });

export const replaceDraftLineBody = z.object({
  version,
  position: z.number().int().min(1),
  childItemId: uuid.describe('the designed item that takes the line (e.g. of a placeholder)'),
  quantityPer: z.number().positive().optional(),
  reason: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .describe('why, for the engineering change when the line is already released'),
  projectId: uuid.optional(),
});

export const replaceDraftLineResult = z.object({
  bom,
  engineeringChange: engineeringChange
    .nullable()
    .describe('requested when the line was released: the revision in force changes through it'),
});
