/**
 * The BOM of an engineer-to-order item while it is designed: the working draft next to the
 * revision in force, line by line, with the placeholders in it and where each line was released;
 * a placeholder put into the design in one step; and a line's child replaced by the designed item
 * (in the draft, and through an engineering change when the line is already released).
 *
 * The working draft is the newest draft that no open engineering change proposes (a change's
 * proposed revision is the change's, not the design's).
 */
import type { Bom, DesignBom, EcoLineChange, EngineeringChange, Item } from '@takt/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { BomService } from '../catalog/bom-service';
import { ItemService } from '../catalog/item-service';
import { items } from '../catalog/tables/items';
import { asInput, type RevisionLine } from './bom-line-changes';
import type { EngineeringChangeService } from './engineering-change-service';
import type { PartialReleaseService } from './partial-release-service';
import { placeholderItem } from './placeholder-item';
import { engineeringChanges } from './tables';

type BomLine = Bom['lines'][number];
type Side = NonNullable<DesignBom['lines'][number]['draft']>;

const OPEN = ['requested', 'approved'] as const;

/** Revision codes in the order they were made: B before AA. */
const byRevision = (a: Bom, b: Bom) =>
  a.revision.length - b.revision.length || a.revision.localeCompare(b.revision);

const sideOf = (l: BomLine): Side => ({
  childItemId: l.childItemId,
  childNumber: l.childNumber,
  childName: l.childName,
  quantityPer: l.quantityPer,
  uom: l.uom,
});
const sameLine = (a: BomLine | undefined, b: BomLine | undefined) =>
  !!a && !!b && a.childItemId === b.childItemId && a.quantityPer === b.quantityPer && a.uom === b.uom;

/** The rest of a line: scrap, the consuming operation, a condition or formula. */
const asSame = (a: BomLine, b: BomLine) =>
  a.scrapFactor === b.scrapFactor &&
  a.operationNumber === b.operationNumber &&
  a.condition === b.condition &&
  a.quantityFormula === b.quantityFormula;

export interface AddPlaceholderLine {
  number: string;
  name: string;
  estimatedCost: { amount: number; currency: string };
  estimatedLeadTimeDays: number;
  uom: string;
  quantityPer: number;
  position?: number;
}

export interface ReplaceDraftLine {
  position: number;
  childItemId: string;
  quantityPer?: number;
  reason?: string;
  projectId?: string;
}

export class DesignBomService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      releases: (db: Db | Tx) => Pick<PartialReleaseService, 'listForItem'>;
      changes: (db: Db | Tx) => Pick<EngineeringChangeService, 'create'>;
    },
  ) {}

  /** The design of an item: working draft against the revision in force. A fixed number of queries. */
  async view(itemId: string, db: Db | Tx = this.db): Promise<DesignBom> {
    const [item] = await db.select({ number: items.number }).from(items).where(eq(items.id, itemId));
    if (!item) throw new NotFoundError('item', itemId);
    const [revisions, releases, changes] = await Promise.all([
      new BomService(db).listForItem(itemId),
      this.deps.releases(db).listForItem(itemId),
      db
        .select({
          id: engineeringChanges.id,
          number: engineeringChanges.number,
          status: engineeringChanges.status,
          title: engineeringChanges.title,
          proposedBomId: engineeringChanges.proposedBomId,
        })
        .from(engineeringChanges)
        .where(
          and(
            eq(engineeringChanges.itemId, itemId),
            inArray(engineeringChanges.status, [...OPEN, 'implemented']),
          ),
        ),
    ]);
    const open = changes.filter((c) => (OPEN as readonly string[]).includes(c.status));
    const proposed = new Set(open.map((c) => c.proposedBomId));
    const draft = workingDraft(revisions, proposed);
    const released = revisions.find((b) => b.status === 'released') ?? null;
    const childIds = [
      ...new Set([...(draft?.lines ?? []), ...(released?.lines ?? [])].map((l) => l.childItemId)),
    ];
    const children = new Map(
      (childIds.length
        ? await db
            .select({
              id: items.id,
              kind: items.kind,
              placeholder: items.placeholder,
              leadTimeDays: items.leadTimeDays,
              amount: items.standardCostAmount,
              currency: items.currency,
            })
            .from(items)
            .where(inArray(items.id, childIds))
        : []
      ).map((c) => [c.id, c]),
    );
    // the revisions in force until now, newest first: where did each released line come in
    const history = revisions.filter((b) => b.status !== 'draft' && b.validFrom !== null).sort(byRevision);
    const releaseOf = new Map(releases.map((r) => [r.releasedBomId, r]));
    const changeOf = new Set(changes.filter((c) => c.status === 'implemented').map((c) => c.proposedBomId));
    const inForceSince = (position: number) => {
      if (!released) return null;
      const line = released.lines.find((l) => l.position === position);
      let since = released;
      for (let x = history.indexOf(released) - 1; x >= 0; x--) {
        if (
          !sameLine(
            history[x].lines.find((l) => l.position === position),
            line,
          )
        )
          break;
        since = history[x];
      }
      const release = releaseOf.get(since.id);
      return {
        revision: since.revision,
        releasedAt: release?.releasedAt ?? since.validFrom,
        scope: release?.scope ?? (changeOf.has(since.id) ? ('change' as const) : ('full' as const)),
      };
    };

    const positions = [
      ...new Set([...(draft?.lines ?? []), ...(released?.lines ?? [])].map((l) => l.position)),
    ].sort((a, b) => a - b);
    const lines = positions.map((position) => {
      const d = draft?.lines.find((l) => l.position === position);
      const r = released?.lines.find((l) => l.position === position);
      const child = children.get((d ?? r)!.childItemId)!;
      // without a working draft a line in force is just that, not one the draft dropped
      const state: DesignBom['lines'][number]['state'] = !r
        ? 'draft-only'
        : !d
          ? draft
            ? 'released-only'
            : 'released'
          : sameLine(d, r)
            ? 'released'
            : 'changed';
      return {
        position,
        draft: d ? sideOf(d) : null,
        released: r ? sideOf(r) : null,
        state,
        child: {
          kind: child.kind,
          placeholder: child.placeholder,
          leadTimeDays: child.leadTimeDays === null ? null : Number(child.leadTimeDays),
          standardCost: { amount: child.amount, currency: child.currency },
        },
        releasedIn: r ? inForceSince(position) : null,
      };
    });
    return {
      itemId,
      itemNumber: item.number,
      draft: draft ? { id: draft.id, revision: draft.revision, version: draft.version } : null,
      released: released
        ? { id: released.id, revision: released.revision, validFrom: released.validFrom }
        : null,
      lines,
      releases,
      openChanges: open.map((c) => ({
        id: c.id,
        number: c.number,
        status: c.status,
        title: c.title,
        proposedRevision: revisions.find((b) => b.id === c.proposedBomId)?.revision ?? '',
      })),
    };
  }

  /**
   * A placeholder for a part not designed yet, put into the working draft at once: the item (a
   * bought part at its estimated cost and lead time) and the draft line, in one transaction.
   */
  async addPlaceholder(
    actor: Actor,
    draftId: string,
    version: number,
    input: AddPlaceholderLine,
  ): Promise<{ placeholder: Item; bom: Bom }> {
    return this.db.transaction(async (tx) => {
      const boms = new BomService(tx);
      const draft = await this.draft(boms, draftId, version);
      const position =
        input.position ?? Math.floor(Math.max(0, ...draft.lines.map((l) => l.position)) / 10) * 10 + 10;
      if (draft.lines.some((l) => l.position === position))
        throw ruleViolation('position', 'unique', `position ${position} is taken in draft ${draft.revision}`);
      const placeholder = await new ItemService(tx).create(actor, placeholderItem(input));
      const bom = await boms.update(actor, draft.id, draft.version, {
        lines: [
          ...draft.lines.map((l) => asInput(l as RevisionLine)),
          {
            position,
            childItemId: placeholder.id,
            quantityPer: input.quantityPer,
            uom: null,
            scrapFactor: 0,
          },
        ],
      });
      return { placeholder, bom };
    });
  }

  /**
   * The designed item takes a line of the working draft (a placeholder's, typically). When the
   * line is in force as drafted, the revision in force changes too: through an engineering change
   * with a `replace` line change, requested here. One transaction.
   */
  async replaceLine(
    actor: Actor,
    draftId: string,
    version: number,
    input: ReplaceDraftLine,
  ): Promise<{ bom: Bom; engineeringChange: EngineeringChange | null }> {
    return this.db.transaction(async (tx) => {
      const boms = new BomService(tx);
      const draft = await this.draft(boms, draftId, version);
      const line = draft.lines.find((l) => l.position === input.position);
      if (!line)
        throw ruleViolation(
          'position',
          'reference',
          `draft ${draft.revision} has no line at position ${input.position}`,
        );
      if (line.childItemId === input.childItemId)
        throw ruleViolation(
          'childItemId',
          'different',
          `position ${input.position} is ${line.childNumber} already`,
        );
      const [child] = await tx
        .select({ number: items.number })
        .from(items)
        .where(eq(items.id, input.childItemId));
      if (!child) throw ruleViolation('childItemId', 'reference', 'no item with this id');
      const released = (await boms.listForItem(draft.itemId)).find((b) => b.status === 'released');
      const inForce = released?.lines.find((l) => l.position === input.position);
      const bom = await boms.update(actor, draft.id, draft.version, {
        lines: draft.lines.map((l) =>
          l.position === input.position
            ? {
                ...asInput(l as RevisionLine),
                childItemId: input.childItemId,
                quantityPer: input.quantityPer ?? l.quantityPer,
                uom: null, // the new child's own unit
              }
            : asInput(l as RevisionLine),
        ),
      });
      const engineeringChange =
        inForce && inForce.childItemId === line.childItemId
          ? await this.deps.changes(tx).create(actor, {
              itemId: draft.itemId,
              title: `Replace ${line.childNumber} by ${child.number} (position ${input.position})`,
              reason:
                input.reason?.trim() ||
                `${line.childNumber} stood in for a part not designed yet; ${child.number} is the designed part`,
              requestedBy: 'internal',
              projectId: input.projectId,
              lineChanges: [
                {
                  action: 'replace',
                  position: input.position,
                  childItemId: input.childItemId,
                  ...(input.quantityPer !== undefined ? { quantityPer: input.quantityPer } : {}),
                } satisfies EcoLineChange,
              ],
            })
          : null;
      return { bom, engineeringChange };
    });
  }

  /**
   * The revision in force taken over into the draft (after an implemented engineering change,
   * the draft may still hold what the change replaced): every line in force is put into the
   * draft at its position as it is in force, so lines changed or added by the change arrive and
   * lines the change removed leave; lines only in the draft (still in design) stay. One transaction.
   */
  async takeOverRevisionInForce(actor: Actor, draftId: string, version: number): Promise<Bom> {
    return this.db.transaction(async (tx) => {
      const boms = new BomService(tx);
      const draft = await this.draft(boms, draftId, version);
      const revisions = await boms.listForItem(draft.itemId);
      const released = revisions.find((b) => b.status === 'released');
      if (!released)
        throw ruleViolation('draftId', 'released', `no revision of ${draft.itemId} is in force to take over`);
      // positions that were released once and are no longer in force: the change removed them
      const everReleased = new Set(
        revisions.filter((b) => b.status !== 'draft').flatMap((b) => b.lines.map((l) => l.position)),
      );
      const inForce = new Map(released.lines.map((l) => [l.position, l]));
      const lines = [
        ...released.lines,
        ...draft.lines.filter((l) => !inForce.has(l.position) && !everReleased.has(l.position)),
      ].sort((a, b) => a.position - b.position);
      const same =
        lines.length === draft.lines.length &&
        lines.every((l, x) => {
          const d = draft.lines[x];
          return d.position === l.position && sameLine(d, l) && asSame(d, l);
        });
      if (same)
        throw ruleViolation(
          'draftId',
          'differs',
          `draft ${draft.revision} already holds revision ${released.revision} in force`,
        );
      return boms.update(actor, draft.id, draft.version, {
        lines: lines.map((l) => asInput(l as RevisionLine)),
      });
    });
  }

  private async draft(boms: BomService, draftId: string, version: number): Promise<Bom> {
    const draft = await boms.get(draftId);
    if (draft.version !== version) throw new VersionConflictError('BOM', draftId, version, draft.version);
    if (draft.status !== 'draft')
      throw ruleViolation(
        'status',
        'draft-only',
        `revision ${draft.revision} is ${draft.status}; the design changes in its draft`,
      );
    return draft;
  }
}

/** The newest draft that no open engineering change proposes. */
export function workingDraft(revisions: Bom[], proposedByChanges: Set<string>): Bom | null {
  const drafts = revisions
    .filter((b) => b.status === 'draft' && !proposedByChanges.has(b.id))
    .sort(byRevision);
  return drafts.at(-1) ?? null;
}
