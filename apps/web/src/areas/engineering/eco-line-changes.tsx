/**
 * The line changes of an engineering change, as a small table form: add a line, change a line's
 * quantity, remove it, or replace its item (a placeholder by the designed part), each against
 * the revision the change starts from. The server applies them and answers each refusal at its
 * row (`lineChanges.2.position`: no line there).
 */
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import type { Bom, EcoLineChange } from '@takt/contracts';
import { formatQuantity } from '../../ui/format';
import type { FormErrors } from '../../ui/problem-form-errors';
import { rowInputs } from '../../ui/problem-form-errors';
import { type ItemChoice, ItemSelect } from './item-select';

type BomLine = Bom['lines'][number];
type Action = EcoLineChange['action'];

export interface ChangeRow {
  key: string;
  action: Action;
  position: number | string;
  child: ItemChoice | null;
  quantityPer: number | string;
}

const actionLabels: Record<Action, string> = {
  add: 'Add a line',
  change: 'Change quantity',
  remove: 'Remove the line',
  replace: 'Replace the item',
};

let keys = 0;
const newKey = () => `change-${++keys}`;

export const lineChangeInputs = (rows: number) =>
  rowInputs('lineChanges', rows, [
    'position',
    'childItemId',
    'quantityPer',
    'line.position',
    'line.childItemId',
    'line.quantityPer',
  ]);

/** Rows of saved changes; the proposed revision names the items they put in. */
export function rowsOfChanges(changes: EcoLineChange[], proposed: BomLine[] = []): ChangeRow[] {
  const at = new Map(proposed.map((l) => [l.position, l]));
  const choice = (position: number, id: string): ItemChoice => {
    const l = at.get(position);
    return l && l.childItemId === id
      ? { id, number: l.childNumber, name: l.childName, uom: l.uom }
      : { id, number: id.slice(0, 8), name: '', uom: '' };
  };
  return changes.map((c) => {
    switch (c.action) {
      case 'add':
        return {
          key: newKey(),
          action: 'add',
          position: c.line.position,
          child: choice(c.line.position, c.line.childItemId),
          quantityPer: c.line.quantityPer,
        };
      case 'replace':
        return {
          key: newKey(),
          action: 'replace',
          position: c.position,
          child: choice(c.position, c.childItemId),
          quantityPer: c.quantityPer ?? '',
        };
      case 'change':
        return {
          key: newKey(),
          action: 'change',
          position: c.position,
          child: null,
          quantityPer: c.quantityPer ?? '',
        };
      default:
        return { key: newKey(), action: 'remove', position: c.position, child: null, quantityPer: '' };
    }
  });
}

/** The request body's `lineChanges`; the server judges what is missing. */
export function changesOfRows(rows: ChangeRow[]): unknown[] {
  return rows.map((r) => {
    const position = r.position === '' ? null : Number(r.position);
    const quantity = r.quantityPer === '' ? undefined : Number(r.quantityPer);
    switch (r.action) {
      case 'add':
        return {
          action: 'add',
          line: { position, childItemId: r.child?.id ?? '', quantityPer: quantity ?? 1 },
        };
      case 'replace':
        return {
          action: 'replace',
          position,
          childItemId: r.child?.id ?? '',
          ...(quantity !== undefined ? { quantityPer: quantity } : {}),
        };
      case 'change':
        return { action: 'change', position, ...(quantity !== undefined ? { quantityPer: quantity } : {}) };
      default:
        return { action: 'remove', position };
    }
  });
}

/** "replace 20: PH-GRIPPER → GRIP-BILLET-2" */
export function describeChange(row: ChangeRow, base: BomLine[]): string {
  const line = base.find((l) => l.position === Number(row.position));
  const was = line ? `${line.childNumber} × ${formatQuantity(line.quantityPer)}` : '—';
  switch (row.action) {
    case 'add':
      return `add ${row.position}: ${row.child?.number ?? '?'} × ${formatQuantity(row.quantityPer)}`;
    case 'replace':
      return `replace ${row.position}: ${line?.childNumber ?? '?'} → ${row.child?.number ?? '?'}`;
    case 'change':
      return `change ${row.position}: ${was} → × ${formatQuantity(row.quantityPer)}`;
    default:
      return `remove ${row.position}: ${was}`;
  }
}

export function LineChangesTable({
  rows,
  onRows,
  base,
  errors,
}: {
  rows: ChangeRow[];
  onRows: (rows: ChangeRow[]) => void;
  /** the lines of the revision the change starts from */
  base: BomLine[];
  errors: FormErrors<string>;
}) {
  const set = (x: number, change: Partial<ChangeRow>) =>
    onRows(rows.map((r, i) => (i === x ? { ...r, ...change } : r)));
  const errorOf = (x: number, ...cells: string[]) =>
    cells.map((c) => errors.fields[`lineChanges.${x}.${c}`]).find(Boolean) ??
    errors.fields[`lineChanges.${x}`];
  const positions = base.map((l) => ({
    value: String(l.position),
    label: `${l.position} · ${l.childNumber} × ${formatQuantity(l.quantityPer, l.uom)}`,
  }));
  const nextPosition =
    Math.floor(
      Math.max(0, ...base.map((l) => l.position), ...rows.map((r) => Number(r.position) || 0)) / 10,
    ) *
      10 +
    10;
  return (
    <Stack gap="xs">
      <Table
        className="takt-table"
        verticalSpacing={4}
        highlightOnHover={false}
        data-testid="eco-line-changes-editor"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Change</Table.Th>
            <Table.Th w={250}>Line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th w={120}>Qty per</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, x) => (
            <Table.Tr key={r.key} data-testid="eco-line-change-row" style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`Change ${x + 1}`}
                  data={(Object.keys(actionLabels) as Action[]).map((a) => ({
                    value: a,
                    label: actionLabels[a],
                  }))}
                  value={r.action}
                  allowDeselect={false}
                  onChange={(v) =>
                    v &&
                    set(x, {
                      action: v as Action,
                      position: v === 'add' ? nextPosition : (base[0]?.position ?? ''),
                      child: null,
                      quantityPer: v === 'add' ? 1 : '',
                    })
                  }
                />
              </Table.Td>
              <Table.Td>
                {r.action === 'add' ? (
                  <NumberInput
                    size="xs"
                    aria-label={`Position of change ${x + 1}`}
                    value={r.position}
                    allowDecimal={false}
                    onChange={(v) => set(x, { position: v })}
                    error={errorOf(x, 'line.position', 'position')}
                  />
                ) : (
                  <Select
                    size="xs"
                    aria-label={`Line of change ${x + 1}`}
                    data={positions}
                    value={r.position === '' ? null : String(r.position)}
                    onChange={(v) => set(x, { position: v === null ? '' : Number(v) })}
                    allowDeselect={false}
                    error={errorOf(x, 'position')}
                  />
                )}
              </Table.Td>
              <Table.Td>
                {r.action === 'add' || r.action === 'replace' ? (
                  <ItemSelect
                    label={`Item of change ${x + 1}`}
                    name={`lineChanges.${x}.childItemId`}
                    value={r.child}
                    onChange={(child) => set(x, { child })}
                    error={errorOf(x, 'line.childItemId', 'childItemId')}
                  />
                ) : (
                  <Text fz="sm" c="dimmed" pt={4}>
                    {r.action === 'remove' ? 'taken out of the BOM' : 'the same item'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {r.action !== 'remove' && (
                  <NumberInput
                    size="xs"
                    aria-label={`Quantity of change ${x + 1}`}
                    placeholder={r.action === 'replace' ? 'as before' : undefined}
                    value={r.quantityPer}
                    onChange={(v) => set(x, { quantityPer: v })}
                    error={errorOf(x, 'line.quantityPer', 'quantityPer')}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={2}
                  aria-label={`Remove change ${x + 1}`}
                  onClick={() => onRows(rows.filter((_, i) => i !== x))}
                >
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          size="xs"
          variant="default"
          onClick={() =>
            onRows([
              ...rows,
              { key: newKey(), action: 'add', position: nextPosition, child: null, quantityPer: 1 },
            ])
          }
        >
          Add a change
        </Button>
      </Group>
    </Stack>
  );
}
