/** The audit trail: services call `recordAudit` inside the transaction of the change itself. */
import type { Db, Tx } from './db/database';
import { auditLog } from './tables';

/** Who acts: a signed-in user, an API token's user, or the system (seed, migrations, CLI). */
export interface Actor {
  id: string | null;
  name: string;
}

export const systemActor: Actor = { id: null, name: 'system' };

export async function recordAudit(
  tx: Db | Tx,
  actor: Actor,
  entry: {
    entity: string;
    entityId: string;
    action: 'create' | 'update' | 'delete' | string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorName: actor.name,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** Many audit rows in one statement (imports, seeds). */
export async function recordAuditMany(
  tx: Db | Tx,
  actor: Actor,
  entries: { entity: string; entityId: string; action: string; before?: unknown; after?: unknown }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      actorId: actor.id,
      actorName: actor.name,
      entity: e.entity,
      entityId: e.entityId,
      action: e.action,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}
