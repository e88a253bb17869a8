/**
 * The outbox writer: a module that confirms something to the outside world (an operation
 * reported, a job finished, an order shipped) appends the event here inside its own
 * transaction, so an event exists exactly when the change it reports was committed. Webhooks,
 * file exports and the pull API deliver from the outbox.
 */
import type { Db, Tx } from '../../platform/db/database';
import { integrationEvents } from './tables';

export interface IntegrationEvent {
  /** dotted, past tense: `operation.reported`, `job.completed`, `order.shipped` */
  type: string;
  entity: string;
  entityId: string;
  payload: Record<string, unknown>;
}

/** Appends events to the outbox in the caller's transaction (one statement). */
export async function recordIntegrationEvents(tx: Db | Tx, events: IntegrationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(integrationEvents).values(events);
}
