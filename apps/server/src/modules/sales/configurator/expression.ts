/**
 * The configurator's expression language: conditions (`flange == 'bolted' and diameter >= 80`),
 * quantity and time formulas (`length_mm / 1000 * 0.4`), computed values and price formulas.
 *
 * A tokenizer and a recursive-descent parser build an AST; `evaluateExpression` walks it against
 * a record of variables. No `eval`, no `Function`, no property access: an identifier resolves
 * only to an own key of the variables record, and the names `__proto__`, `constructor` and
 * `prototype` are refused by the parser. Length (MAX_EXPRESSION_LENGTH) and nesting
 * (MAX_EXPRESSION_DEPTH) are bounded, so parsing and evaluation are linear in the text and never
 * loop. Every failure is a value (`{ ok: false, error }`), never an exception.
 *
 * Precedence, lowest first: `a ? b : c`, `or`/`||`, `and`/`&&`, `not`/`!`, one comparison
 * (`== != < <= > >=`) or `in [list]`, `+ -`, `* / %`, unary `-`, literals, names, calls, `( )`.
 */

export const MAX_EXPRESSION_LENGTH = 1000;
export const MAX_EXPRESSION_DEPTH = 40;
const MAX_LIST_LENGTH = 100;

export type Value = number | string | boolean;
export type Variables = Readonly<Record<string, Value>>;

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or';

export const functionNames = ['min', 'max', 'round', 'ceil', 'floor', 'abs'] as const;
export type FunctionName = (typeof functionNames)[number];

export type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
  | { kind: 'conditional'; test: Expr; whenTrue: Expr; whenFalse: Expr }
  | { kind: 'in'; value: Expr; list: Expr[] }
  | { kind: 'call'; fn: FunctionName; args: Expr[] };

export interface ParseError {
  kind: 'parse';
  /** 0-based character offset where the problem was found */
  position: number;
  expected: string;
  message: string;
}

export interface EvaluationError {
  kind: 'unknown-name' | 'type' | 'arithmetic';
  message: string;
  /** the unknown name, for 'unknown-name' */
  name?: string;
}

export type ExpressionError = ParseError | EvaluationError;
export type Result<T, E = ExpressionError> = { ok: true; value: T } | { ok: false; error: E };

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Names an identifier may never have: they reach into JavaScript's object machinery. */
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype']);
const keywords = new Set(['and', 'or', 'not', 'in', 'true', 'false']);
const arity: Record<FunctionName, [min: number, max: number]> = {
  min: [1, MAX_LIST_LENGTH],
  max: [1, MAX_LIST_LENGTH],
  round: [1, 2],
  ceil: [1, 1],
  floor: [1, 1],
  abs: [1, 1],
};

/** True when `name` can be an option or computed-value code (an identifier, not a keyword). */
export const isIdentifier = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !keywords.has(name) && !forbiddenNames.has(name);

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { type: 'number'; value: number; position: number; text: string }
  | { type: 'string'; value: string; position: number; text: string }
  | { type: 'name'; value: string; position: number; text: string }
  | { type: 'symbol'; value: string; position: number; text: string }
  | { type: 'end'; value: ''; position: number; text: string };

const symbols = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  '[',
  ']',
  ',',
  '?',
  ':',
];

function tokenize(text: string): Result<Token[], ParseError> {
  const tokens: Token[] = [];
  let i = 0;
  const error = (position: number, expected: string, message: string) =>
    fail<ParseError>({ kind: 'parse', position, expected, message: `at ${position}: ${message}` });
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      const value = Number(match[0]);
      if (!Number.isFinite(value)) return error(start, 'a finite number', `number ${match[0]} is too large`);
      i += match[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? ''))
        return error(i, 'an operator', `a name cannot start right after the number ${match[0]}`);
      tokens.push({ type: 'number', value, position: start, text: match[0] });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          return error(start, `a closing ${c}`, `the text starting here has no closing ${c}`);
        const d = text[i];
        if (d === c) break;
        if (d === '\\') {
          const next = text[i + 1];
          if (next === undefined) return error(i, 'an escaped character', 'the text ends after a backslash');
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ type: 'string', value, position: start, text: text.slice(start, i) });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      i += name.length;
      tokens.push({ type: 'name', value: name, position: start, text: name });
      continue;
    }
    const symbol = symbols.find((s) => text.startsWith(s, i));
    if (!symbol) return error(start, 'a value or an operator', `unexpected character '${c}'`);
    i += symbol.length;
    tokens.push({ type: 'symbol', value: symbol, position: start, text: symbol });
  }
  tokens.push({ type: 'end', value: '', position: text.length, text: 'the end' });
  return ok(tokens);
}

// ---------------------------------------------------------------------------------------------
// Parser: one method per precedence level; errors travel as a thrown ParseFailure inside the
// parser only and are turned into a value by parseExpression.

class ParseFailure {
  constructor(readonly error: ParseError) {}
}

class Parser {
  private index = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const expr = this.expression();
    const next = this.peek();
    if (next.type !== 'end') this.fail(next, 'an operator or the end');
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isSymbol(...values: string[]): boolean {
    const t = this.peek();
    return t.type === 'symbol' && values.includes(t.value);
  }

  private isWord(...values: string[]): boolean {
    const t = this.peek();
    return t.type === 'name' && values.includes(t.value);
  }

  private fail(token: Token, expected: string): never {
    const found = token.type === 'end' ? 'the end' : `'${token.text}'`;
    throw new ParseFailure({
      kind: 'parse',
      position: token.position,
      expected,
      message: `at ${token.position}: expected ${expected} but found ${found}`,
    });
  }

  private expect(symbol: string, expected = `'${symbol}'`): void {
    if (!this.isSymbol(symbol)) this.fail(this.peek(), expected);
    this.index++;
  }

  /** Guards recursion: nested parentheses, branches and unary chains deeper than the limit. */
  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_EXPRESSION_DEPTH)
      throw new ParseFailure({
        kind: 'parse',
        position: this.peek().position,
        expected: `at most ${MAX_EXPRESSION_DEPTH} levels of nesting`,
        message: `at ${this.peek().position}: the expression is nested too deeply (limit ${MAX_EXPRESSION_DEPTH})`,
      });
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private expression(): Expr {
    return this.nested(() => {
      const test = this.or();
      if (!this.isSymbol('?')) return test;
      this.index++;
      const whenTrue = this.expression();
      this.expect(':', "':' of the conditional");
      const whenFalse = this.expression();
      return { kind: 'conditional', test, whenTrue, whenFalse };
    });
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or') || this.isSymbol('||')) {
      this.index++;
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and') || this.isSymbol('&&')) {
      this.index++;
      left = { kind: 'binary', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not') || this.isSymbol('!')) {
      this.index++;
      return this.nested(() => ({ kind: 'unary', op: 'not', operand: this.not() }));
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    if (this.isSymbol('==', '!=', '<', '<=', '>', '>=')) {
      const op = this.next().value as BinaryOperator;
      const right = this.additive();
      if (this.isSymbol('==', '!=', '<', '<=', '>', '>=') || this.isWord('in'))
        this.fail(this.peek(), "'and', 'or' or parentheses between two comparisons");
      return { kind: 'binary', op, left, right };
    }
    if (this.isWord('in')) {
      this.index++;
      this.expect('[', "'[' starting the list after 'in'");
      const list: Expr[] = [];
      if (!this.isSymbol(']')) {
        do {
          if (list.length >= MAX_LIST_LENGTH) this.fail(this.peek(), `at most ${MAX_LIST_LENGTH} list items`);
          list.push(this.expression());
        } while (this.isSymbol(',') && this.next());
      }
      this.expect(']', "',' or ']' closing the list");
      if (this.isSymbol('==', '!=', '<', '<=', '>', '>=') || this.isWord('in'))
        this.fail(this.peek(), "'and', 'or' or parentheses between two comparisons");
      return { kind: 'in', value: left, list };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isSymbol('+', '-')) {
      const op = this.next().value as '+' | '-';
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isSymbol('*', '/', '%')) {
      const op = this.next().value as '*' | '/' | '%';
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isSymbol('-')) {
      this.index++;
      return this.nested(() => ({ kind: 'unary', op: '-', operand: this.unary() }));
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'name': {
        if (token.value === 'true' || token.value === 'false')
          return { kind: 'literal', value: token.value === 'true' };
        if (keywords.has(token.value)) this.fail(token, 'a value');
        if (forbiddenNames.has(token.value))
          this.fail(token, 'an option or value name (this name is reserved)');
        if (this.isSymbol('(')) return this.call(token);
        return { kind: 'name', name: token.value };
      }
      case 'symbol':
        if (token.value === '(') {
          const inner = this.expression();
          this.expect(')', "')'");
          return inner;
        }
        return this.fail(token, 'a value');
      default:
        return this.fail(token, 'a value');
    }
  }

  private call(name: Token & { type: 'name' }): Expr {
    const fn = functionNames.find((f) => f === name.value);
    if (!fn) this.fail(name, `a function (${functionNames.join(', ')})`);
    this.index++; // (
    const args: Expr[] = [];
    if (!this.isSymbol(')')) {
      do {
        if (args.length >= MAX_LIST_LENGTH) this.fail(this.peek(), `at most ${MAX_LIST_LENGTH} arguments`);
        args.push(this.expression());
      } while (this.isSymbol(',') && this.next());
    }
    const close = this.peek();
    this.expect(')', "',' or ')' closing the call");
    const [least, most] = arity[fn];
    if (args.length < least || args.length > most)
      this.fail(close, `${least === most ? least : `${least} to ${most}`} argument(s) for ${fn}`);
    return { kind: 'call', fn, args };
  }
}

/** Parses an expression; a syntax error is a value naming the position and what was expected. */
export function parseExpression(text: string): Result<Expr, ParseError> {
  if (typeof text !== 'string')
    return fail({ kind: 'parse', position: 0, expected: 'a text', message: 'at 0: expected a text' });
  if (text.length > MAX_EXPRESSION_LENGTH)
    return fail({
      kind: 'parse',
      position: MAX_EXPRESSION_LENGTH,
      expected: `at most ${MAX_EXPRESSION_LENGTH} characters`,
      message: `at ${MAX_EXPRESSION_LENGTH}: the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`,
    });
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  try {
    const expr = new Parser(tokens.value).parseAll();
    const depth = depthOf(expr);
    if (depth > MAX_EXPRESSION_DEPTH * 2)
      return fail({
        kind: 'parse',
        position: 0,
        expected: 'a shorter chain of operators',
        message: `at 0: the expression is nested too deeply (${depth} levels)`,
      });
    return ok(expr);
  } catch (e) {
    if (e instanceof ParseFailure) return fail(e.error);
    throw e;
  }
}

const childrenOf = (e: Expr): Expr[] => {
  switch (e.kind) {
    case 'literal':
    case 'name':
      return [];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'conditional':
      return [e.test, e.whenTrue, e.whenFalse];
    case 'in':
      return [e.value, ...e.list];
    case 'call':
      return e.args;
  }
};

/** Depth of the tree, iteratively (a long chain `1+1+…` makes a deep left spine). */
function depthOf(root: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    for (const c of childrenOf(e)) stack.push([c, d + 1]);
  }
  return deepest;
}

/** Every variable name the expression reads, in order of first use. */
export function namesIn(expr: Expr): string[] {
  const names = new Set<string>();
  const visit = (e: Expr) => {
    if (e.kind === 'name') names.add(e.name);
    for (const c of childrenOf(e)) visit(c);
  };
  visit(expr);
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const typeName = (v: Value) =>
  typeof v === 'string' ? 'text' : typeof v === 'number' ? 'number' : 'boolean';
const shown = (v: Value) => (typeof v === 'string' ? `'${v}'` : String(v));
const typeError = (message: string) => fail<EvaluationError>({ kind: 'type', message });

function numeric(v: Value, where: string): Result<number, EvaluationError> {
  return typeof v === 'number' ? ok(v) : typeError(`${where} needs a number, not ${typeName(v)} ${shown(v)}`);
}

function finite(n: number, what: string): Result<Value, EvaluationError> {
  return Number.isFinite(n) ? ok(n) : fail({ kind: 'arithmetic', message: `${what} is not a finite number` });
}

function evaluate(e: Expr, vars: Variables): Result<Value, EvaluationError> {
  switch (e.kind) {
    case 'literal':
      return ok(e.value);
    case 'name':
      if (!Object.hasOwn(vars, e.name) || forbiddenNames.has(e.name))
        return fail({ kind: 'unknown-name', name: e.name, message: `unknown name ${e.name}` });
      return ok(vars[e.name]);
    case 'unary': {
      const operand = evaluate(e.operand, vars);
      if (!operand.ok) return operand;
      if (e.op === 'not')
        return typeof operand.value === 'boolean'
          ? ok(!operand.value)
          : typeError(`'not' needs a yes/no value, not ${typeName(operand.value)} ${shown(operand.value)}`);
      const n = numeric(operand.value, "'-'");
      return n.ok ? ok(-n.value) : n;
    }
    case 'binary':
      return evaluateBinary(e.op, e.left, e.right, vars);
    case 'conditional': {
      const test = evaluate(e.test, vars);
      if (!test.ok) return test;
      if (typeof test.value !== 'boolean')
        return typeError(
          `the test of '? :' needs a yes/no value, not ${typeName(test.value)} ${shown(test.value)}`,
        );
      return evaluate(test.value ? e.whenTrue : e.whenFalse, vars);
    }
    case 'in': {
      const value = evaluate(e.value, vars);
      if (!value.ok) return value;
      for (const item of e.list) {
        const candidate = evaluate(item, vars);
        if (!candidate.ok) return candidate;
        if (typeof candidate.value !== typeof value.value)
          return typeError(
            `'in' compares ${typeName(value.value)} with ${typeName(candidate.value)} ${shown(candidate.value)}`,
          );
        if (candidate.value === value.value) return ok(true);
      }
      return ok(false);
    }
    case 'call': {
      const args: number[] = [];
      for (const arg of e.args) {
        const v = evaluate(arg, vars);
        if (!v.ok) return v;
        const n = numeric(v.value, `${e.fn}()`);
        if (!n.ok) return n;
        args.push(n.value);
      }
      switch (e.fn) {
        case 'min':
          return ok(Math.min(...args));
        case 'max':
          return ok(Math.max(...args));
        case 'ceil':
          return ok(Math.ceil(args[0]));
        case 'floor':
          return ok(Math.floor(args[0]));
        case 'abs':
          return ok(Math.abs(args[0]));
        case 'round': {
          const digits = args[1] ?? 0;
          if (!Number.isInteger(digits) || digits < 0 || digits > 10)
            return typeError(`round() takes 0 to 10 digits, not ${digits}`);
          const scale = 10 ** digits;
          return finite(Math.round(args[0] * scale) / scale, 'round()');
        }
      }
    }
  }
}

function evaluateBinary(
  op: BinaryOperator,
  l: Expr,
  r: Expr,
  vars: Variables,
): Result<Value, EvaluationError> {
  const left = evaluate(l, vars);
  if (!left.ok) return left;
  if (op === 'and' || op === 'or') {
    if (typeof left.value !== 'boolean')
      return typeError(`'${op}' needs yes/no values, not ${typeName(left.value)} ${shown(left.value)}`);
    if (op === 'and' ? !left.value : left.value) return left; // short circuit
    const right = evaluate(r, vars);
    if (!right.ok) return right;
    if (typeof right.value !== 'boolean')
      return typeError(`'${op}' needs yes/no values, not ${typeName(right.value)} ${shown(right.value)}`);
    return right;
  }
  const right = evaluate(r, vars);
  if (!right.ok) return right;
  const a = left.value;
  const b = right.value;
  if (op === '==' || op === '!=') {
    if (typeof a !== typeof b)
      return typeError(`'${op}' compares ${typeName(a)} ${shown(a)} with ${typeName(b)} ${shown(b)}`);
    return ok(op === '==' ? a === b : a !== b);
  }
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    if (typeof a !== typeof b || typeof a === 'boolean')
      return typeError(
        `'${op}' compares two numbers or two texts, not ${typeName(a)} ${shown(a)} and ${typeName(b)} ${shown(b)}`,
      );
    switch (op) {
      case '<':
        return ok(a < b);
      case '<=':
        return ok(a <= b);
      case '>':
        return ok(a > b);
      case '>=':
        return ok(a >= b);
    }
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return ok(a + b);
  const x = numeric(a, `'${op}'`);
  if (!x.ok) return x;
  const y = numeric(b, `'${op}'`);
  if (!y.ok) return y;
  switch (op) {
    case '+':
      return finite(x.value + y.value, 'the sum');
    case '-':
      return finite(x.value - y.value, 'the difference');
    case '*':
      return finite(x.value * y.value, 'the product');
    case '/':
      if (y.value === 0) return fail({ kind: 'arithmetic', message: 'division by zero' });
      return finite(x.value / y.value, 'the quotient');
    case '%':
      if (y.value === 0) return fail({ kind: 'arithmetic', message: 'remainder of a division by zero' });
      return finite(x.value % y.value, 'the remainder');
  }
  return typeError(`unknown operator ${op}`);
}

/** Evaluates a parsed expression; unknown names, type and arithmetic errors are values. */
export function evaluateExpression(expr: Expr, vars: Variables): Result<Value, EvaluationError> {
  return evaluate(expr, vars);
}

/** Parses and evaluates in one step (tests, one-off checks). */
export function evaluateText(text: string, vars: Variables): Result<Value> {
  const parsed = parseExpression(text);
  return parsed.ok ? evaluate(parsed.value, vars) : parsed;
}

// ---------------------------------------------------------------------------------------------
// Printing: fully parenthesised, so printing and parsing again gives the same tree.

const quote = (s: string) =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;

export function printExpression(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      if (typeof e.value === 'string') return quote(e.value);
      if (typeof e.value === 'number')
        return e.value < 0 || Object.is(e.value, -0) ? `(-${-e.value})` : String(e.value);
      return String(e.value);
    case 'name':
      return e.name;
    case 'unary':
      return e.op === 'not' ? `(not ${printExpression(e.operand)})` : `(-${printExpression(e.operand)})`;
    case 'binary':
      return `(${printExpression(e.left)} ${e.op} ${printExpression(e.right)})`;
    case 'conditional':
      return `(${printExpression(e.test)} ? ${printExpression(e.whenTrue)} : ${printExpression(e.whenFalse)})`;
    case 'in':
      return `(${printExpression(e.value)} in [${e.list.map(printExpression).join(', ')}])`;
    case 'call':
      return `${e.fn}(${e.args.map(printExpression).join(', ')})`;
  }
}
