/**
 * Partial release: lines of a draft BOM released for procurement before the whole design is
 * done. Every release is a new revision through the catalog's lifecycle: the released lines of
 * the revision in force, with the chosen draft lines put in at their positions, released from
 * today (the previous one becomes obsolete). The draft stays the design's working copy. Open
 * order lines that use the item (the project's line) are then re-planned, so MRP plans and buys
 * the released long-lead items now. One transaction.
 */
import type { Bom } from '@takt/contracts';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation, VersionConflictError } from '../../platform/errors';
import { BomService } from '../catalog/bom-service';
import { boms } from '../catalog/tables/boms';
import { items } from '../catalog/tables/items';
import { users } from '../identity/tables';
import type { PlanningService } from '../planning/planning-service';
import type { SalesOrderService } from '../sales/order-service';
import { asInput, type RevisionLine } from './bom-line-changes';
import { linesUsing, replanLines } from './replan-lines';
import { bomReleases } from './tables';

const utcToday = () => new Date().toISOString().slice(0, 10);
const MAX_DEPTH = 20;

export interface PartialReleaseInput {
  positions: number[];
  includeSubassemblies: boolean;
  projectId?: string;
  note?: string;
}

export class PartialReleaseService {
  constructor(
    private readonly db: Db,
    private readonly deps: { planning: PlanningService; orders: (db: Db | Tx) => SalesOrderService },
  ) {}

  async release(actor: Actor, draftId: string, version: number, input: PartialReleaseInput) {
    return this.db.transaction(async (tx) => {
      const service = new BomService(tx);
      const draft = await service.get(draftId, tx);
      if (draft.version !== version) throw new VersionConflictError('BOM', draftId, version, draft.version);
      if (draft.status !== 'draft')
        throw ruleViolation(
          'status',
          'draft-only',
          `revision ${draft.revision} is ${draft.status}; release lines of a draft`,
        );
      const missing = input.positions.filter((p) => !draft.lines.some((l) => l.position === p));
      if (missing.length)
        throw ruleViolation(
          'positions',
          'reference',
          `the draft has no line at position ${missing.join(', ')}`,
        );
      const today = utcToday();
      const [top, ...subassemblies] = await this.releaseTree(tx, actor, service, draft, input, today);
      const affected = await linesUsing(tx, this.deps.orders(tx), draft.itemId, today);
      const replanned = await replanLines(
        tx,
        actor,
        affected.map((d) => d.id),
        { planning: this.deps.planning, orders: this.deps.orders(tx) },
      );
      const views = await this.views(tx, [top.id, ...subassemblies.map((s) => s.id)]);
      return {
        release: views[0],
        bom: await service.get(top.releasedBomId, tx),
        subassemblies: views.slice(1),
        replanned,
      };
    });
  }

  /** Releases of an item, newest first. */
  async listForItem(itemId: string) {
    const rows = await this.db
      .select({ id: bomReleases.id })
      .from(bomReleases)
      .where(eq(bomReleases.itemId, itemId))
      .orderBy(desc(bomReleases.releasedAt));
    return this.views(
      this.db,
      rows.map((r) => r.id),
    );
  }

  /** The draft's chosen lines, and with sub-assemblies the newest drafts of their children, all lines. */
  private async releaseTree(
    tx: Tx,
    actor: Actor,
    service: BomService,
    draft: Bom,
    input: PartialReleaseInput,
    today: string,
  ) {
    const written: { id: string; releasedBomId: string }[] = [];
    const queue: { draft: Bom; positions: number[]; depth: number }[] = [
      { draft, positions: input.positions, depth: 0 },
    ];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next.draft.itemId) || next.depth > MAX_DEPTH) continue;
      seen.add(next.draft.itemId);
      const revisions = await service.listForItem(next.draft.itemId);
      const current = revisions.find((b) => b.status === 'released');
      const chosen = next.draft.lines.filter((l) => next.positions.includes(l.position));
      const lines = new Map((current?.lines ?? []).map((l) => [l.position, asInput(l as RevisionLine)]));
      for (const l of chosen) lines.set(l.position, asInput(l as RevisionLine));
      const created = await service.create(actor, next.draft.itemId, {
        lines: [...lines.values()].sort((a, b) => a.position - b.position),
      });
      await service.release(actor, created.id, created.version, today);
      // full: the revision now released is the whole draft
      const full =
        lines.size === next.draft.lines.length &&
        next.draft.lines.every((l) => {
          const now = lines.get(l.position);
          return now?.childItemId === l.childItemId && now.quantityPer === l.quantityPer && now.uom === l.uom;
        });
      const [row] = await tx
        .insert(bomReleases)
        .values({
          itemId: next.draft.itemId,
          draftBomId: next.draft.id,
          releasedBomId: created.id,
          scope: full ? 'full' : 'partial',
          positions: chosen.map((l) => l.position),
          projectId: input.projectId ?? null,
          note: input.note ?? null,
          releasedById: actor.id,
        })
        .returning({ id: bomReleases.id });
      written.push({ id: row.id, releasedBomId: created.id });
      if (input.includeSubassemblies) {
        const childIds = chosen.map((l) => l.childItemId);
        const drafts = childIds.length
          ? await tx
              .select({ id: boms.id, itemId: boms.itemId, revision: boms.revision })
              .from(boms)
              .where(inArray(boms.itemId, childIds))
          : [];
        for (const childId of childIds) {
          const newest = drafts
            .filter((d) => d.itemId === childId)
            .sort((a, b) => b.revision.localeCompare(a.revision))[0];
          if (!newest) continue;
          const child = await service.get(newest.id, tx);
          if (child.status !== 'draft' || child.lines.length === 0) continue;
          queue.push({ draft: child, positions: child.lines.map((l) => l.position), depth: next.depth + 1 });
        }
      }
    }
    return written;
  }

  private async views(db: Db | Tx, ids: string[]) {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ release: bomReleases, itemNumber: items.number, releasedBy: users.name })
      .from(bomReleases)
      .innerJoin(items, eq(items.id, bomReleases.itemId))
      .leftJoin(users, eq(users.id, bomReleases.releasedById))
      .where(inArray(bomReleases.id, ids));
    const revisionIds = rows.flatMap((r) => [r.release.draftBomId, r.release.releasedBomId]);
    const revisions = new Map(
      (
        await db
          .select({ id: boms.id, revision: boms.revision })
          .from(boms)
          .where(inArray(boms.id, revisionIds))
      ).map((b) => [b.id, b.revision]),
    );
    const byId = new Map(rows.map((r) => [r.release.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          id: r.release.id,
          itemId: r.release.itemId,
          itemNumber: r.itemNumber,
          draftBomId: r.release.draftBomId,
          draftRevision: revisions.get(r.release.draftBomId) ?? '',
          releasedBomId: r.release.releasedBomId,
          releasedRevision: revisions.get(r.release.releasedBomId) ?? '',
          scope: r.release.scope,
          positions: r.release.positions as number[],
          projectId: r.release.projectId,
          note: r.release.note,
          releasedBy: r.releasedBy,
          releasedAt: r.release.releasedAt.toISOString(),
        },
      ];
    });
  }
}
