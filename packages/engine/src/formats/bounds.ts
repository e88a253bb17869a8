/**
 * Best-known values of the benchmark folders (`bounds.tsv`): comment lines start with '#', the
 * first other line names the tab-separated columns, one row per instance. Column sets differ
 * per folder (job shop: instance jobs machines lb ub optimal_known; flexible job shop:
 * instance size lb ub optimal_known; setup flow shop: instance jobs machines bks and published
 * solver results), so the reader keys on column names: the upper bound is `ub` or `bks`, the
 * lower bound `lb` when present, optimality `optimal_known` = 'optimal'. Pure: it takes text.
 */
import type { Result } from '../common/result';
import { FormatError, readFormat } from './number-text';

export interface BestKnown {
  /** instance name as in the file, with a trailing `.txt` removed (`241.txt` → `241`) */
  instance: string;
  /** best known upper bound (the value every gap is measured against) */
  ub: number;
  lb?: number;
  /** the upper bound is proven optimal */
  optimal: boolean;
  /** every column of the row as written, for columns a runner wants to show (e.g. cpo_900s_obj) */
  columns: Readonly<Record<string, string>>;
}

export function parseBounds(text: string): Result<Map<string, BestKnown>> {
  return readFormat(() => {
    const rows = text
      .split(/\r?\n/)
      .map((raw, index) => ({ raw, line: index + 1 }))
      .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'));
    const head = rows[0];
    if (!head) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    const names = head.raw.split('\t').map((cell) => cell.trim());
    const column = (name: string) => names.indexOf(name);
    const instanceAt = column('instance');
    const ubAt = column('ub') >= 0 ? column('ub') : column('bks');
    if (instanceAt < 0 || ubAt < 0) {
      throw new FormatError(
        'header',
        `line ${head.line}: expected tab-separated columns with "instance" and "ub" (or "bks"), got "${names.join(' | ')}"`,
      );
    }
    const lbAt = column('lb');
    const optimalAt = column('optimal_known');
    const bounds = new Map<string, BestKnown>();
    for (const { raw, line } of rows.slice(1)) {
      const cells = raw.split('\t').map((cell) => cell.trim());
      if (cells.length !== names.length) {
        throw new FormatError(
          'row',
          `line ${line}: expected ${names.length} tab-separated cells, got ${cells.length}`,
        );
      }
      const instance = cells[instanceAt].replace(/\.txt$/, '');
      const number = (at: number, what: string) => {
        const value = Number(cells[at]);
        if (cells[at] === '' || !Number.isFinite(value)) {
          throw new FormatError(
            'not-a-number',
            `line ${line}: ${what} of ${instance} is "${cells[at]}", not a number`,
          );
        }
        return value;
      };
      if (bounds.has(instance)) throw new FormatError('duplicate', `line ${line}: ${instance} appears twice`);
      bounds.set(instance, {
        instance,
        ub: number(ubAt, 'the upper bound'),
        ...(lbAt >= 0 ? { lb: number(lbAt, 'the lower bound') } : {}),
        optimal: optimalAt >= 0 && cells[optimalAt] === 'optimal',
        columns: Object.fromEntries(names.map((name, i) => [name, cells[i]])),
      });
    }
    return bounds;
  });
}
