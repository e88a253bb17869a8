/**
 * The reason code a stop is given: production keeps the plant's reason codes (reason_codes);
 * machine data only reads one and checks it can explain a stop.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { reasonCodes } from '../production/tables';

export interface StopReason {
  id: string;
  code: string;
  name: string;
  planned: boolean;
}

/** The reason code `id` if it is an active stop reason; a 422 naming `field` otherwise. */
export async function requireStopReason(db: Db | Tx, id: string, field = 'reasonId'): Promise<StopReason> {
  const [row] = await db.select().from(reasonCodes).where(eq(reasonCodes.id, id));
  if (!row) throw ruleViolation(field, 'exists', `there is no reason code ${id}`);
  if (row.kind !== 'stop')
    throw ruleViolation(
      field,
      'stop-reason',
      `${row.code} (${row.name}) is a ${row.kind} reason: a stop needs a reason of kind stop`,
    );
  if (!row.active) throw ruleViolation(field, 'active', `${row.code} (${row.name}) is no longer in use`);
  return { id: row.id, code: row.code, name: row.name, planned: row.planned };
}
