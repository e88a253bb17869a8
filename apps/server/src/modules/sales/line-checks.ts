/**
 * What every sold line must satisfy, for quotes and orders alike: an active item that can be
 * sold (not a phantom), a configuration exactly when the item is configurable, and a requested
 * date that is not in the past. One query for all lines;
 * every broken rule comes back at once, each naming its field (`lines.<i>.itemId`).
 */
import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { type FieldIssue, RuleViolationError } from '../../platform/errors';
import { plantToday } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';

export interface SoldLine {
  itemId: string;
  requestedDate: string;
  configuration?: Record<string, unknown> | null;
}

export async function checkSellableLines(db: Db | Tx, lines: SoldLine[]): Promise<void> {
  const ids = [...new Set(lines.map((l) => l.itemId))];
  const found =
    ids.length === 0
      ? []
      : await db
          .select({
            id: items.id,
            number: items.number,
            kind: items.kind,
            active: items.active,
            configurable: items.configurable,
          })
          .from(items)
          .where(inArray(items.id, ids));
  const byId = new Map(found.map((i) => [i.id, i]));
  const today = await plantToday(db);
  const issues = lines.flatMap((l, x): FieldIssue[] => {
    const item = byId.get(l.itemId);
    if (!item) return [{ field: `lines.${x}.itemId`, rule: 'exists', message: 'no item with this id' }];
    if (!item.active)
      return [{ field: `lines.${x}.itemId`, rule: 'active', message: `item ${item.number} is inactive` }];
    if (item.kind === 'phantom')
      return [
        {
          field: `lines.${x}.itemId`,
          rule: 'sellable',
          message: `item ${item.number} is a phantom and cannot be sold`,
        },
      ];
    if (item.configurable && !l.configuration)
      return [
        {
          field: `lines.${x}.configuration`,
          rule: 'required',
          message: `${item.number} is configurable: choose its options (configuration)`,
        },
      ];
    if (!item.configurable && l.configuration)
      return [
        {
          field: `lines.${x}.configuration`,
          rule: 'not-configurable',
          message: `${item.number} is a standard item and takes no configuration`,
        },
      ];
    if (l.requestedDate < today)
      return [
        { field: `lines.${x}.requestedDate`, rule: 'not-past', message: `${l.requestedDate} is in the past` },
      ];
    return [];
  });
  if (issues.length > 0) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
}

/**
 * Runs line checks for a request that is one line (a promise): the fields are named as that
 * request names them (`configuration.flange`, not `lines.0.configuration.flange`).
 */
export async function asSingleLine<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof RuleViolationError)) throw error;
    throw new RuleViolationError(
      error.message,
      error.issues.map((i) => ({ ...i, field: i.field.replace(/^lines\.0\./, '') })),
      error.extra,
    );
  }
}
