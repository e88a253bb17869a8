import { Button, Group, NumberInput, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { type Supplier, supplier as supplierSchema } from '@takt/contracts';
import { type FormEvent, useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { useVersionedSave } from '../../ui/use-versioned-save';
import { supplierQuery } from './purchasing-api';

const inputs = [
  'name',
  'currency',
  'paymentTerms',
  'defaultLeadTimeDays',
  'address.street',
  'address.postalCode',
  'address.city',
  'address.country',
  'active',
] as const;

const draftOf = (s: Supplier) => ({
  name: s.name,
  currency: s.currency,
  paymentTerms: s.paymentTerms,
  defaultLeadTimeDays: s.defaultLeadTimeDays as number | string,
  street: s.address?.street ?? '',
  postalCode: s.address?.postalCode ?? '',
  city: s.address?.city ?? '',
  country: s.address?.country ?? '',
  active: s.active,
});

export function SupplierEditForm({ supplier, onDone }: { supplier: Supplier; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(supplier));
  const saving = useVersionedSave({
    record: supplier,
    url: `/api/suppliers/${supplier.id}`,
    schema: supplierSchema,
    inputs,
    queryKey: supplierQuery(supplier.id).queryKey,
    invalidate: ['suppliers', 'list'],
    onSaved: onDone,
  });
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const hasAddress = Boolean(draft.street || draft.postalCode || draft.city || draft.country);
  const errors = saving.errors.fields;

  function submit(event: FormEvent) {
    event.preventDefault();
    saving.save({
      name: draft.name,
      currency: draft.currency,
      paymentTerms: draft.paymentTerms,
      defaultLeadTimeDays: draft.defaultLeadTimeDays === '' ? undefined : Number(draft.defaultLeadTimeDays),
      address: hasAddress
        ? { street: draft.street, postalCode: draft.postalCode, city: draft.city, country: draft.country }
        : null,
      active: draft.active,
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="supplier-edit-form">
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
          label="Currency"
          name="currency"
          value={draft.currency}
          onChange={(e) => set('currency', e.currentTarget.value.toUpperCase())}
          error={errors.currency}
          maxLength={3}
        />
        <NumberInput
          label="Default lead time (days)"
          name="defaultLeadTimeDays"
          value={draft.defaultLeadTimeDays}
          onChange={(v) => set('defaultLeadTimeDays', v)}
          error={errors.defaultLeadTimeDays}
        />
        <TextInput
          label="Payment terms"
          name="paymentTerms"
          value={draft.paymentTerms}
          onChange={(e) => set('paymentTerms', e.currentTarget.value)}
          error={errors.paymentTerms}
          style={{ gridColumn: 'span 2' }}
        />
        <TextInput
          label="Street"
          name="address.street"
          value={draft.street}
          onChange={(e) => set('street', e.currentTarget.value)}
          error={errors['address.street']}
          style={{ gridColumn: 'span 2' }}
        />
        <TextInput
          label="Postal code"
          name="address.postalCode"
          value={draft.postalCode}
          onChange={(e) => set('postalCode', e.currentTarget.value)}
          error={errors['address.postalCode']}
        />
        <TextInput
          label="City"
          name="address.city"
          value={draft.city}
          onChange={(e) => set('city', e.currentTarget.value)}
          error={errors['address.city']}
        />
        <TextInput
          label="Country (ISO)"
          name="address.country"
          value={draft.country}
          onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
          error={errors['address.country']}
          maxLength={2}
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
