/**
 * The draft BOM revision of an item, for those who may write BOMs: start a new draft (from the
 * lines of the released revision), edit its lines in a table (PATCH /api/boms/:id with
 * If-Match; the lines sent replace the old ones), and release it (POST /api/boms/:id/release),
 * which obsoletes the released revision from today. The server judges every rule: a line that
 * would make the structure circular comes back as a 422 naming the path, shown above the table.
 */
import { ActionIcon, Badge, Box, Button, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import { type Bom, bom as bomSchema } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatQuantity } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { type FormErrors, formErrorsFrom, noFormErrors, rowInputs } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { bomsQuery, type Item } from './catalog-api';
import { type ItemChoice, ItemSelect } from './item-select';

type NumberValue = number | string;
type BomLine = Bom['lines'][number];

/** The newest draft of the item, if any. */
export function openDraft(boms: Bom[]): Bom | undefined {
  return boms.filter((b) => b.status === 'draft').sort((a, b) => b.revision.localeCompare(a.revision))[0];
}

/** The lines of a revision as a create/update body sends them. */
const linesInputOf = (lines: BomLine[]) =>
  lines.map((l) => ({
    position: l.position,
    childItemId: l.childItemId,
    quantityPer: l.quantityPer,
    uom: l.uom,
    scrapFactor: l.scrapFactor,
    operationNumber: l.operationNumber,
    condition: l.condition,
    quantityFormula: l.quantityFormula,
  }));

export function BomDraft({ item }: { item: Item }) {
  const boms = useQuery(bomsQuery(item.id));
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [actionErrors, setActionErrors] = useState<FormErrors<never>>(noFormErrors);
  const onError = (error: unknown) => setActionErrors(formErrorsFrom(error, []));
  const create = useMutation({
    mutationFn: (from: Bom | undefined) =>
      api.post(
        `/api/items/${item.id}/boms`,
        { lines: linesInputOf(from?.lines ?? []) },
        { schema: bomSchema },
      ),
    onMutate: () => setActionErrors(noFormErrors),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: bomsQuery(item.id).queryKey });
      setEditing(true);
    },
    onError,
  });
  const release = useMutation({
    mutationFn: (draft: Bom) =>
      api.post(`/api/boms/${draft.id}/release`, {}, { version: draft.version, schema: bomSchema }),
    onMutate: () => setActionErrors(noFormErrors),
    // the explosion of this item and of every assembly above it, and where-used below, change
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['items'] }),
    onError,
  });

  if (boms.isPending) return <PageLoader />;
  if (boms.isError) return <ErrorNotice error={boms.error} onRetry={() => boms.refetch()} />;
  const draft = openDraft(boms.data);
  const released = boms.data.find((b) => b.status === 'released');

  return (
    <Box data-testid="bom-draft" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Group justify="space-between" px="sm" py={6} wrap="nowrap">
        <Group gap={6}>
          <Text fz="sm" fw={600}>
            {draft ? `Draft revision ${draft.revision}` : 'Draft revision'}
          </Text>
          {draft && (
            <>
              <Badge size="xs" color="yellow">
                draft
              </Badge>
              <Text fz="xs" c="dimmed">
                {draft.lines.length} {draft.lines.length === 1 ? 'line' : 'lines'} · not used by planning
                until released
              </Text>
            </>
          )}
        </Group>
        <Group gap={6}>
          {!draft && (
            <Button size="compact-xs" onClick={() => create.mutate(released)} loading={create.isPending}>
              New draft revision
            </Button>
          )}
          {draft && !editing && (
            <>
              <Button size="compact-xs" variant="default" onClick={() => setEditing(true)}>
                Edit lines
              </Button>
              <Button size="compact-xs" onClick={() => release.mutate(draft)} loading={release.isPending}>
                Release {draft.revision}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Box px="sm" pb="sm">
        <FormErrorAlert errors={actionErrors} onReload={() => boms.refetch()} />
        {!draft ? (
          <Text fz="sm" c="dimmed">
            No draft open. A new draft starts from the lines of{' '}
            {released ? `released revision ${released.revision}` : 'nothing (no revision is released)'}.
          </Text>
        ) : editing ? (
          <BomLinesForm key={draft.id} bom={draft} onDone={() => setEditing(false)} />
        ) : (
          <DraftLines bom={draft} />
        )}
      </Box>
    </Box>
  );
}

function DraftLines({ bom }: { bom: Bom }) {
  if (bom.lines.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        The draft has no lines yet.
      </Text>
    );
  return (
    <Table className="takt-table" data-testid="bom-draft-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={60}>Pos</Table.Th>
          <Table.Th>Item</Table.Th>
          <Table.Th w={130} className="takt-num">
            Qty per
          </Table.Th>
          <Table.Th w={90} className="takt-num">
            Scrap
          </Table.Th>
          <Table.Th w={70}>Op</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {bom.lines.map((l) => (
          <Table.Tr key={l.id} data-testid="bom-draft-line" data-number={l.childNumber}>
            <Table.Td className="takt-mono">{l.position}</Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <AnchorLink
                  to="/items/$itemId"
                  params={{ itemId: l.childItemId }}
                  search={{ tab: 'bom' }}
                  className="takt-mono"
                  fz="sm"
                >
                  {l.childNumber}
                </AnchorLink>
                <Text fz="sm" truncate>
                  {l.childName}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td className="takt-num">{formatQuantity(l.quantityPer, l.uom)}</Table.Td>
            <Table.Td className="takt-num">
              {l.scrapFactor ? `${formatQuantity(l.scrapFactor * 100)} %` : '—'}
            </Table.Td>
            <Table.Td className="takt-mono">{l.operationNumber ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface LineDraft {
  key: string;
  position: NumberValue;
  child: ItemChoice | null;
  quantityPer: NumberValue;
  /** as typed, in percent; sent as a fraction */
  scrapPercent: NumberValue;
  operationNumber: string;
  /** kept from the saved line while its item stays; a new item takes its own unit */
  uom: string | null;
  condition: string | null;
  quantityFormula: string | null;
}

const cells = ['position', 'childItemId', 'quantityPer', 'uom', 'scrapFactor', 'operationNumber'] as const;

const lineDraftsOf = (bom: Bom): LineDraft[] =>
  bom.lines.map((l) => ({
    key: l.id,
    position: l.position,
    child: { id: l.childItemId, number: l.childNumber, name: l.childName, uom: l.uom },
    quantityPer: l.quantityPer,
    scrapPercent: Math.round(l.scrapFactor * 10_000) / 100,
    operationNumber: l.operationNumber ?? '',
    uom: l.uom,
    condition: l.condition,
    quantityFormula: l.quantityFormula,
  }));

const numberOrNull = (v: NumberValue): number | null => (v === '' ? null : Number(v));

let newLineKeys = 0;

function BomLinesForm({ bom, onDone }: { bom: Bom; onDone: () => void }) {
  const [lines, setLines] = useState<LineDraft[]>(() => lineDraftsOf(bom));
  const saving = useVersionedSave({
    record: bom,
    url: `/api/boms/${bom.id}`,
    schema: bomSchema,
    inputs: rowInputs('lines', lines.length, cells),
    queryKey: ['boms', bom.id],
    invalidate: bomsQuery(bom.itemId).queryKey,
    onSaved: onDone,
  });
  const errors = saving.errors.fields;
  const errorOf = (i: number, cell: (typeof cells)[number]) => errors[`lines.${i}.${cell}`];
  const update = (i: number, change: Partial<LineDraft>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...change } : l)));

  function addLine() {
    const last = lines.reduce((m, l) => Math.max(m, Number(l.position) || 0), 0);
    setLines((ls) => [
      ...ls,
      {
        key: `new-${++newLineKeys}`,
        position: Math.floor(last / 10) * 10 + 10,
        child: null,
        quantityPer: 1,
        scrapPercent: 0,
        operationNumber: '',
        uom: null,
        condition: null,
        quantityFormula: null,
      },
    ]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save({
      lines: lines.map((l) => ({
        position: numberOrNull(l.position),
        childItemId: l.child?.id ?? '',
        quantityPer: numberOrNull(l.quantityPer),
        uom: l.uom,
        scrapFactor: (numberOrNull(l.scrapPercent) ?? 0) / 100,
        operationNumber: l.operationNumber.trim() === '' ? null : l.operationNumber,
        condition: l.condition,
        quantityFormula: l.quantityFormula,
      })),
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="bom-lines-form">
      <FormErrorAlert
        errors={saving.errors}
        onReload={async () => setLines(lineDraftsOf(await saving.reload()))}
      />
      <Table className="takt-table" verticalSpacing={4} highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Pos</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th w={120}>Qty per</Table.Th>
            <Table.Th w={60}>Unit</Table.Th>
            <Table.Th w={90}>Scrap %</Table.Th>
            <Table.Th w={80}>Op</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => [
            <Table.Tr key={l.key} data-testid="bom-edit-line" style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <NumberInput
                  size="xs"
                  aria-label={`Position of line ${i + 1}`}
                  name={`lines.${i}.position`}
                  value={l.position}
                  onChange={(v) => update(i, { position: v })}
                  allowDecimal={false}
                  error={errorOf(i, 'position')}
                />
              </Table.Td>
              <Table.Td>
                <ItemSelect
                  label={`Item of line ${i + 1}`}
                  name={`lines.${i}.childItemId`}
                  value={l.child}
                  onChange={(child) => update(i, { child, uom: child.id === l.child?.id ? l.uom : null })}
                  error={errorOf(i, 'childItemId')}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  size="xs"
                  aria-label={`Quantity per of line ${i + 1}`}
                  name={`lines.${i}.quantityPer`}
                  value={l.quantityPer}
                  onChange={(v) => update(i, { quantityPer: v })}
                  error={errorOf(i, 'quantityPer')}
                />
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed" pt={4} title={errorOf(i, 'uom')}>
                  {l.uom ?? l.child?.uom ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <NumberInput
                  size="xs"
                  aria-label={`Scrap of line ${i + 1}`}
                  name={`lines.${i}.scrapFactor`}
                  value={l.scrapPercent}
                  onChange={(v) => update(i, { scrapPercent: v })}
                  error={errorOf(i, 'scrapFactor')}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Operation of line ${i + 1}`}
                  name={`lines.${i}.operationNumber`}
                  value={l.operationNumber}
                  onChange={(e) => update(i, { operationNumber: e.currentTarget.value })}
                  error={errorOf(i, 'operationNumber')}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={2}
                  aria-label={`Remove line ${i + 1}`}
                  onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>,
            errors[`lines.${i}`] && (
              <Table.Tr key={`${l.key}-error`}>
                <Table.Td colSpan={7} pt={0}>
                  <Text fz="xs" c="red" role="alert">
                    {errors[`lines.${i}`]}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ),
          ])}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" mt="sm">
        <Button size="xs" variant="default" onClick={addLine}>
          Add line
        </Button>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={saving.pending}>
            Save lines
          </Button>
        </Group>
      </Group>
    </form>
  );
}
