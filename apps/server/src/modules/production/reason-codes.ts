/** The plant's reason codes for stops and scrap: the terminal offers them, OEE groups by them. */
import type { ReasonCode } from '@takt/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { reasonCodes } from './tables';

export type ReasonCodeInput = Pick<ReasonCode, 'kind' | 'code' | 'name' | 'planned'>;

export class ReasonCodeService {
  constructor(private readonly db: Db | Tx) {}

  async list(query: { kind?: ReasonCode['kind'] } = {}): Promise<ReasonCode[]> {
    const rows = await this.db
      .select()
      .from(reasonCodes)
      .where(and(eq(reasonCodes.active, true), query.kind ? eq(reasonCodes.kind, query.kind) : undefined))
      .orderBy(asc(reasonCodes.kind), asc(reasonCodes.code));
    return rows.map(toReasonCode);
  }

  /** Creates reason codes (one statement); a code is unique per kind. */
  async create(actor: Actor, inputs: ReasonCodeInput[]): Promise<ReasonCode[]> {
    if (inputs.length === 0) return [];
    const seen = new Set<string>();
    inputs.forEach((r, x) => {
      const key = `${r.kind}:${r.code.toUpperCase()}`;
      if (seen.has(key)) throw ruleViolation(`${x}.code`, 'unique', `reason code ${r.code} is given twice`);
      seen.add(key);
      if (r.kind === 'scrap' && r.planned)
        throw ruleViolation(`${x}.planned`, 'stop-only', 'only a stop can be planned');
    });
    const existing = await this.db
      .select({ kind: reasonCodes.kind, code: reasonCodes.code })
      .from(reasonCodes);
    const clash = existing.find((e) => seen.has(`${e.kind}:${e.code.toUpperCase()}`));
    if (clash) throw ruleViolation('code', 'unique', `there already is a ${clash.kind} reason ${clash.code}`);
    const rows = await this.db
      .insert(reasonCodes)
      .values(inputs.map((r) => ({ ...r, code: r.code.toUpperCase() })))
      .returning();
    await recordAudit(this.db, actor, {
      entity: 'reason-code',
      entityId: rows.map((r) => r.code).join(','),
      action: 'create',
      after: rows.map(toReasonCode),
    });
    return rows.map(toReasonCode);
  }
}

function toReasonCode(r: typeof reasonCodes.$inferSelect): ReasonCode {
  return {
    id: r.id,
    kind: r.kind,
    code: r.code,
    name: r.name,
    planned: r.planned,
    active: r.active,
    version: r.version,
  };
}
