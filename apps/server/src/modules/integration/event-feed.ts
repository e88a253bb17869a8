/**
 * The outbox read by systems that poll (a cursor on the sequence) and as period files (CSV or
 * JSON). Both show an event only once it has settled (a few seconds old): sequence numbers are
 * taken at insert and rows become visible at commit, so a cursor that ran right up to the
 * newest row could pass an event whose transaction commits a moment later. Settling closes that
 * for every transaction shorter than the settle time.
 */
import type { EventExportQuery, EventFeed as EventFeedPage, IntegrationEventDto } from '@takt/contracts';
import { localToUtc } from '@takt/engine';
import { and, asc, gt, gte, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { plantTimeZone } from '../catalog/plant-structure';
import { integrationEvents } from './tables';

/** The stable column set of the CSV export. */
export const EXPORT_COLUMNS = [
  'sequence',
  'id',
  'type',
  'entity',
  'entity_id',
  'occurred_at',
  'payload',
] as const;

const EXPORT_PAGE = 2000;

type EventRow = typeof integrationEvents.$inferSelect;

const toEvent = (r: EventRow): IntegrationEventDto => ({
  id: r.id,
  sequence: r.sequence,
  type: r.type,
  entity: r.entity,
  entityId: r.entityId,
  occurredAt: r.occurredAt.toISOString(),
  payload: r.payload as Record<string, unknown>,
});

/** `operation.reported` matches itself, `job.*` every type under `job.`. */
export function typeFilter(types: string[]): SQL | undefined {
  if (types.length === 0) return undefined;
  const exact = types.filter((t) => !t.endsWith('.*'));
  const prefixes = types.filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1));
  return or(
    exact.length > 0 ? inArray(integrationEvents.type, exact) : undefined,
    ...prefixes.map((p) => like(integrationEvents.type, `${p}%`)),
  );
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const csvLine = (e: IntegrationEventDto) =>
  [e.sequence, e.id, e.type, e.entity, e.entityId, e.occurredAt, JSON.stringify(e.payload)]
    .map(csvCell)
    .join(',');

export class EventFeed {
  constructor(
    private readonly db: Db,
    /** how old an event must be before the feed shows it */
    private readonly settleSeconds = 5,
  ) {}

  private settled(): SQL {
    return sql`${integrationEvents.occurredAt} <= now() - make_interval(secs => ${this.settleSeconds})`;
  }

  /** The events after a sequence number, oldest first. */
  async pull(query: { after: number; types: string[]; limit: number }): Promise<EventFeedPage> {
    const rows = await this.db
      .select()
      .from(integrationEvents)
      .where(and(gt(integrationEvents.sequence, query.after), typeFilter(query.types), this.settled()))
      .orderBy(asc(integrationEvents.sequence))
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(toEvent);
    return {
      items,
      next: items.length > 0 ? items[items.length - 1].sequence : query.after,
      hasMore: rows.length > query.limit,
    };
  }

  /** The period as UTC instants: a date is midnight in the plant's time zone; `to` is exclusive. */
  async period(query: Pick<EventExportQuery, 'from' | 'to'>): Promise<{ from: Date; to: Date }> {
    const timeZone = await plantTimeZone(this.db);
    const instant = (v: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v)
        ? new Date(localToUtc(timeZone, Date.parse(`${v}T00:00:00Z`)))
        : new Date(v);
    const from = instant(query.from);
    const to = instant(query.to);
    if (!(from < to))
      throw ruleViolation('to', 'after-from', `the period must end after it starts (${query.from})`);
    return { from, to };
  }

  /** The events of a period, in sequence order, as CSV lines or a JSON array, chunk by chunk. */
  async *export(query: EventExportQuery): AsyncGenerator<string> {
    const { from, to } = await this.period(query);
    yield query.format === 'csv' ? `${EXPORT_COLUMNS.join(',')}\n` : '[';
    let after = 0;
    let first = true;
    for (;;) {
      const rows = await this.db
        .select()
        .from(integrationEvents)
        .where(
          and(
            gt(integrationEvents.sequence, after),
            gte(integrationEvents.occurredAt, from),
            lt(integrationEvents.occurredAt, to),
            typeFilter(query.types),
            this.settled(),
          ),
        )
        .orderBy(asc(integrationEvents.sequence))
        .limit(EXPORT_PAGE);
      if (rows.length === 0) break;
      const events = rows.map(toEvent);
      if (query.format === 'csv') yield `${events.map(csvLine).join('\n')}\n`;
      else {
        yield (first ? '\n' : ',\n') + events.map((e) => JSON.stringify(e)).join(',\n');
        first = false;
      }
      after = rows[rows.length - 1].sequence;
      if (rows.length < EXPORT_PAGE) break;
    }
    if (query.format === 'json') yield first ? ']\n' : '\n]\n';
  }

  /** The whole export as one string (tests, small periods). */
  async exportText(query: EventExportQuery): Promise<string> {
    let text = '';
    for await (const chunk of this.export(query)) text += chunk;
    return text;
  }
}
