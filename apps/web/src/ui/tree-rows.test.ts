import { describe, expect, it } from 'vitest';
import { parentKeys, visibleRows } from './tree-rows';

const rows = [
  { key: 'bike', level: 0 },
  { key: 'frame', level: 1 },
  { key: 'tube', level: 2 },
  { key: 'steel', level: 3 },
  { key: 'wheel', level: 1 },
  { key: 'spoke', level: 2 },
];

const keys = (expanded: string[]) => visibleRows(rows, new Set(expanded)).map((r) => r.row.key);

describe('visible rows of an indented tree', () => {
  it('shows only the root while everything is collapsed', () => {
    expect(keys([])).toEqual(['bike']);
  });

  it('shows the children of an expanded node, not its grandchildren', () => {
    expect(keys(['bike'])).toEqual(['bike', 'frame', 'wheel']);
  });

  it('reaches a level-3 node when its ancestors are expanded', () => {
    expect(keys(['bike', 'frame', 'tube'])).toEqual(['bike', 'frame', 'tube', 'steel', 'wheel']);
  });

  it('hides a subtree again when its node collapses, even if nodes inside stay expanded', () => {
    expect(keys(['bike', 'tube', 'wheel'])).toEqual(['bike', 'frame', 'wheel', 'spoke']);
  });

  it('marks the nodes that have children, which is what expand-all expands', () => {
    expect(parentKeys(rows)).toEqual(['bike', 'frame', 'tube', 'wheel']);
    expect(keys(parentKeys(rows))).toEqual(rows.map((r) => r.key));
  });
});
