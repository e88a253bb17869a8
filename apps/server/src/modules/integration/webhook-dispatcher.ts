/**
 * The dispatcher: turns new outbox events into one delivery per matching active subscription,
 * in one INSERT ... SELECT. A subscription matches an event that happened after it was created
 * and whose type is in its filter (exactly, or under a `prefix.*`), or any type for an empty
 * filter.
 *
 * Which events are new: the dispatcher rescans every event after its floor, a sequence number
 * it keeps in memory and raises to the last event older than the lookback (10 minutes). So an
 * event whose transaction commits after a later-numbered one (sequence numbers are taken at
 * insert, rows become visible at commit) is still seen, as long as that transaction took less
 * than the lookback. A delivery row already there for the pair is not made again
 * (NOT EXISTS on the subscription's deliveries created since the event), and a transaction-level
 * advisory lock serializes dispatchers of several server processes, so running it twice, or in
 * two processes, makes no duplicates. A new process starts with floor 0: its first run looks at
 * the whole outbox once (cheap per event: the NOT EXISTS finds the event's delivery right after
 * the event in the index).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/database';
import { PING_EVENT_TYPE } from './webhook-service';

const DISPATCH_LOCK = sql`hashtext('takt:webhook-dispatch')`;

export class WebhookDispatcher {
  private floor = 0;

  constructor(
    private readonly db: Db,
    private readonly lookbackSeconds = 600,
  ) {}

  /** Creates the missing deliveries of recent events; returns how many it created. */
  async dispatch(): Promise<number> {
    const { created, settled } = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${DISPATCH_LOCK})`);
      const inserted = await queryRows<{ id: string }>(
        tx,
        sql`insert into webhook_deliveries (subscription_id, event_id)
            select s.id, e.id
              from integration_events e
              join webhook_subscriptions s
                on s.active
               and e.occurred_at >= s.created_at
               and (cardinality(s.event_types) = 0
                    or e.type = any(s.event_types)
                    or exists (select 1 from unnest(s.event_types) as p(pattern)
                                where right(p.pattern, 2) = '.*'
                                  and starts_with(e.type, left(p.pattern, -1))))
             where e.sequence > ${this.floor}
               and e.type <> ${PING_EVENT_TYPE}
               and not exists (select 1 from webhook_deliveries d
                                where d.subscription_id = s.id
                                  and d.created_at >= e.occurred_at
                                  and d.event_id = e.id)
             order by e.sequence, s.id
            returning id`,
      );
      const [{ settled }] = await queryRows<{ settled: number | null }>(
        tx,
        sql`select max(sequence) as settled from integration_events
             where sequence > ${this.floor}
               and occurred_at < now() - make_interval(secs => ${this.lookbackSeconds})`,
      );
      return { created: inserted.length, settled };
    });
    // raised only once the deliveries are committed
    if (settled !== null) this.floor = Math.max(this.floor, Number(settled));
    return created;
  }
}
