/** CSV in and out for imports and exports: rows keyed by normalized header, with line numbers. */
import { parse } from 'csv-parse/sync';
import { type FieldIssue, RuleViolationError } from '../../platform/errors';

export interface CsvRow {
  /** 1-based line number in the file */
  line: number;
  values: Record<string, string>;
}

/** 'Part Number' → 'partnumber', 'Qty.' → 'qty' */
export const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export function readCsv(text: string): CsvRow[] {
  const delimiter =
    (text.split('\n', 1)[0].match(/;/g)?.length ?? 0) > (text.split('\n', 1)[0].match(/,/g)?.length ?? 0)
      ? ';'
      : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new RuleViolationError(`the file is not valid CSV: ${(error as Error).message}`, [
      { field: 'file', rule: 'csv', message: (error as Error).message },
    ]);
  }
  if (records.length === 0)
    throw new RuleViolationError('the file is empty', [
      { field: 'file', rule: 'not-empty', message: 'no header line' },
    ]);
  const headers = records[0].record.map(normalizeHeader);
  return records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(headers.map((h, i) => [h, record[i] ?? ''])),
  }));
}

/** The first of several accepted header names that the file has. */
export function pickColumn(rows: CsvRow[], names: string[]): string | undefined {
  const present = new Set(rows.flatMap((r) => Object.keys(r.values)));
  return names.map(normalizeHeader).find((n) => present.has(n));
}

export function requireColumns(rows: CsvRow[], columns: Record<string, string[]>): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: FieldIssue[] = [];
  for (const [key, names] of Object.entries(columns)) {
    const column = pickColumn(rows, names);
    if (column) found[key] = column;
    else
      missing.push({
        field: `line 1`,
        rule: 'column',
        message: `missing column ${names[0]} (also accepted: ${names.slice(1).join(', ') || '—'})`,
      });
  }
  if (missing.length)
    throw new RuleViolationError(
      `the header line lacks required columns: ${missing.map((m) => m.message).join('; ')}`,
      missing,
    );
  return found;
}

/** Throws one error listing every bad line, so a file is fixed in one go. */
export function rejectIfIssues(issues: FieldIssue[]): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, 20).map((i) => `${i.field}: ${i.message}`);
  const more = issues.length > 20 ? `; and ${issues.length - 20} more` : '';
  throw new RuleViolationError(
    `the file was rejected, nothing was written: ${shown.join('; ')}${more}`,
    issues,
  );
}

/** A decimal from a CSV cell; accepts a decimal comma ('2,5') as CAD tools in Europe write it. */
export function parseDecimal(cell: string): number | undefined {
  if (cell.trim() === '') return undefined;
  const value = Number(cell.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : Number.NaN;
}

const escapeCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function writeCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(escapeCell).join(',')).join('\n') + '\n';
}
