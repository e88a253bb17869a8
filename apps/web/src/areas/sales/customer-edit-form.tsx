import { Button, Group, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { type Customer, customer as customerSchema } from '@takt/contracts';
import { type FormEvent, useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { customerQuery } from './sales-api';

const inputs = ['name', 'vatId', 'currency', 'paymentTerms', 'active'] as const;

const draftOf = (c: Customer) => ({
  name: c.name,
  vatId: c.vatId ?? '',
  currency: c.currency,
  paymentTerms: c.paymentTerms,
  active: c.active,
});

export function CustomerEditForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(customer));
  const saving = useVersionedSave({
    record: customer,
    url: `/api/customers/${customer.id}`,
    schema: customerSchema,
    inputs,
    queryKey: customerQuery(customer.id).queryKey,
    invalidate: ['customers', 'list'],
    onSaved: onDone,
  });
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const errors = saving.errors.fields;

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save({
      name: draft.name,
      vatId: draft.vatId.trim() === '' ? null : draft.vatId,
      currency: draft.currency,
      paymentTerms: draft.paymentTerms,
      active: draft.active,
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="customer-edit-form">
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
        <TextInput
          label="VAT id"
          name="vatId"
          value={draft.vatId}
          onChange={(e) => set('vatId', e.currentTarget.value)}
          error={errors.vatId}
        />
        <TextInput
          label="Currency"
          name="currency"
          value={draft.currency}
          maxLength={3}
          onChange={(e) => set('currency', e.currentTarget.value.toUpperCase())}
          error={errors.currency}
        />
        <TextInput
          label="Payment terms"
          name="paymentTerms"
          value={draft.paymentTerms}
          onChange={(e) => set('paymentTerms', e.currentTarget.value)}
          error={errors.paymentTerms}
          style={{ gridColumn: 'span 2' }}
        />
        <Switch
          label="Active"
          name="active"
          checked={draft.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
          error={errors.active}
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
