/** Edits a work center: capacity, efficiency, hourly rates, its calendar and setup matrix. */
import { Button, Group, NumberInput, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { type WorkCenter, workCenter as workCenterSchema } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { calendarsQuery, setupMatricesQuery, workCenterQuery } from './resources-api';

const inputs = [
  'name',
  'machines',
  'operationsPerMachine',
  'efficiency',
  'calendarId',
  'setupMatrixId',
  'costRates.machine',
  'costRates.labour',
  'costRates.setup',
  'active',
] as const;

type NumberValue = number | string;

const draftOf = (wc: WorkCenter) => ({
  name: wc.name,
  machines: wc.machines as NumberValue,
  operationsPerMachine: wc.operationsPerMachine as NumberValue,
  efficiencyPercent: (Math.round(wc.efficiency * 1000) / 10) as NumberValue,
  calendarId: wc.calendarId,
  setupMatrixId: wc.setupMatrixId,
  machineRate: (wc.costRates.machine / 100) as NumberValue,
  labourRate: (wc.costRates.labour / 100) as NumberValue,
  setupRate: (wc.costRates.setup / 100) as NumberValue,
  active: wc.active,
});

const cents = (v: NumberValue) => Math.round(Number(v || 0) * 100);

export function WorkCenterEditForm({ workCenter, onDone }: { workCenter: WorkCenter; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(workCenter));
  const calendars = useQuery(calendarsQuery());
  const matrices = useQuery(setupMatricesQuery());
  const saving = useVersionedSave({
    record: workCenter,
    url: `/api/work-centers/${workCenter.id}`,
    schema: workCenterSchema,
    inputs,
    queryKey: workCenterQuery(workCenter.id).queryKey,
    invalidate: ['work-centers'],
    onSaved: onDone,
  });
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const errors = saving.errors.fields;
  const currency = saving.base.costRates.currency;

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save({
      name: draft.name,
      machines: draft.machines === '' ? undefined : Number(draft.machines),
      operationsPerMachine:
        draft.operationsPerMachine === '' ? undefined : Number(draft.operationsPerMachine),
      efficiency: draft.efficiencyPercent === '' ? undefined : Number(draft.efficiencyPercent) / 100,
      calendarId: draft.calendarId,
      setupMatrixId: draft.setupMatrixId,
      costRates: {
        machine: cents(draft.machineRate),
        labour: cents(draft.labourRate),
        setup: cents(draft.setupRate),
        currency,
      },
      active: draft.active,
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="work-center-edit-form">
      <FormErrorAlert
        errors={saving.errors}
        onReload={async () => setDraft(draftOf(await saving.reload()))}
      />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        <TextInput
          label="Name"
          name="name"
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          style={{ gridColumn: 'span 2' }}
        />
        <NumberInput
          label="Machines"
          name="machines"
          value={draft.machines}
          onChange={(v) => set('machines', v)}
          allowDecimal={false}
          error={errors.machines}
        />
        <NumberInput
          label="Efficiency (%)"
          name="efficiency"
          value={draft.efficiencyPercent}
          onChange={(v) => set('efficiencyPercent', v)}
          error={errors.efficiency}
        />
        <NumberInput
          label="Operations per machine"
          description="at once on one machine (a furnace load, a bench)"
          name="operationsPerMachine"
          value={draft.operationsPerMachine}
          onChange={(v) => set('operationsPerMachine', v)}
          allowDecimal={false}
          min={1}
          error={errors.operationsPerMachine}
        />
        <Select
          label="Calendar"
          name="calendarId"
          data={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={draft.calendarId}
          onChange={(v) => v && set('calendarId', v)}
          allowDeselect={false}
          error={errors.calendarId}
          style={{ gridColumn: 'span 2' }}
        />
        <Select
          label="Setup matrix"
          name="setupMatrixId"
          placeholder="none: the operation's own setup time"
          data={(matrices.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={draft.setupMatrixId}
          onChange={(v) => set('setupMatrixId', v)}
          clearable
          error={errors.setupMatrixId}
        />
        <NumberInput
          label={`Machine rate / h (${currency})`}
          name="costRates.machine"
          value={draft.machineRate}
          onChange={(v) => set('machineRate', v)}
          decimalScale={2}
          error={errors['costRates.machine']}
        />
        <NumberInput
          label={`Labour rate / h (${currency})`}
          name="costRates.labour"
          value={draft.labourRate}
          onChange={(v) => set('labourRate', v)}
          decimalScale={2}
          error={errors['costRates.labour']}
        />
        <NumberInput
          label={`Setup rate / h (${currency})`}
          name="costRates.setup"
          value={draft.setupRate}
          onChange={(v) => set('setupRate', v)}
          decimalScale={2}
          error={errors['costRates.setup']}
        />
        <Switch
          label="Active"
          name="active"
          checked={draft.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
          mt={28}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={saving.pending}>
          Save
        </Button>
      </Group>
    </form>
  );
}
