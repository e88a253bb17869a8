import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { formErrorsFrom, rowInputs } from './problem-form-errors';

const problem = (
  status: number,
  errors: { field: string; rule: string; message: string }[],
  detail = 'bad',
) => new ApiError(status, { type: 'x', title: 'Rule violated', status, detail, errors });

describe('problem+json onto a form', () => {
  it('puts each issue next to the input its field names', () => {
    const e = formErrorsFrom(
      problem(422, [{ field: 'name', rule: 'required', message: 'name is required' }]),
      ['name', 'standardCost'],
    );
    expect(e.fields).toEqual({ name: 'name is required' });
    expect(e.form).toBeUndefined();
  });

  it('maps a dotted path onto the input that holds it', () => {
    const e = formErrorsFrom(
      problem(400, [{ field: 'standardCost.amount', rule: 'too_small', message: 'must be at least 0' }]),
      ['name', 'standardCost'],
    );
    expect(e.fields).toEqual({ standardCost: 'must be at least 0' });
  });

  it('shows issues that name no input at the top of the form', () => {
    const e = formErrorsFrom(
      problem(422, [{ field: 'lines.2.itemId', rule: 'no-cycle', message: 'cycle' }]),
      ['name'],
    );
    expect(e.fields).toEqual({});
    expect(e.form).toBe('lines.2.itemId: cycle');
  });

  it('turns a version conflict into a reload message', () => {
    const e = formErrorsFrom(problem(409, [{ field: 'version', rule: 'current-version', message: 'x' }]), [
      'name',
    ]);
    expect(e.conflict).toBe(true);
    expect(e.form).toMatch(/changed by someone else.*reload/);
  });

  it('falls back to the detail when no issue is listed', () => {
    expect(formErrorsFrom(problem(422, [], 'the item is in use'), ['name']).form).toBe('the item is in use');
  });

  it('shows a cycle above the form with the server’s sentence, and keeps its field on the cell', () => {
    const cycle = new ApiError(422, {
      type: 'x',
      title: 'Rule violated',
      status: 422,
      detail: 'this change would make the structure circular: A → B → A',
      errors: [{ field: 'lines', rule: 'no-cycle', message: 'A → B → A' }],
      cycle: ['A', 'B', 'A'],
    });
    const e = formErrorsFrom(cycle, rowInputs('lines', 3, ['childItemId']));
    expect(e.cycle).toEqual(['A', 'B', 'A']);
    expect(e.form).toBe('this change would make the structure circular: A → B → A');
    expect(e.fields).toEqual({});
  });

  it('puts a row’s issue on its cell, and an issue of the whole row on the row', () => {
    const inputs = rowInputs('shifts', 3, ['weekday', 'start', 'end']);
    expect(inputs.slice(0, 4)).toEqual(['shifts.0', 'shifts.0.weekday', 'shifts.0.start', 'shifts.0.end']);
    const e = formErrorsFrom(
      problem(422, [
        { field: 'shifts.2', rule: 'no-overlap', message: 'shift 3 overlaps shift 1' },
        { field: 'shifts.1.start', rule: 'invalid_format', message: 'time must be HH:MM' },
      ]),
      inputs,
    );
    expect(e.fields).toEqual({
      'shifts.2': 'shift 3 overlaps shift 1',
      'shifts.1.start': 'time must be HH:MM',
    });
    expect(e.form).toBeUndefined();
  });
});
