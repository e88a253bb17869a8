/**
 * Maps a problem+json answer onto a form: each `errors[].field` goes next to the input it names
 * (a dotted path such as `standardCost.amount` lands on the `standardCost` input); whatever names
 * no input of the form, and conflicts, become the form-level message.
 */
import { ApiError } from './api-client';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** shown above the form: the problem's detail, or the issues that name no input */
  form?: string;
  conflict: boolean;
  /** a change that would close a cycle: the path the server named (first = last), shown above the form */
  cycle?: string[];
}

export const noFormErrors = { fields: {}, conflict: false } as const;

function inputFor<F extends string>(field: string, inputs: readonly F[]): F | undefined {
  const normalized = field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
  let best: F | undefined;
  for (const input of inputs) {
    if (normalized === input || normalized.startsWith(`${input}.`)) {
      if (!best || input.length > best.length) best = input;
    }
  }
  return best;
}

export function formErrorsFrom<F extends string>(error: unknown, inputs: readonly F[]): FormErrors<F> {
  if (!(error instanceof ApiError)) {
    return { fields: {}, form: error instanceof Error ? error.message : String(error), conflict: false };
  }
  if (error.status === 409) {
    return {
      fields: {},
      form: 'This record was changed by someone else — reload to see the current version, then apply your change again.',
      conflict: true,
    };
  }
  const fields: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const issue of error.problem.errors) {
    const input = inputFor(issue.field, inputs);
    if (input) fields[input] = fields[input] ? `${fields[input]}; ${issue.message}` : issue.message;
    else unplaced.push(`${issue.field}: ${issue.message}`);
  }
  const placed = Object.keys(fields).length > 0;
  const cycle = cycleOf(error.problem.cycle);
  // a cycle is the message of the whole change: the server's sentence names the path
  if (cycle) return { fields, form: error.problem.detail || cycle.join(' → '), conflict: false, cycle };
  let form: string | undefined;
  if (unplaced.length > 0) form = unplaced.join('; ');
  else if (!placed) form = error.problem.detail || error.problem.title;
  return { fields, form, conflict: false };
}

function cycleOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
    ? value
    : undefined;
}

/**
 * Input names of the rows of a table form, for `formErrorsFrom`: each row itself (`shifts.2`)
 * and each of its cells (`shifts.2.start`), so an issue lands on the cell, else on the row.
 */
export function rowInputs(list: string, rows: number, cells: readonly string[]): string[] {
  return Array.from({ length: rows }, (_, i) => [
    `${list}.${i}`,
    ...cells.map((c) => `${list}.${i}.${c}`),
  ]).flat();
}
