/**
 * A planner's pins: a pinned operation keeps its machine and start through every later re-plan
 * (the engine treats it as firm, `current-plan.ts`) until a planner unpins it. Applying a move on
 * the board pins the moved operation; these pin one where it stands, or unpin it. Only work the
 * shop floor has not started can be pinned (work under way is where the shop floor runs it).
 * Each change is one transaction under the planning lock, so it never interleaves with a re-plan.
 */
import type { OperationPin } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import type { ProductionService } from '../production/service';

export class OperationPinService {
  constructor(
    private readonly db: Db,
    private readonly deps: { production: (db: Db | Tx) => ProductionService },
  ) {}

  /** Pins a planned or released, scheduled operation where it is planned now. */
  async pin(actor: Actor, operationId: string, now = new Date()): Promise<OperationPin> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const production = this.deps.production(tx);
      const status = (await production.operationProgress([operationId], tx)).get(operationId)?.status;
      if (!status) throw new NotFoundError('operation', operationId);
      if (status !== 'planned' && status !== 'released')
        throw ruleViolation(
          'operationId',
          'not-under-way',
          `the operation is ${status}: only work the shop floor has not started can be pinned`,
        );
      const [row] = await production.setPinned(tx, actor, [operationId], { at: now, by: actor.id });
      if (!row)
        throw ruleViolation(
          'operationId',
          'scheduled',
          'the operation is not scheduled: there is nothing to pin',
        );
      return { operationId, pinnedAt: now.toISOString(), pinnedBy: actor.name };
    });
  }

  /** Unpins an operation: the next re-plan may move it again. Unpinning what is not pinned changes nothing. */
  async unpin(actor: Actor, operationId: string): Promise<OperationPin> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const production = this.deps.production(tx);
      if (!(await production.operationProgress([operationId], tx)).has(operationId))
        throw new NotFoundError('operation', operationId);
      await production.setPinned(tx, actor, [operationId], null);
      return { operationId, pinnedAt: null, pinnedBy: null };
    });
  }
}
