/**
 * One configuration against a compiled model: the option values as used (defaults filled in,
 * values of hidden options reset to their default), the computed values, the rules broken, and
 * per choice option which other choices would break a rule that reads it (the UI greys those
 * out, with the rules' messages as the reason). Pure; the what-if for disabled choices costs
 * O(choices × (computed values + rules)).
 */
import type { BrokenRule, ConfigurationResult, ConfiguratorOption, OptionValue } from '@takt/contracts';
import type { CompiledExpression, CompiledModel, CompiledRule } from './compile-model';
import { evaluateExpression, type Value, type Variables } from './expression';

export interface ResolvedConfiguration {
  values: Record<string, Value>;
  computed: Record<string, Value>;
  /** options and computed values together: what BOM, routing and price expressions read */
  variables: Variables;
  visible: Map<string, boolean>;
  brokenRules: BrokenRule[];
  options: ConfigurationResult['options'];
}

const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

/** Why a value does not fit its option, or undefined when it does. */
export function optionValueProblem(option: ConfiguratorOption, value: unknown): string | undefined {
  switch (option.kind) {
    case 'choice':
      return option.choices.some((c) => c.value === value)
        ? undefined
        : `${shown(value)} is not one of ${option.choices.map((c) => shown(c.value)).join(', ')}`;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${shown(value)} is not a number`;
      const unit = option.unit ? ` ${option.unit}` : '';
      if (value < option.min) return `${value}${unit} is below the minimum ${option.min}${unit}`;
      if (value > option.max) return `${value}${unit} is above the maximum ${option.max}${unit}`;
      if (option.step) {
        const steps = (value - option.min) / option.step;
        if (Math.abs(steps - Math.round(steps)) > 1e-9)
          return `${value}${unit} is not ${option.min}${unit} plus a multiple of ${option.step}${unit}`;
      }
      return undefined;
    }
    case 'text':
      if (typeof value !== 'string') return `${shown(value)} is not a text`;
      return value.length > option.maxLength ? `longer than ${option.maxLength} characters` : undefined;
  }
}

type Evaluated = { ok: true; value: Value } | { ok: false; issue: BrokenRule };

function run(
  compiled: CompiledExpression,
  vars: Variables,
  ruleId: string,
  options: string[],
  want?: 'boolean' | 'number',
): Evaluated {
  const result = evaluateExpression(compiled.expr, vars);
  const issue = (message: string): Evaluated => ({
    ok: false,
    issue: {
      ruleId,
      kind: 'expression',
      field: compiled.field,
      options,
      message: `${compiled.text}: ${message}`,
    },
  });
  if (!result.ok) return issue(result.error.message);
  if (want && typeof result.value !== want)
    return issue(
      `gives ${shown(result.value)}, where a ${want === 'boolean' ? 'yes/no value' : 'number'} is needed`,
    );
  return { ok: true, value: result.value };
}

function computeValues(model: CompiledModel, values: Record<string, Value>, issues: BrokenRule[]) {
  const computed: Record<string, Value> = {};
  const vars: Record<string, Value> = { ...values };
  for (const c of model.computed) {
    if (!c.expression) continue;
    const r = run(c.expression, vars, c.code, model.optionsBehind(c.code));
    if (r.ok) {
      computed[c.code] = r.value;
      vars[c.code] = r.value;
    } else issues.push(r.issue);
  }
  return { computed, vars };
}

/** Whether one rule holds; a broken rule (or one whose expression fails) is returned as an issue. */
function checkRule(r: CompiledRule, vars: Variables): BrokenRule | undefined {
  const { rule, parts, options } = r;
  const field = `rules.${r.index}`;
  const broken: BrokenRule = { ruleId: rule.id, kind: rule.kind, field, options, message: rule.message };
  const test = (part: CompiledExpression | undefined, want: 'boolean' | 'number') =>
    part ? run(part, vars, rule.id, options, want) : undefined;
  const when = test(parts.when, 'boolean');
  if (when && !when.ok) return when.issue;
  if (when && when.value === false) return undefined;
  switch (rule.kind) {
    case 'requires': {
      const required = test(parts.require, 'boolean');
      if (required && !required.ok) return required.issue;
      return required?.value === false ? broken : undefined;
    }
    case 'excludes': {
      const excluded = test(parts.exclude, 'boolean');
      if (excluded && !excluded.ok) return excluded.issue;
      return excluded?.value === true ? broken : undefined;
    }
    case 'check': {
      const holds = test(parts.expression, 'boolean');
      if (holds && !holds.ok) return holds.issue;
      return holds?.value === false ? broken : undefined;
    }
    case 'limit': {
      const value = test(parts.value, 'number');
      if (!value) return undefined;
      if (!value.ok) return value.issue;
      for (const bound of ['min', 'max'] as const) {
        const limit = test(parts[bound], 'number');
        if (!limit) continue;
        if (!limit.ok) return limit.issue;
        const v = value.value as number;
        const l = limit.value as number;
        if (bound === 'min' ? v < l : v > l)
          return { ...broken, message: `${rule.message} (${v} ${bound === 'min' ? '<' : '>'} ${l})` };
      }
      return undefined;
    }
  }
}

function brokenRulesFor(model: CompiledModel, vars: Variables): BrokenRule[] {
  return model.rules.flatMap((r) => checkRule(r, vars) ?? []);
}

/** Resolves and checks a configuration; unknown or invalid values are broken rules, not errors. */
export function evaluateConfiguration(
  model: CompiledModel,
  input: Readonly<Record<string, OptionValue>>,
): ResolvedConfiguration {
  const options = model.model.options;
  const defaults: Record<string, Value> = Object.fromEntries(options.map((o) => [o.code, o.default]));
  const values: Record<string, Value> = { ...defaults };
  const valueIssues = new Map<string, BrokenRule>();
  const brokenRules: BrokenRule[] = [];

  for (const key of Object.keys(input)) {
    if (!model.optionCodes.has(key))
      brokenRules.push({
        ruleId: key,
        kind: 'option',
        field: `values.${key}`,
        options: [key],
        message: `${key} is not an option of this item`,
      });
  }
  options.forEach((option, i) => {
    if (!Object.hasOwn(input, option.code)) return;
    const value = input[option.code];
    const problem = optionValueProblem(option, value);
    if (problem)
      valueIssues.set(option.code, {
        ruleId: option.code,
        kind: 'option',
        field: `options.${i}`,
        options: [option.code],
        message: `${option.label}: ${problem}`,
      });
    else values[option.code] = value;
  });

  // Visibility is decided on the values as given; a hidden option then counts with its default.
  const scratch: BrokenRule[] = [];
  const first = computeValues(model, values, scratch);
  const visible = new Map<string, boolean>();
  const visibilityIssues: BrokenRule[] = [];
  for (const option of options) {
    const condition = model.visibleWhen.get(option.code);
    if (!condition) {
      visible.set(option.code, true);
      continue;
    }
    const r = run(condition, first.vars, option.code, [option.code], 'boolean');
    if (!r.ok) visibilityIssues.push(r.issue);
    visible.set(option.code, r.ok ? r.value === true : true);
    if (r.ok && r.value === false) values[option.code] = defaults[option.code];
  }
  for (const [code, issue] of valueIssues) if (visible.get(code)) brokenRules.push(issue);
  brokenRules.push(...visibilityIssues);

  const { computed, vars } = computeValues(model, values, brokenRules);
  brokenRules.push(...brokenRulesFor(model, vars));

  const optionStates = options.map((option) => {
    const disabledChoices: ConfigurationResult['options'][number]['disabledChoices'] = [];
    if (option.kind === 'choice' && visible.get(option.code)) {
      for (const choice of option.choices) {
        if (choice.value === values[option.code]) continue;
        const whatIf = computeValues(model, { ...values, [option.code]: choice.value }, []);
        const reasons = brokenRulesFor(model, whatIf.vars)
          .filter((b) => b.kind !== 'expression' && b.options.includes(option.code))
          .map((b) => ({ ruleId: b.ruleId, message: b.message }));
        if (reasons.length > 0) disabledChoices.push({ value: choice.value, reasons });
      }
    }
    return { code: option.code, visible: visible.get(option.code) ?? true, disabledChoices };
  });

  return { values, computed, variables: vars, visible, brokenRules, options: optionStates };
}
