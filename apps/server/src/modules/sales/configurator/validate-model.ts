/**
 * Checks a configurator model before it is saved, naming the field path of every problem
 * (`options.2.max`, `rules.0.when`): codes are names and unique, defaults fit their options,
 * every expression parses and reads only the model's options and computed values (computed
 * values only those above them), price deltas name real choices, routing mappings name
 * operations of the item's routing, the item's BOM lines read only known names, and the
 * default configuration evaluates without a type error and breaks no rule. Pure.
 */
import type { ConfiguratorModelBody } from '@takt/contracts';
import type { FieldIssue } from '../../../platform/errors';
import { type CompiledModel, compileExpression, compileModel } from './compile-model';
import { evaluateConfiguration, optionValueProblem } from './evaluate-configuration';
import { evaluateExpression, isIdentifier } from './expression';
import { priceConfiguration } from './price';

export interface ModelContext {
  /** the item's effective BOM lines (first level): their expressions read the model's names */
  bomLines: { position: number; condition: string | null; quantityFormula: string | null }[];
  /** operation numbers of the item's effective routing */
  operationNumbers: string[];
}

function checkNames(model: ConfiguratorModelBody, issues: FieldIssue[]) {
  const seen = new Map<string, string>();
  const claim = (code: string, field: string) => {
    if (!isIdentifier(code))
      issues.push({
        field,
        rule: 'name',
        message: `${code} cannot be a name in expressions (a keyword or reserved)`,
      });
    const first = seen.get(code);
    if (first) issues.push({ field, rule: 'unique', message: `${code} is already used by ${first}` });
    else seen.set(code, field);
  };
  model.options.forEach((o, i) => {
    claim(o.code, `options.${i}.code`);
  });
  model.computed.forEach((c, i) => {
    claim(c.code, `computed.${i}.code`);
  });
  const ruleIds = new Set<string>();
  model.rules.forEach((r, i) => {
    if (ruleIds.has(r.id))
      issues.push({ field: `rules.${i}.id`, rule: 'unique', message: `rule ${r.id} appears twice` });
    ruleIds.add(r.id);
  });
}

function checkOptions(model: ConfiguratorModelBody, issues: FieldIssue[]) {
  model.options.forEach((o, i) => {
    const at = `options.${i}`;
    if (o.kind === 'choice') {
      const values = new Set<string | number>();
      o.choices.forEach((c, j) => {
        if (values.has(c.value))
          issues.push({
            field: `${at}.choices.${j}.value`,
            rule: 'unique',
            message: `${c.value} appears twice`,
          });
        values.add(c.value);
      });
    }
    if (o.kind === 'number' && o.min > o.max) {
      issues.push({
        field: `${at}.max`,
        rule: 'min-max',
        message: `the maximum ${o.max} is below the minimum ${o.min}`,
      });
      return;
    }
    const problem = optionValueProblem(o, o.default);
    if (problem)
      issues.push({ field: `${at}.default`, rule: 'option-value', message: `the default ${problem}` });
  });
}

function checkPricing(model: ConfiguratorModelBody, issues: FieldIssue[]) {
  model.pricing.deltas.forEach((d, i) => {
    const option = model.options.find((o) => o.code === d.option);
    if (option?.kind !== 'choice')
      issues.push({
        field: `pricing.deltas.${i}.option`,
        rule: 'reference',
        message: `${d.option} is not a choice option`,
      });
    else if (!option.choices.some((c) => c.value === d.value))
      issues.push({
        field: `pricing.deltas.${i}.value`,
        rule: 'choice',
        message: `${d.value} is not a choice of ${d.option}`,
      });
  });
  const from = new Set<number>();
  model.pricing.quantityBreaks.forEach((b, i) => {
    if (from.has(b.fromQuantity))
      issues.push({
        field: `pricing.quantityBreaks.${i}.fromQuantity`,
        rule: 'unique',
        message: `a break from ${b.fromQuantity} appears twice`,
      });
    from.add(b.fromQuantity);
  });
}

function checkStructure(model: CompiledModel, context: ModelContext, issues: FieldIssue[]) {
  const names = new Set([...model.optionCodes, ...model.model.computed.map((c) => c.code)]);
  const operations = new Set(context.operationNumbers);
  for (const number of Object.keys(model.model.routing))
    if (!operations.has(number))
      issues.push({
        field: `routing.${number}`,
        rule: 'reference',
        message: `the item's routing has no operation ${number}`,
      });
  for (const line of context.bomLines) {
    if (line.condition) compileExpression(`bom.${line.position}.condition`, line.condition, names, issues);
    if (line.quantityFormula)
      compileExpression(`bom.${line.position}.quantityFormula`, line.quantityFormula, names, issues);
  }
}

/** Runs the default configuration: types that only show at evaluation, and rules the defaults break. */
function checkDefaults(model: CompiledModel, issues: FieldIssue[]) {
  const resolved = evaluateConfiguration(model, {});
  for (const b of resolved.brokenRules)
    issues.push(
      b.kind === 'expression'
        ? { field: b.field, rule: 'type', message: b.message }
        : {
            field: b.field,
            rule: 'defaults-valid',
            message: `the default configuration breaks rule ${b.ruleId}: ${b.message}`,
          },
    );
  for (const p of priceConfiguration(model, resolved.variables, 1).issues)
    issues.push({ field: p.field, rule: 'type', message: p.message });
  for (const mapping of model.routing.values()) {
    for (const [compiled, want] of [
      [mapping.condition, 'boolean'],
      [mapping.run, 'number'],
      [mapping.setup, 'number'],
    ] as const) {
      if (!compiled) continue;
      const r = evaluateExpression(compiled.expr, resolved.variables);
      if (!r.ok)
        issues.push({ field: compiled.field, rule: 'type', message: `${compiled.text}: ${r.error.message}` });
      else if (typeof r.value !== want)
        issues.push({
          field: compiled.field,
          rule: 'type',
          message: `${compiled.text}: gives ${String(r.value)}, not a ${want}`,
        });
    }
  }
}

export function validateModel(model: ConfiguratorModelBody, context: ModelContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  checkNames(model, issues);
  checkOptions(model, issues);
  checkPricing(model, issues);
  const compiled = compileModel(model);
  issues.push(...compiled.issues);
  checkStructure(compiled, context, issues);
  if (issues.length === 0) checkDefaults(compiled, issues);
  return issues;
}
