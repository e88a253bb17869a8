/**
 * Line changes of an ECO applied to a BOM revision, and the difference between two revisions
 * by position. Pure.
 */
import type { bomLineInput, EcoLineChange } from '@takt/contracts';
import type { z } from 'zod';
import type { FieldIssue } from '../../platform/errors';

export type LineInput = z.input<typeof bomLineInput>;

export interface RevisionLine {
  position: number;
  childItemId: string;
  childNumber: string;
  childName: string;
  quantityPer: number;
  uom: string;
  scrapFactor: number;
  operationNumber: string | null;
  condition: string | null;
  quantityFormula: string | null;
}

export const asInput = (l: RevisionLine): LineInput => ({
  position: l.position,
  childItemId: l.childItemId,
  quantityPer: l.quantityPer,
  uom: l.uom,
  scrapFactor: l.scrapFactor,
  operationNumber: l.operationNumber,
  condition: l.condition,
  quantityFormula: l.quantityFormula,
});

/** The lines after the changes, or the issues (each naming `lineChanges.<i>.<field>`). */
export function applyLineChanges(
  lines: RevisionLine[],
  changes: EcoLineChange[],
): { lines: LineInput[]; issues: FieldIssue[] } {
  const byPosition = new Map<number, LineInput>(lines.map((l) => [l.position, asInput(l)]));
  const issues: FieldIssue[] = [];
  changes.forEach((change, i) => {
    if (change.action === 'add') {
      if (byPosition.has(change.line.position))
        issues.push({
          field: `lineChanges.${i}.line.position`,
          rule: 'unique',
          message: `position ${change.line.position} is taken; change or replace that line`,
        });
      else byPosition.set(change.line.position, change.line);
      return;
    }
    const line = byPosition.get(change.position);
    if (!line) {
      issues.push({
        field: `lineChanges.${i}.position`,
        rule: 'reference',
        message: `the BOM has no line at position ${change.position}`,
      });
      return;
    }
    if (change.action === 'remove') byPosition.delete(change.position);
    else if (change.action === 'replace')
      byPosition.set(change.position, {
        ...line,
        childItemId: change.childItemId,
        quantityPer: change.quantityPer ?? line.quantityPer,
        uom: null, // the new child's own unit
      });
    else
      byPosition.set(change.position, {
        ...line,
        ...(change.quantityPer !== undefined ? { quantityPer: change.quantityPer } : {}),
        ...(change.scrapFactor !== undefined ? { scrapFactor: change.scrapFactor } : {}),
        ...(change.operationNumber !== undefined ? { operationNumber: change.operationNumber } : {}),
      });
  });
  return { lines: [...byPosition.values()].sort((a, b) => a.position - b.position), issues };
}

export interface LineDifference {
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  position: number;
  childNumber: string;
  childName: string;
  childItemId: string;
  quantityBefore: number | null;
  quantityAfter: number | null;
}

/** Revision `after` against `before`, by position (a new child at a position is removed + added). */
export function diffRevisions(before: RevisionLine[], after: RevisionLine[]): LineDifference[] {
  const old = new Map(before.map((l) => [l.position, l]));
  const out: LineDifference[] = [];
  const row = (
    change: LineDifference['change'],
    l: RevisionLine,
    was: number | null,
    now: number | null,
  ) => ({
    change,
    position: l.position,
    childNumber: l.childNumber,
    childName: l.childName,
    childItemId: l.childItemId,
    quantityBefore: was,
    quantityAfter: now,
  });
  for (const l of after) {
    const was = old.get(l.position);
    if (!was) out.push(row('added', l, null, l.quantityPer));
    else if (was.childItemId !== l.childItemId) {
      out.push(row('removed', was, was.quantityPer, null));
      out.push(row('added', l, null, l.quantityPer));
    } else
      out.push(
        row(
          was.quantityPer !== l.quantityPer || was.uom !== l.uom || was.scrapFactor !== l.scrapFactor
            ? 'changed'
            : 'unchanged',
          l,
          was.quantityPer,
          l.quantityPer,
        ),
      );
    old.delete(l.position);
  }
  for (const was of old.values()) out.push(row('removed', was, was.quantityPer, null));
  return out.sort((a, b) => a.position - b.position || (a.change === 'removed' ? -1 : 1));
}
