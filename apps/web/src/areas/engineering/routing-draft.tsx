/**
 * The draft routing revision of a made item, for those who may write routings: start a new
 * draft (from the current revision's operations, or from one blank operation when the item has
 * no routing yet), edit its operations in a table (PATCH /api/routings/:id with If-Match; the
 * operations sent replace the old ones) and release it (POST /api/routings/:id/release).
 * Each operation's work instructions and drawing link are edited in a row below it; alternatives
 * are kept as they are; the server judges the graph.
 */
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type Routing, routing as routingSchema } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatMinutes } from '../../ui/format';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { type FormErrors, formErrorsFrom, noFormErrors, rowInputs } from '../../ui/problem-form-errors';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { workCenterLookupQuery } from '../planning/resources-api';
import { type Item, routingsQuery } from './catalog-api';
import { currentRouting } from './routing-table';

type NumberValue = number | string;
type Operation = Routing['operations'][number];
type ShiftRule = Operation['shiftRule'];

interface OperationDraft {
  key: string;
  number: string;
  name: string;
  workCenterId: string | null;
  setupMinutes: NumberValue;
  runMinutesPerUnit: NumberValue;
  queueMinutes: NumberValue;
  moveMinutes: NumberValue;
  predecessors: string[];
  shiftRule: ShiftRule;
  /** not edited here: sent back as they were */
  alternatives: Operation['alternatives'];
  instructions: string;
  drawingUrl: string;
}

const cells = [
  'number',
  'name',
  'workCenterId',
  'alternatives',
  'setupMinutes',
  'runMinutesPerUnit',
  'queueMinutes',
  'moveMinutes',
  'predecessors',
  'shiftRule',
  'instructions',
  'drawingUrl',
] as const;

const operationDraftsOf = (routing: Routing): OperationDraft[] =>
  routing.operations.map((op) => ({
    key: op.id,
    number: op.number,
    name: op.name,
    workCenterId: op.workCenterId,
    setupMinutes: op.setupMinutes,
    runMinutesPerUnit: op.runMinutesPerUnit,
    queueMinutes: op.queueMinutes,
    moveMinutes: op.moveMinutes,
    predecessors: op.predecessors,
    shiftRule: op.shiftRule,
    alternatives: op.alternatives,
    instructions: op.instructions,
    drawingUrl: op.drawingUrl ?? '',
  }));

let newOperationKeys = 0;

function blankOperation(previous: OperationDraft | undefined): OperationDraft {
  const last = Number(previous?.number) || 0;
  return {
    key: `new-${++newOperationKeys}`,
    number: String(Math.floor(last / 10) * 10 + 10).padStart(3, '0'),
    name: '',
    workCenterId: previous?.workCenterId ?? null,
    setupMinutes: 0,
    runMinutesPerUnit: '',
    queueMinutes: 0,
    moveMinutes: 0,
    // a new operation follows the last one, as the server's chain default would have it
    predecessors: previous?.number ? [previous.number] : [],
    shiftRule: 'span',
    alternatives: [],
    instructions: '',
    drawingUrl: '',
  };
}

/** '' (nothing typed) is left out, so the server's default applies or it says what is missing. */
const numberOrUndefined = (v: NumberValue): number | undefined => (v === '' ? undefined : Number(v));

const operationsBody = (ops: OperationDraft[]) =>
  ops.map((op) => ({
    number: op.number,
    name: op.name,
    workCenterId: op.workCenterId ?? '',
    alternatives: op.alternatives,
    setupMinutes: numberOrUndefined(op.setupMinutes),
    runMinutesPerUnit: numberOrUndefined(op.runMinutesPerUnit),
    queueMinutes: numberOrUndefined(op.queueMinutes),
    moveMinutes: numberOrUndefined(op.moveMinutes),
    predecessors: op.predecessors,
    shiftRule: op.shiftRule,
    instructions: op.instructions,
    drawingUrl: op.drawingUrl.trim() || null,
  }));

const operationsBodyOf = (routing: Routing) => operationsBody(operationDraftsOf(routing));

export function RoutingDraft({ item }: { item: Item }) {
  const routings = useQuery(routingsQuery(item.id));
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'create'>('view');
  const [actionErrors, setActionErrors] = useState<FormErrors<never>>(noFormErrors);
  const refresh = () => queryClient.invalidateQueries({ queryKey: routingsQuery(item.id).queryKey });
  const onError = (error: unknown) => setActionErrors(formErrorsFrom(error, []));
  const create = useMutation({
    mutationFn: (from: Routing) =>
      api.post(
        `/api/items/${item.id}/routings`,
        { operations: operationsBodyOf(from) },
        { schema: routingSchema },
      ),
    onMutate: () => setActionErrors(noFormErrors),
    onSuccess: async () => {
      await refresh();
      setMode('edit');
    },
    onError,
  });
  const release = useMutation({
    mutationFn: (draft: Routing) =>
      api.post(`/api/routings/${draft.id}/release`, {}, { version: draft.version, schema: routingSchema }),
    onMutate: () => setActionErrors(noFormErrors),
    onSuccess: refresh,
    onError,
  });

  if (routings.isPending) return <PageLoader />;
  if (routings.isError) return <ErrorNotice error={routings.error} onRetry={() => routings.refetch()} />;
  const draft = routings.data
    .filter((r) => r.status === 'draft')
    .sort((a, b) => b.revision.localeCompare(a.revision))[0];
  const current = currentRouting(routings.data);

  function startDraft() {
    if (current) create.mutate(current);
    else setMode('create');
  }

  return (
    <Box data-testid="routing-draft" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
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
                {draft.operations.length} {draft.operations.length === 1 ? 'operation' : 'operations'} · not
                used by planning until released
              </Text>
            </>
          )}
        </Group>
        <Group gap={6}>
          {!draft && mode === 'view' && (
            <Button size="compact-xs" onClick={startDraft} loading={create.isPending}>
              New draft revision
            </Button>
          )}
          {draft && mode === 'view' && (
            <>
              <Button size="compact-xs" variant="default" onClick={() => setMode('edit')}>
                Edit operations
              </Button>
              <Button size="compact-xs" onClick={() => release.mutate(draft)} loading={release.isPending}>
                Release {draft.revision}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Box px="sm" pb="sm">
        <FormErrorAlert errors={actionErrors} onReload={() => routings.refetch()} />
        {mode === 'create' && !draft ? (
          <RoutingCreateForm itemId={item.id} onDone={() => setMode('view')} />
        ) : !draft ? (
          <Text fz="sm" c="dimmed">
            No draft open.{' '}
            {current
              ? `A new draft starts from the operations of revision ${current.revision}.`
              : 'The item has no routing yet: a new draft starts with one operation.'}
          </Text>
        ) : mode === 'edit' ? (
          <RoutingEditForm key={draft.id} routing={draft} onDone={() => setMode('view')} />
        ) : current?.id === draft.id ? (
          <Text fz="sm" c="dimmed">
            The operations above are this draft's.
          </Text>
        ) : (
          <DraftOperations routing={draft} />
        )}
      </Box>
    </Box>
  );
}

function DraftOperations({ routing }: { routing: Routing }) {
  return (
    <Table className="takt-table" data-testid="routing-draft-operations">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={60}>Op</Table.Th>
          <Table.Th>Operation</Table.Th>
          <Table.Th w={130}>Work center</Table.Th>
          <Table.Th w={90} className="takt-num">
            Setup
          </Table.Th>
          <Table.Th w={100} className="takt-num">
            Run / unit
          </Table.Th>
          <Table.Th w={110}>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {routing.operations.map((op) => (
          <Table.Tr key={op.id}>
            <Table.Td className="takt-mono">{op.number}</Table.Td>
            <Table.Td>{op.name}</Table.Td>
            <Table.Td className="takt-mono">{op.workCenterCode}</Table.Td>
            <Table.Td className="takt-num">{formatMinutes(op.setupMinutes)}</Table.Td>
            <Table.Td className="takt-num">{formatMinutes(op.runMinutesPerUnit)}</Table.Td>
            <Table.Td className="takt-mono">{op.predecessors.join(', ') || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RoutingEditForm({ routing, onDone }: { routing: Routing; onDone: () => void }) {
  const [ops, setOps] = useState<OperationDraft[]>(() => operationDraftsOf(routing));
  const saving = useVersionedSave({
    record: routing,
    url: `/api/routings/${routing.id}`,
    schema: routingSchema,
    inputs: rowInputs('operations', ops.length, cells),
    queryKey: ['routings', routing.id],
    invalidate: routingsQuery(routing.itemId).queryKey,
    onSaved: onDone,
  });
  return (
    <OperationsForm
      ops={ops}
      setOps={setOps}
      errors={saving.errors}
      pending={saving.pending}
      submitLabel="Save operations"
      onSubmit={() => saving.save({ operations: operationsBody(ops) })}
      onCancel={onDone}
      onReload={async () => setOps(operationDraftsOf(await saving.reload()))}
    />
  );
}

/** The first routing of an item: nothing to start from, so the draft is created on saving. */
function RoutingCreateForm({ itemId, onDone }: { itemId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [ops, setOps] = useState<OperationDraft[]>(() => [blankOperation(undefined)]);
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const create = useMutation({
    mutationFn: () =>
      api.post(
        `/api/items/${itemId}/routings`,
        { operations: operationsBody(ops) },
        { schema: routingSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: routingsQuery(itemId).queryKey });
      onDone();
    },
    onError: (error) => setErrors(formErrorsFrom(error, rowInputs('operations', ops.length, cells))),
  });
  return (
    <OperationsForm
      ops={ops}
      setOps={setOps}
      errors={errors}
      pending={create.isPending}
      submitLabel="Create draft"
      onSubmit={() => create.mutate()}
      onCancel={onDone}
    />
  );
}

function OperationsForm({
  ops,
  setOps,
  errors,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
}: {
  ops: OperationDraft[];
  setOps: (update: (ops: OperationDraft[]) => OperationDraft[]) => void;
  errors: FormErrors<string>;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  onReload?: () => void;
}) {
  const lookup = useQuery(workCenterLookupQuery());
  const workCenters = [...(lookup.data?.values() ?? [])]
    .filter((wc) => wc.active)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((wc) => ({ value: wc.id, label: `${wc.code} · ${wc.name}` }));
  const numbers = [...new Set(ops.map((op) => op.number.trim()).filter(Boolean))];
  const errorOf = (i: number, cell: (typeof cells)[number]) => errors.fields[`operations.${i}.${cell}`];
  const update = (i: number, change: Partial<OperationDraft>) =>
    setOps((all) => all.map((op, j) => (j === i ? { ...op, ...change } : op)));
  const minutesInput = (
    op: OperationDraft,
    i: number,
    cell: 'setupMinutes' | 'runMinutesPerUnit' | 'queueMinutes' | 'moveMinutes',
    label: string,
  ) => (
    <NumberInput
      size="xs"
      aria-label={`${label} of operation ${op.number || i + 1}`}
      name={`operations.${i}.${cell}`}
      value={op[cell]}
      onChange={(v) => update(i, { [cell]: v })}
      error={errorOf(i, cell)}
    />
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="routing-operations-form">
      <FormErrorAlert errors={errors} onReload={onReload} />
      {/* fixed layout: the columns keep their widths, the operation's name takes the rest */}
      <Table
        className="takt-table"
        verticalSpacing={4}
        highlightOnHover={false}
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={76}>Op</Table.Th>
            <Table.Th>Operation</Table.Th>
            <Table.Th w={170}>Work center</Table.Th>
            <Table.Th w={84}>Setup min</Table.Th>
            <Table.Th w={84}>Run/unit</Table.Th>
            <Table.Th w={84}>Queue min</Table.Th>
            <Table.Th w={84}>Move min</Table.Th>
            <Table.Th w={150}>After</Table.Th>
            <Table.Th w={104}>Shifts</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ops.map((op, i) => [
            <Table.Tr key={op.key} data-testid="routing-edit-operation" style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Number of operation ${i + 1}`}
                  name={`operations.${i}.number`}
                  value={op.number}
                  onChange={(e) => update(i, { number: e.currentTarget.value })}
                  error={errorOf(i, 'number')}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Name of operation ${op.number || i + 1}`}
                  name={`operations.${i}.name`}
                  value={op.name}
                  onChange={(e) => update(i, { name: e.currentTarget.value })}
                  error={errorOf(i, 'name')}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  searchable
                  aria-label={`Work center of operation ${op.number || i + 1}`}
                  name={`operations.${i}.workCenterId`}
                  data={workCenters}
                  value={op.workCenterId}
                  onChange={(v) => update(i, { workCenterId: v })}
                  allowDeselect={false}
                  error={errorOf(i, 'workCenterId') ?? errorOf(i, 'alternatives')}
                  comboboxProps={{ width: 260, position: 'bottom-start' }}
                />
              </Table.Td>
              <Table.Td>{minutesInput(op, i, 'setupMinutes', 'Setup')}</Table.Td>
              <Table.Td>{minutesInput(op, i, 'runMinutesPerUnit', 'Run per unit')}</Table.Td>
              <Table.Td>{minutesInput(op, i, 'queueMinutes', 'Queue')}</Table.Td>
              <Table.Td>{minutesInput(op, i, 'moveMinutes', 'Move')}</Table.Td>
              <Table.Td>
                <MultiSelect
                  size="xs"
                  aria-label={`Predecessors of operation ${op.number || i + 1}`}
                  name={`operations.${i}.predecessors`}
                  placeholder={op.predecessors.length ? undefined : 'none'}
                  data={[...new Set([...numbers.filter((n) => n !== op.number.trim()), ...op.predecessors])]}
                  value={op.predecessors}
                  onChange={(v) => update(i, { predecessors: v })}
                  error={errorOf(i, 'predecessors')}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`Shift rule of operation ${op.number || i + 1}`}
                  name={`operations.${i}.shiftRule`}
                  data={[
                    { value: 'span', label: 'span' },
                    { value: 'fit', label: 'fit one' },
                  ]}
                  value={op.shiftRule}
                  onChange={(v) => v && update(i, { shiftRule: v as ShiftRule })}
                  allowDeselect={false}
                  error={errorOf(i, 'shiftRule')}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={2}
                  aria-label={`Remove operation ${op.number || i + 1}`}
                  onClick={() => setOps((all) => all.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>,
            <Table.Tr key={`${op.key}-shop-floor`} data-testid="routing-edit-shop-floor">
              <Table.Td />
              <Table.Td colSpan={5}>
                <Textarea
                  size="xs"
                  autosize
                  minRows={1}
                  maxRows={6}
                  placeholder="Work instructions for the operator"
                  aria-label={`Work instructions of operation ${op.number || i + 1}`}
                  name={`operations.${i}.instructions`}
                  value={op.instructions}
                  onChange={(e) => update(i, { instructions: e.currentTarget.value })}
                  error={errorOf(i, 'instructions')}
                />
              </Table.Td>
              <Table.Td colSpan={4}>
                <TextInput
                  size="xs"
                  placeholder="Drawing link (https://…)"
                  aria-label={`Drawing link of operation ${op.number || i + 1}`}
                  name={`operations.${i}.drawingUrl`}
                  value={op.drawingUrl}
                  onChange={(e) => update(i, { drawingUrl: e.currentTarget.value })}
                  error={errorOf(i, 'drawingUrl')}
                />
              </Table.Td>
            </Table.Tr>,
            errors.fields[`operations.${i}`] && (
              <Table.Tr key={`${op.key}-error`}>
                <Table.Td colSpan={10} pt={0}>
                  <Text fz="xs" c="red" role="alert">
                    {errors.fields[`operations.${i}`]}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ),
          ])}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" mt="sm">
        <Button
          size="xs"
          variant="default"
          onClick={() => setOps((all) => [...all, blankOperation(all.at(-1))])}
        >
          Add operation
        </Button>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
