import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Expr,
  evaluateExpression,
  evaluateText,
  MAX_EXPRESSION_LENGTH,
  namesIn,
  parseExpression,
  printExpression,
  type Value,
} from './expression';

const shaft = { length_mm: 1200, diameter: 80, flange: 'bolted', boltCount: 8, painted: true };
const value = (text: string, vars: Record<string, Value> = shaft) => {
  const r = evaluateText(text, vars);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
};
const error = (text: string, vars: Record<string, Value> = shaft) => {
  const r = evaluateText(text, vars);
  if (r.ok) throw new Error(`${text} gave ${String(r.value)}`);
  return r.error;
};

describe('the expression language', () => {
  it('computes with numbers: + - * / %, unary minus, precedence and parentheses', () => {
    expect(value('length_mm / 1000 * 0.4')).toBeCloseTo(0.48, 12);
    expect(value('2 + 3 * 4')).toBe(14);
    expect(value('(2 + 3) * 4')).toBe(20);
    expect(value('-diameter + 100')).toBe(20);
    expect(value('17 % 5')).toBe(2);
    expect(value('1.5e3')).toBe(1500);
    expect(value('.5 * 4')).toBe(2);
  });

  it('reads texts in single or double quotes, with escapes', () => {
    expect(value("flange == 'bolted'")).toBe(true);
    expect(value('flange == "bolted"')).toBe(true);
    expect(value("'it\\'s' + ' ok'")).toBe("it's ok");
  });

  it('compares, and combines with and/or/not as well as && || !', () => {
    expect(value('diameter <= 80')).toBe(true);
    expect(value('diameter != 80')).toBe(false);
    expect(value("flange == 'bolted' and diameter >= 80")).toBe(true);
    expect(value("flange == 'welded' || diameter > 100")).toBe(false);
    expect(value('not painted')).toBe(false);
    expect(value('!painted && true')).toBe(false);
    expect(value('not diameter == 60')).toBe(true);
  });

  it('chooses with a ? b : c, and tests membership with in [list]', () => {
    expect(value("flange == 'bolted' ? (diameter >= 100 ? 12 : 8) : 0")).toBe(8);
    expect(value("flange in ['welded', 'bolted']")).toBe(true);
    expect(value('diameter in [60, 100]')).toBe(false);
    expect(value('diameter in []')).toBe(false);
  });

  it('offers min, max, round(x, digits), ceil, floor and abs', () => {
    expect(value('min(3, diameter, 9)')).toBe(3);
    expect(value('max(length_mm, 1500)')).toBe(1500);
    expect(value('round(2.345, 2)')).toBe(2.35);
    expect(value('round(2.5)')).toBe(3);
    expect(value('ceil(1.1) + floor(1.9) + abs(-3)')).toBe(6);
  });

  it('short-circuits: the right side of and/or is not evaluated when the left decides', () => {
    expect(value('false and unknown_name')).toBe(false);
    expect(value('true or 1 / 0 > 1')).toBe(true);
  });

  it('lists the names an expression reads', () => {
    const parsed = parseExpression("flange == 'bolted' ? boltCount * 2 : min(diameter, boltCount)");
    expect(parsed.ok && namesIn(parsed.value)).toEqual(['flange', 'boltCount', 'diameter']);
  });
});

describe('errors are values', () => {
  it('names the position and what was expected on a syntax error', () => {
    const r = parseExpression('diameter <= ');
    expect(r).toMatchObject({ ok: false, error: { kind: 'parse', position: 12, expected: 'a value' } });
    expect(!r.ok && r.error.message).toBe('at 12: expected a value but found the end');
    expect(parseExpression('(1 + 2')).toMatchObject({ ok: false, error: { position: 6, expected: "')'" } });
    expect(parseExpression("flange in 'a'")).toMatchObject({ ok: false, error: { position: 10 } });
    expect(parseExpression('1 < 2 < 3')).toMatchObject({ ok: false, error: { position: 6 } });
    expect(parseExpression("'open")).toMatchObject({ ok: false, error: { position: 0 } });
    expect(parseExpression('a = 1')).toMatchObject({ ok: false, error: { position: 2 } });
  });

  it('refuses unknown functions and wrong argument counts when parsing', () => {
    expect(parseExpression('sqrt(4)')).toMatchObject({ ok: false, error: { position: 0 } });
    expect(parseExpression('abs(1, 2)')).toMatchObject({
      ok: false,
      error: { expected: '1 argument(s) for abs' },
    });
    expect(parseExpression('min()')).toMatchObject({ ok: false });
  });

  it('reports unknown names and type errors instead of throwing', () => {
    expect(error('weight * 2')).toMatchObject({ kind: 'unknown-name', name: 'weight' });
    expect(error("'abc' * 2")).toMatchObject({ kind: 'type' });
    expect(error("diameter == '80'")).toMatchObject({ kind: 'type' });
    expect(error('diameter and true')).toMatchObject({ kind: 'type' });
    expect(error('diameter ? 1 : 2')).toMatchObject({ kind: 'type' });
    expect(error('1 / 0')).toMatchObject({ kind: 'arithmetic', message: 'division by zero' });
    expect(error('1e308 * 10')).toMatchObject({ kind: 'arithmetic' });
  });

  it('resolves names only to own keys: no prototype access', () => {
    expect(parseExpression('__proto__')).toMatchObject({ ok: false });
    expect(parseExpression('constructor')).toMatchObject({ ok: false });
    expect(error('toString')).toMatchObject({ kind: 'unknown-name' });
    expect(error('hasOwnProperty', {})).toMatchObject({ kind: 'unknown-name' });
    const inherited = Object.create({ secret: 1 }) as Record<string, Value>;
    expect(error('secret', inherited)).toMatchObject({ kind: 'unknown-name' });
  });

  it('limits length and nesting', () => {
    expect(parseExpression('1+'.repeat(MAX_EXPRESSION_LENGTH) + '1')).toMatchObject({ ok: false });
    expect(parseExpression(`${'('.repeat(100)}1${')'.repeat(100)}`)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('nested too deeply') },
    });
    expect(parseExpression('-'.repeat(200) + '1')).toMatchObject({ ok: false });
    expect(parseExpression(`${'1+'.repeat(300)}1`)).toMatchObject({ ok: false });
  });
});

const names = ['a', 'b', 's', 'yes'] as const;
const vars: Record<string, Value> = { a: 3, b: -2.5, s: 'bolted', yes: true };

/** Random trees of every node kind; names include one that is not defined. */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }).map((v): Expr => ({ kind: 'literal', value: v })),
      fc.integer({ min: 0, max: 100 }).map((v): Expr => ({ kind: 'literal', value: v })),
      fc.string({ maxLength: 6 }).map((v): Expr => ({ kind: 'literal', value: v })),
      fc.boolean().map((v): Expr => ({ kind: 'literal', value: v })),
      fc.constantFrom(...names, 'missing').map((name): Expr => ({ kind: 'name', name })),
    ),
    fc
      .record({ op: fc.constantFrom('-' as const, 'not' as const), operand: tie('expr') })
      .map((u): Expr => ({ kind: 'unary', ...u })),
    fc
      .record({
        op: fc.constantFrom(
          ...(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'] as const),
        ),
        left: tie('expr'),
        right: tie('expr'),
      })
      .map((b): Expr => ({ kind: 'binary', ...b })),
    fc
      .record({ test: tie('expr'), whenTrue: tie('expr'), whenFalse: tie('expr') })
      .map((c): Expr => ({ kind: 'conditional', ...c })),
    fc
      .record({ value: tie('expr'), list: fc.array(tie('expr'), { maxLength: 3 }) })
      .map((i): Expr => ({ kind: 'in', ...i })),
    fc
      .oneof(
        fc.record({
          fn: fc.constantFrom('min' as const, 'max' as const),
          args: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }),
        }),
        fc.record({
          fn: fc.constantFrom('ceil' as const, 'floor' as const, 'abs' as const),
          args: fc.tuple(tie('expr')),
        }),
        fc.record({
          fn: fc.constant('round' as const),
          args: fc.tuple(tie('expr'), fc.constant<Expr>({ kind: 'literal', value: 1 })),
        }),
      )
      .map((c): Expr => ({ kind: 'call', fn: c.fn, args: [...c.args] })),
  ),
})).expr;

describe('properties', () => {
  it('a printed tree parses back to a tree that evaluates the same', () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        const printed = printExpression(expr);
        fc.pre(printed.length <= MAX_EXPRESSION_LENGTH);
        const reparsed = parseExpression(printed);
        if (!reparsed.ok) {
          // only the nesting limit may refuse a tree the generator built
          expect(reparsed.error.message).toContain('nested too deeply');
          return;
        }
        expect(evaluateExpression(reparsed.value, vars)).toEqual(evaluateExpression(expr, vars));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any text, and evaluating what parses never throws either', () => {
    const soup = fc
      .array(
        fc.constantFrom(
          'a',
          's',
          '1',
          '2.5',
          "'x'",
          '(',
          ')',
          '[',
          ']',
          ',',
          '?',
          ':',
          '+',
          '-',
          '*',
          '/',
          '%',
          '==',
          '<',
          '!',
          ' and ',
          ' or ',
          ' in ',
          'min(',
          'round(',
          '__proto__',
          ' ',
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), soup),
        (text) => {
          const parsed = parseExpression(text);
          if (parsed.ok) evaluateExpression(parsed.value, vars);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
