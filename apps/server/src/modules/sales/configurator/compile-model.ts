/**
 * A configurator model with every expression parsed once, each under the field path it came
 * from (`rules.0.when`, `options.2.visibleWhen`), and which options every name depends on
 * (a computed value stands for the options it is computed from). Pure.
 */
import type { ConfiguratorModelBody, ConfiguratorRule } from '@takt/contracts';
import type { FieldIssue } from '../../../platform/errors';
import { type Expr, namesIn, parseExpression } from './expression';

export interface CompiledExpression {
  field: string;
  text: string;
  expr: Expr;
  names: string[];
}

export interface CompiledRule {
  index: number;
  rule: ConfiguratorRule;
  /** the rule's expressions by role: when / require / exclude / expression / value / min / max */
  parts: Partial<
    Record<'when' | 'require' | 'exclude' | 'expression' | 'value' | 'min' | 'max', CompiledExpression>
  >;
  /** option codes the rule reads, directly or through computed values */
  options: string[];
}

export interface CompiledModel {
  model: ConfiguratorModelBody;
  visibleWhen: Map<string, CompiledExpression>;
  computed: { code: string; index: number; expression: CompiledExpression | undefined }[];
  rules: CompiledRule[];
  priceFormulas: { index: number; expression?: CompiledExpression; when?: CompiledExpression }[];
  routing: Map<
    string,
    { condition?: CompiledExpression; run?: CompiledExpression; setup?: CompiledExpression }
  >;
  optionCodes: Set<string>;
  /** option codes behind a name: itself for an option, its options for a computed value */
  optionsBehind(name: string): string[];
  /** parse errors and names that are neither an option nor a computed value known at that place */
  issues: FieldIssue[];
}

/** Parses one expression and checks its names against those known at its place. */
export function compileExpression(
  field: string,
  text: string,
  known: ReadonlySet<string>,
  issues: FieldIssue[],
): CompiledExpression | undefined {
  const parsed = parseExpression(text);
  if (!parsed.ok) {
    issues.push({ field, rule: 'syntax', message: parsed.error.message });
    return undefined;
  }
  const names = namesIn(parsed.value);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    issues.push({
      field,
      rule: 'unknown-name',
      message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not an option or computed value of this model`,
    });
    return undefined;
  }
  return { field, text, expr: parsed.value, names };
}

export function compileModel(model: ConfiguratorModelBody): CompiledModel {
  const issues: FieldIssue[] = [];
  const optionCodes = new Set(model.options.map((o) => o.code));
  const computedCodes = new Set(model.computed.map((c) => c.code));
  const allNames = new Set([...optionCodes, ...computedCodes]);

  const visibleWhen = new Map<string, CompiledExpression>();
  model.options.forEach((o, i) => {
    if (!o.visibleWhen) return;
    const compiled = compileExpression(`options.${i}.visibleWhen`, o.visibleWhen, allNames, issues);
    if (compiled) visibleWhen.set(o.code, compiled);
  });

  // A computed value may use the options and the computed values above it: no cycles by construction.
  const knownSoFar = new Set(optionCodes);
  const behind = new Map<string, string[]>([...optionCodes].map((c) => [c, [c]]));
  const computed = model.computed.map((c, index) => {
    const expression = compileExpression(`computed.${index}.expression`, c.expression, knownSoFar, issues);
    knownSoFar.add(c.code);
    behind.set(c.code, [...new Set((expression?.names ?? []).flatMap((n) => behind.get(n) ?? []))]);
    return { code: c.code, index, expression };
  });
  const optionsBehind = (name: string) => behind.get(name) ?? [];

  const rules = model.rules.map((rule, index): CompiledRule => {
    const parts: CompiledRule['parts'] = {};
    const texts: [keyof CompiledRule['parts'], string | null | undefined][] =
      rule.kind === 'requires'
        ? [
            ['when', rule.when],
            ['require', rule.require],
          ]
        : rule.kind === 'excludes'
          ? [
              ['when', rule.when],
              ['exclude', rule.exclude],
            ]
          : rule.kind === 'check'
            ? [['expression', rule.expression]]
            : [
                ['when', rule.when],
                ['value', rule.value],
                ['min', rule.min],
                ['max', rule.max],
              ];
    for (const [role, text] of texts) {
      if (!text) continue;
      const compiled = compileExpression(`rules.${index}.${role}`, text, allNames, issues);
      if (compiled) parts[role] = compiled;
    }
    const options = [
      ...new Set(
        Object.values(parts)
          .flatMap((p) => p.names)
          .flatMap(optionsBehind),
      ),
    ];
    return { index, rule, parts, options };
  });

  const priceFormulas = model.pricing.formulas.map((f, index) => ({
    index,
    expression: compileExpression(`pricing.formulas.${index}.expression`, f.expression, allNames, issues),
    when: f.when ? compileExpression(`pricing.formulas.${index}.when`, f.when, allNames, issues) : undefined,
  }));

  const routing = new Map<
    string,
    { condition?: CompiledExpression; run?: CompiledExpression; setup?: CompiledExpression }
  >();
  for (const [number, mapping] of Object.entries(model.routing)) {
    const compile = (key: string, text: string | null | undefined) =>
      text ? compileExpression(`routing.${number}.${key}`, text, allNames, issues) : undefined;
    routing.set(number, {
      condition: compile('condition', mapping.condition),
      run: compile('runMinutesFormula', mapping.runMinutesFormula),
      setup: compile('setupMinutesFormula', mapping.setupMinutesFormula),
    });
  }

  return { model, visibleWhen, computed, rules, priceFormulas, routing, optionCodes, optionsBehind, issues };
}
