/**
 * The lexical layer the benchmark readers share: a benchmark file is whitespace-separated
 * numbers, optionally with '#' comment lines, and every error must name the line it is on.
 *
 * A reader walks the numbers with a cursor and stops at the first thing that is not what the
 * format says. Inside a reader that stop is a thrown `FormatError` (the format's rules read
 * top to bottom, without a check after every number); `readFormat` turns it into a failed
 * Result at the reader's edge, so no reader ever throws to its caller.
 */
import { fail, ok, type Result } from '../common/result';

export interface NumberLine {
  /** 1-based line number in the file */
  line: number;
  values: number[];
}

/** A format rule broken at a line; caught by `readFormat`, never seen outside a reader. */
export class FormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a reader and turns its FormatError into a failed Result naming the rule and the line. */
export function readFormat<T>(read: () => T): Result<T> {
  try {
    return ok(read());
  } catch (error) {
    if (error instanceof FormatError) return fail(error.code, error.message);
    throw error;
  }
}

/**
 * The file's data lines: blank lines and lines starting with '#' are skipped; every other
 * token must be a finite number (decimals are allowed here, integer rules are the reader's).
 */
export function numberLines(text: string): NumberLine[] {
  const lines: NumberLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const values = trimmed.split(/\s+/).map((token) => {
      const value = Number(token);
      if (!Number.isFinite(value)) {
        throw new FormatError('not-a-number', `line ${index + 1}: "${token}" is not a number`);
      }
      return value;
    });
    lines.push({ line: index + 1, values });
  });
  return lines;
}

/** Reads numbers one at a time across lines, for formats whose numbers wrap freely. */
export class NumberCursor {
  private lineAt = 0;
  private valueAt = 0;

  constructor(private readonly lines: NumberLine[]) {}

  /** Line of the next number, or of the last number when the data is exhausted. */
  get line(): number {
    this.skipEmpty();
    const current = this.lines[this.lineAt] ?? this.lines[this.lines.length - 1];
    return current?.line ?? 0;
  }

  get done(): boolean {
    this.skipEmpty();
    return this.lineAt >= this.lines.length;
  }

  /** The next number, which must be a non-negative integer; `what` names it in the error. */
  count(what: string): number {
    if (this.done) {
      throw new FormatError('truncated', `line ${this.line}: the file ends where ${what} was expected`);
    }
    const line = this.lines[this.lineAt].line;
    const value = this.lines[this.lineAt].values[this.valueAt++];
    if (!Number.isInteger(value) || value < 0) {
      throw new FormatError(
        'not-a-count',
        `line ${line}: ${what} must be a non-negative integer, got ${value}`,
      );
    }
    return value;
  }

  private skipEmpty(): void {
    while (this.lineAt < this.lines.length && this.valueAt >= this.lines[this.lineAt].values.length) {
      this.lineAt++;
      this.valueAt = 0;
    }
  }
}

/** Throws when `value` is not a non-negative integer; used by line-based readers. */
export function requireCount(value: number | undefined, line: number, what: string): number {
  if (value === undefined) throw new FormatError('truncated', `line ${line}: ${what} is missing`);
  if (!Number.isInteger(value) || value < 0) {
    throw new FormatError(
      'not-a-count',
      `line ${line}: ${what} must be a non-negative integer, got ${value}`,
    );
  }
  return value;
}
