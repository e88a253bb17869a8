import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { formErrorsFrom } from './problem-form-errors';

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
});
