/**
 * The small forms of the design BOM: a designed part added to the working draft, a placeholder
 * for a part not designed yet (item and line in one step), and a line's child replaced by the
 * designed item. Each error shows at its field; a stale draft offers to reload.
 */
import {
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import {
  addPlaceholderLineResult,
  type Bom,
  bom as bomSchema,
  type EngineeringChange,
  replaceDraftLineResult,
} from '@takt/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import type { DesignBom, DesignBomLine } from './design-bom-api';
import { type ItemChoice, ItemSelect } from './item-select';

type Draft = NonNullable<DesignBom['draft']>;

function FormModal({
  title,
  testId,
  errors,
  pending,
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  errors: FormErrors<string>;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened onClose={onClose} title={title} size={560}>
      <form onSubmit={submit} noValidate data-testid={testId}>
        <FormErrorAlert errors={errors} />
        <Stack gap="sm">
          {children}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const nextPosition = (positions: number[]) => Math.floor(Math.max(0, ...positions) / 10) * 10 + 10;

/** A designed part into the working draft: the draft's lines plus the new one (PATCH at its version). */
export function AddLineModal({
  draft,
  onClose,
  onSaved,
}: {
  draft: Bom;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [child, setChild] = useState<ItemChoice | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [position, setPosition] = useState<number | string>(nextPosition(draft.lines.map((l) => l.position)));
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const at = draft.lines.length;
  const save = useMutation({
    mutationFn: () =>
      api.patch(
        `/api/boms/${draft.id}`,
        {
          lines: [
            ...draft.lines.map((l) => ({
              position: l.position,
              childItemId: l.childItemId,
              quantityPer: l.quantityPer,
              uom: l.uom,
              scrapFactor: l.scrapFactor,
              operationNumber: l.operationNumber,
              condition: l.condition,
              quantityFormula: l.quantityFormula,
            })),
            { position: Number(position), childItemId: child?.id ?? '', quantityPer: Number(quantity) },
          ],
        },
        { version: draft.version, schema: bomSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: () => {
      onSaved();
      onClose();
    },
    onError: (error) =>
      setErrors(
        formErrorsFrom(error, [
          `lines.${at}.position`,
          `lines.${at}.childItemId`,
          `lines.${at}.quantityPer`,
          `lines.${at}`,
        ]),
      ),
  });
  const field = (cell: string) =>
    errors.fields[`lines.${at}.${cell}`] ??
    (cell === 'childItemId' ? errors.fields[`lines.${at}`] : undefined);
  return (
    <FormModal
      title={`Add a part to draft ${draft.revision}`}
      testId="design-bom-add-line"
      errors={errors}
      pending={save.isPending}
      submitLabel="Add line"
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Stack gap={4}>
        <Text fz="sm" fw={500}>
          Item
        </Text>
        <ItemSelect
          label="Item"
          name="childItemId"
          value={child}
          onChange={setChild}
          error={field('childItemId')}
        />
      </Stack>
      <SimpleGrid cols={2}>
        <NumberInput
          label="Position"
          name="position"
          value={position}
          onChange={setPosition}
          allowDecimal={false}
          error={field('position')}
        />
        <NumberInput
          label={`Quantity per${child ? ` (${child.uom})` : ''}`}
          name="quantityPer"
          value={quantity}
          onChange={setQuantity}
          error={field('quantityPer')}
        />
      </SimpleGrid>
    </FormModal>
  );
}

const placeholderInputs = [
  'number',
  'name',
  'estimatedCost',
  'estimatedLeadTimeDays',
  'uom',
  'quantityPer',
  'position',
] as const;

/** A part not designed yet, at its estimated cost and lead time, into the draft in one step. */
export function PlaceholderModal({
  draft,
  onClose,
  onSaved,
}: {
  draft: Draft;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [number, setNumber] = useState('PH-');
  const [name, setName] = useState('');
  const [cost, setCost] = useState<number | string>('');
  const [leadTime, setLeadTime] = useState<number | string>(30);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [uom, setUom] = useState('pcs');
  const [errors, setErrors] = useState<FormErrors<(typeof placeholderInputs)[number]>>(noFormErrors);
  const save = useMutation({
    mutationFn: () =>
      api.post(
        `/api/boms/${draft.id}/placeholder-lines`,
        {
          version: draft.version,
          number,
          name,
          estimatedCost: { amount: Math.round(Number(cost || 0) * 100), currency: 'EUR' },
          estimatedLeadTimeDays: leadTime === '' ? 0 : Number(leadTime),
          uom,
          quantityPer: Number(quantity),
        },
        { schema: addPlaceholderLineResult },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: () => {
      onSaved();
      onClose();
    },
    onError: (error) => setErrors(formErrorsFrom(error, placeholderInputs)),
  });
  return (
    <FormModal
      title={`A placeholder in draft ${draft.revision}`}
      testId="placeholder-form"
      errors={errors}
      pending={save.isPending}
      submitLabel="Add placeholder"
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Text fz="xs" c="dimmed">
        A part not designed yet: bought, at the cost and lead time you estimate. MRP plans it and the promise
        waits for it like any bought part; nobody can order it until the designed part replaces it.
      </Text>
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label="Number"
          name="number"
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={errors.fields.number}
          data-autofocus
        />
        <TextInput
          label="Name"
          name="name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.fields.name}
        />
        <NumberInput
          label="Estimated cost (EUR)"
          name="estimatedCost"
          value={cost}
          onChange={setCost}
          decimalScale={2}
          min={0}
          error={errors.fields.estimatedCost}
        />
        <NumberInput
          label="Estimated lead time (days)"
          name="estimatedLeadTimeDays"
          value={leadTime}
          onChange={setLeadTime}
          min={0}
          error={errors.fields.estimatedLeadTimeDays}
        />
        <NumberInput
          label="Quantity per"
          name="quantityPer"
          value={quantity}
          onChange={setQuantity}
          error={errors.fields.quantityPer}
        />
        <TextInput
          label="Unit"
          name="uom"
          value={uom}
          onChange={(e) => setUom(e.currentTarget.value)}
          error={errors.fields.uom}
        />
      </SimpleGrid>
    </FormModal>
  );
}

const replaceInputs = ['childItemId', 'quantityPer', 'reason', 'position'] as const;

/** The designed item takes the line; released already, an engineering change is requested with it. */
export function ReplaceLineModal({
  draft,
  line,
  projectId,
  onClose,
  onSaved,
}: {
  draft: Draft;
  line: DesignBomLine;
  projectId: string;
  onClose: () => void;
  onSaved: (change: EngineeringChange | null) => void;
}) {
  const [child, setChild] = useState<ItemChoice | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors<(typeof replaceInputs)[number]>>(noFormErrors);
  const released = line.state !== 'draft-only' && line.released?.childItemId === line.draft?.childItemId;
  const save = useMutation({
    mutationFn: () =>
      api.post(
        `/api/boms/${draft.id}/replace-line`,
        {
          version: draft.version,
          position: line.position,
          childItemId: child?.id ?? '',
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          projectId,
        },
        { schema: replaceDraftLineResult },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: (result) => {
      onSaved(result.engineeringChange);
      onClose();
    },
    onError: (error) => setErrors(formErrorsFrom(error, replaceInputs)),
  });
  return (
    <FormModal
      title={`Replace ${line.draft?.childNumber} (position ${line.position})`}
      testId="replace-line-form"
      errors={errors}
      pending={save.isPending}
      submitLabel={released ? 'Replace and request the change' : 'Replace'}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Stack gap={4}>
        <Text fz="sm" fw={500}>
          Designed item
        </Text>
        <ItemSelect
          label="Designed item"
          name="childItemId"
          value={child}
          onChange={setChild}
          error={errors.fields.childItemId ?? errors.fields.position}
        />
      </Stack>
      {released ? (
        <>
          <Text fz="xs" c="orange.8">
            {line.draft?.childNumber} is released in revision {line.releasedIn?.revision} (it may be on order
            for the project): the draft takes the designed item now, and an engineering change replaces it in
            the revision in force once approved and implemented, with its impact computed first.
          </Text>
          <Textarea
            label="Reason (for the change)"
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            error={errors.fields.reason}
          />
        </>
      ) : (
        <Text fz="xs" c="dimmed">
          Only in the draft so far: the draft line takes the designed item.
        </Text>
      )}
    </FormModal>
  );
}
