/**
 * The lifecycle BOMs and routings share: draft → released → obsolete. Only drafts change;
 * releasing a draft obsoletes the item's released revision from the new validFrom, so the old
 * one stays effective until the day the new one takes over.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { nextRevision } from './revision-code';
import type { boms } from './tables/boms';
import type { routings } from './tables/routings';

type RevisionTable = typeof boms | typeof routings;

export interface RevisionHeader {
  id: string;
  itemId: string;
  revision: string;
  status: 'draft' | 'released' | 'obsolete';
  validFrom: string | null;
  validTo: string | null;
  version: number;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The revision code for a new draft: the one asked for if free, else the next letter. */
export async function newRevisionCode(
  tx: Tx,
  table: RevisionTable,
  itemId: string,
  itemNumber: string,
  wanted?: string,
): Promise<string> {
  const existing = (
    await tx.select({ revision: table.revision }).from(table).where(eq(table.itemId, itemId))
  ).map((e) => e.revision);
  const revision = wanted ?? nextRevision(existing);
  if (existing.includes(revision))
    throw ruleViolation('revision', 'unique', `${itemNumber} already has revision ${revision}`);
  return revision;
}

/** Locks a revision for a change; only a draft at the version the client edited may change. */
export async function lockDraft(
  tx: Tx,
  table: RevisionTable,
  entity: string,
  id: string,
  version: number,
): Promise<RevisionHeader> {
  const [header] = (await tx.select().from(table).where(eq(table.id, id)).for('update')) as RevisionHeader[];
  if (!header) throw new NotFoundError(entity, id);
  if (header.version !== version) throw new VersionConflictError(entity, id, version, header.version);
  if (header.status !== 'draft') {
    throw ruleViolation(
      'status',
      'draft-only',
      `${entity} revision ${header.revision} is ${header.status}; only a draft can change — create a new revision`,
    );
  }
  return header;
}

/** Releases a locked draft; returns its validFrom and the revisions it made obsolete. */
export async function releaseDraft(
  tx: Tx,
  table: RevisionTable,
  header: RevisionHeader,
  validFrom?: string,
): Promise<{ from: string; obsoleted: string[] }> {
  const from = validFrom ?? header.validFrom ?? today();
  const obsoleted = await tx
    .update(table)
    .set({ status: 'obsolete', validTo: from, version: sql`${table.version} + 1` })
    .where(and(eq(table.itemId, header.itemId), eq(table.status, 'released'), ne(table.id, header.id)))
    .returning({ revision: table.revision });
  await tx
    .update(table)
    .set({ status: 'released', validFrom: from, version: sql`${table.version} + 1` })
    .where(eq(table.id, header.id));
  return { from, obsoleted: obsoleted.map((o) => o.revision) };
}
