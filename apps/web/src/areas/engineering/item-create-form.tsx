/** Creates an item (POST /api/items) with the few fields it needs; the rest keep their defaults. */
import { Alert, Button, Group, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { item as itemSchema } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import {
  type Item,
  type ItemKind,
  itemKindLabels,
  itemKinds,
  type Strategy,
  strategies,
  strategyLabels,
} from './catalog-api';

const inputs = ['number', 'name', 'kind', 'strategy', 'uom', 'standardCost'] as const;
type Input = (typeof inputs)[number];

export function ItemCreateForm({
  onCreated,
  onCancel,
}: {
  onCreated: (item: Item) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ItemKind>('make');
  const [strategy, setStrategy] = useState<Strategy>('MTO');
  const [uom, setUom] = useState('pcs');
  const [cost, setCost] = useState<number | string>('');
  const [errors, setErrors] = useState<FormErrors<Input>>(noFormErrors);
  const create = useMutation({
    mutationFn: () =>
      api.post(
        '/api/items',
        {
          number,
          name,
          kind,
          strategy,
          uom,
          standardCost: { amount: Math.round(Number(cost || 0) * 100), currency: 'EUR' },
        },
        { schema: itemSchema },
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['items', 'list'] });
      onCreated(created);
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(noFormErrors);
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="item-create-form">
      {errors.form && (
        <Alert color="red" variant="light" mb="sm" role="alert">
          {errors.form}
        </Alert>
      )}
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
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
        <Select
          label="Kind"
          name="kind"
          data={itemKinds.map((k) => ({ value: k, label: itemKindLabels[k] }))}
          value={kind}
          onChange={(v) => v && setKind(v as ItemKind)}
          allowDeselect={false}
          error={errors.fields.kind}
        />
        <Select
          label="Strategy"
          name="strategy"
          data={strategies.map((k) => ({ value: k, label: strategyLabels[k] }))}
          value={strategy}
          onChange={(v) => v && setStrategy(v as Strategy)}
          allowDeselect={false}
          error={errors.fields.strategy}
        />
        <TextInput
          label="Unit"
          name="uom"
          value={uom}
          onChange={(e) => setUom(e.currentTarget.value)}
          error={errors.fields.uom}
        />
        <NumberInput
          label="Standard cost (EUR)"
          name="standardCost"
          value={cost}
          onChange={setCost}
          decimalScale={2}
          error={errors.fields.standardCost}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending}>
          Create item
        </Button>
      </Group>
    </form>
  );
}
