/**
 * The BOM and routing of one configuration. BOM: the effective lines below the item, every
 * level, in depth-first order; a line stays when its condition holds, its quantity comes from
 * its formula when it has one, and a line that goes (condition false, or a formula giving 0)
 * takes its whole subtree with it. Every level reads the same variables: the root
 * configuration's options and computed values, so a configurable sub-assembly is configured by
 * the options it shares with its parent. Routing: the operations whose condition holds, times
 * from their formulas, and predecessors bridged over the operations left out. Pure, one pass
 * over the rows.
 */

import type {
  BrokenRule,
  ConfigurationResult,
  ConfiguredBomLine,
  ConfiguredOperation,
} from '@takt/contracts';
import type { ConfiguredStructure } from '../../planning/planning-catalog';
import type { CompiledExpression, CompiledModel } from './compile-model';
import { type Expr, evaluateExpression, namesIn, parseExpression, type Variables } from './expression';

/** One effective BOM line below the configured item, as the service loads it. */
export interface StructureRow {
  level: number;
  /** fixed-width positions down the path ('0010.0020'): byte order is display order */
  sortKey: string;
  parentItemId: string;
  parentNumber: string;
  position: number;
  itemId: string;
  number: string;
  name: string;
  kind: ConfiguredBomLine['kind'];
  uom: string;
  quantityPer: number;
  scrapFactor: number;
  operationNumber: string | null;
  condition: string | null;
  quantityFormula: string | null;
  /** one line unit in the child's base unit */
  unitFactor: number;
}

export interface ConfiguredLine extends ConfiguredBomLine {
  /** extended quantity in the child's base unit (standard cost counts per base unit) */
  baseQuantity: number;
  /** the chain from the root down to this line's parent is all phantoms (or empty) */
  underPhantomsOnly: boolean;
}

export interface RoutingRow {
  number: string;
  name: string;
  workCenterId: string;
  workCenterCode: string;
  setupMinutes: number;
  runMinutesPerUnit: number;
  predecessors: string[];
}

const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

function evaluateLineExpression(
  text: string,
  vars: Variables,
  want: 'boolean' | 'number',
  field: string,
  optionsBehind: (name: string) => string[],
): { ok: true; value: boolean | number } | { ok: false; issue: BrokenRule } {
  const parsed = parseExpression(text);
  const names = parsed.ok ? namesIn(parsed.value) : [];
  const fail = (message: string) => ({
    ok: false as const,
    issue: {
      ruleId: 'structure',
      kind: 'expression' as const,
      field,
      options: [...new Set(names.flatMap(optionsBehind))],
      message: `${text}: ${message}`,
    },
  });
  if (!parsed.ok) return fail(parsed.error.message);
  const result = evaluateExpression(parsed.value as Expr, vars);
  if (!result.ok) return fail(result.error.message);
  if (typeof result.value !== want)
    return fail(
      `gives ${shown(result.value)}, where a ${want === 'boolean' ? 'yes/no value' : 'number'} is needed`,
    );
  return { ok: true, value: result.value as boolean | number };
}

export function configureBom(
  rows: readonly StructureRow[],
  vars: Variables,
  optionsBehind: (name: string) => string[],
): { lines: ConfiguredLine[]; issues: BrokenRule[] } {
  const lines: ConfiguredLine[] = [];
  const issues: BrokenRule[] = [];
  const basePerRoot: number[] = [1]; // [level] = base units of that level's item per configured unit
  const phantomPath: boolean[] = [true]; // [level] = the path down to that level is all phantoms
  let droppedPrefix: string | undefined;
  for (const row of rows) {
    if (droppedPrefix !== undefined && row.sortKey.startsWith(droppedPrefix)) continue;
    droppedPrefix = undefined;
    const field = `bom.${row.parentNumber}.${row.position}`;
    const drop = () => {
      droppedPrefix = `${row.sortKey}.`;
    };
    if (row.condition) {
      const holds = evaluateLineExpression(
        row.condition,
        vars,
        'boolean',
        `${field}.condition`,
        optionsBehind,
      );
      if (!holds.ok) {
        issues.push(holds.issue);
        drop();
        continue;
      }
      if (!holds.value) {
        drop();
        continue;
      }
    }
    let quantityPer = row.quantityPer;
    if (row.quantityFormula) {
      const q = evaluateLineExpression(
        row.quantityFormula,
        vars,
        'number',
        `${field}.quantityFormula`,
        optionsBehind,
      );
      if (!q.ok || (q.value as number) < 0) {
        issues.push(
          q.ok
            ? {
                ruleId: 'structure',
                kind: 'expression',
                field: `${field}.quantityFormula`,
                options: [],
                message: `${row.quantityFormula}: gives a negative quantity (${q.value})`,
              }
            : q.issue,
        );
        drop();
        continue;
      }
      quantityPer = q.value as number;
      if (quantityPer === 0) {
        drop();
        continue;
      }
    }
    const extendedQuantity = basePerRoot[row.level - 1] * quantityPer * (1 + row.scrapFactor);
    basePerRoot[row.level] = extendedQuantity * row.unitFactor;
    phantomPath[row.level] = phantomPath[row.level - 1] && row.kind === 'phantom';
    lines.push({
      level: row.level,
      sortKey: row.sortKey,
      parentItemId: row.parentItemId,
      position: row.position,
      itemId: row.itemId,
      number: row.number,
      name: row.name,
      kind: row.kind,
      uom: row.uom,
      quantityPer,
      quantityPerBase: quantityPer * row.unitFactor,
      scrapFactor: row.scrapFactor,
      extendedQuantity,
      operationNumber: row.operationNumber,
      fromFormula: row.quantityFormula !== null,
      baseQuantity: basePerRoot[row.level],
      underPhantomsOnly: phantomPath[row.level - 1],
    });
  }
  return { lines, issues };
}

function run(
  compiled: CompiledExpression,
  vars: Variables,
  want: 'boolean' | 'number',
  model: CompiledModel,
): { ok: true; value: boolean | number } | { ok: false; issue: BrokenRule } {
  const options = [...new Set(compiled.names.flatMap(model.optionsBehind))];
  const result = evaluateExpression(compiled.expr, vars);
  const fail = (message: string) => ({
    ok: false as const,
    issue: { ruleId: 'structure', kind: 'expression' as const, field: compiled.field, options, message },
  });
  if (!result.ok) return fail(`${compiled.text}: ${result.error.message}`);
  if (typeof result.value !== want)
    return fail(`${compiled.text}: gives ${shown(result.value)}, not a ${want}`);
  if (want === 'number' && (result.value as number) < 0)
    return fail(`${compiled.text}: gives a negative time`);
  return { ok: true, value: result.value as boolean | number };
}

export function configureRouting(
  operations: readonly RoutingRow[],
  model: CompiledModel,
  vars: Variables,
): { operations: ConfiguredOperation[]; issues: BrokenRule[] } {
  const issues: BrokenRule[] = [];
  const kept: ConfiguredOperation[] = [];
  const left = new Map<string, string[]>(); // operation left out → its predecessors
  for (const op of operations) {
    const mapping = model.routing.get(op.number);
    if (mapping?.condition) {
      const holds = run(mapping.condition, vars, 'boolean', model);
      if (!holds.ok) issues.push(holds.issue);
      if (!holds.ok || !holds.value) {
        left.set(op.number, op.predecessors);
        continue;
      }
    }
    let setupMinutes = op.setupMinutes;
    let runMinutesPerUnit = op.runMinutesPerUnit;
    for (const [which, compiled] of [
      ['setup', mapping?.setup],
      ['run', mapping?.run],
    ] as const) {
      if (!compiled) continue;
      const minutes = run(compiled, vars, 'number', model);
      if (!minutes.ok) issues.push(minutes.issue);
      else if (which === 'setup') setupMinutes = minutes.value as number;
      else runMinutesPerUnit = minutes.value as number;
    }
    kept.push({
      number: op.number,
      name: op.name,
      workCenterId: op.workCenterId,
      workCenterCode: op.workCenterCode,
      setupMinutes,
      runMinutesPerUnit,
      predecessors: op.predecessors,
      fromFormula: Boolean(mapping?.setup || mapping?.run),
    });
  }
  // An operation left out hands its predecessors on to its successors.
  const bridged = (number: string, seen: Set<string>): string[] => {
    if (!left.has(number)) return [number];
    if (seen.has(number)) return [];
    seen.add(number);
    return left.get(number)!.flatMap((p) => bridged(p, seen));
  };
  for (const op of kept)
    op.predecessors = [...new Set(op.predecessors.flatMap((p) => bridged(p, new Set())))];
  return { operations: kept, issues };
}

/** A configuration's BOM and routing as planning and costing take them (quantities in base units). */
export function structureOf(
  itemId: string,
  result: Pick<ConfigurationResult, 'bom' | 'routing'>,
): ConfiguredStructure {
  return {
    itemId,
    bom: result.bom.map((l) => ({
      parentItemId: l.parentItemId,
      childItemId: l.itemId,
      quantityPer: l.quantityPerBase,
      scrapFactor: l.scrapFactor,
      operationNumber: l.operationNumber,
    })),
    routing: result.routing.map((op) => ({
      number: op.number,
      name: op.name,
      workCenterId: op.workCenterId,
      setupMinutes: op.setupMinutes,
      runMinutesPerUnit: op.runMinutesPerUnit,
      predecessors: op.predecessors,
    })),
  };
}
