/**
 * Rows of an indented tree (a BOM explosion) kept flat in depth-first order, each with its
 * level. A row is visible when every ancestor is expanded; one pass, O(rows).
 */
export interface TreeRow {
  key: string;
  level: number;
}

export interface ShownRow<R extends TreeRow> {
  row: R;
  hasChildren: boolean;
  expanded: boolean;
}

export function visibleRows<R extends TreeRow>(
  rows: readonly R[],
  expanded: ReadonlySet<string>,
): ShownRow<R>[] {
  const shown: ShownRow<R>[] = [];
  let hiddenBelow = Number.POSITIVE_INFINITY; // rows deeper than this level sit under a collapsed node
  rows.forEach((row, index) => {
    if (row.level > hiddenBelow) return;
    hiddenBelow = Number.POSITIVE_INFINITY;
    const hasChildren = (rows[index + 1]?.level ?? -1) > row.level;
    const isExpanded = hasChildren && expanded.has(row.key);
    shown.push({ row, hasChildren, expanded: isExpanded });
    if (hasChildren && !isExpanded) hiddenBelow = row.level;
  });
  return shown;
}

/** Keys of every row that has children: "expand all". */
export function parentKeys(rows: readonly TreeRow[]): string[] {
  return rows.filter((row, i) => (rows[i + 1]?.level ?? -1) > row.level).map((row) => row.key);
}
