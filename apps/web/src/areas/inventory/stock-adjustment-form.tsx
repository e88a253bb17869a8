/**
 * Corrects stock (POST /api/stock/adjustments): a signed quantity at one location and lot, with
 * the reason. The server's refusals (not that much on hand, no reason) show at their field.
 */
import { Button, Group, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { stockPosting } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type ItemChoice, ItemSelect } from '../engineering/item-select';
import { stockLocationsQuery } from './inventory-api';

const inputs = ['itemId', 'locationId', 'lotId', 'quantity', 'note'] as const;
type Input = (typeof inputs)[number];

export interface AdjustmentTarget {
  item: ItemChoice;
  locationId: string;
  lotId: string | null;
  lotNumber: string | null;
}

export function StockAdjustmentForm({
  target,
  onDone,
}: {
  /** the stock line being corrected; absent: the user picks item and location */
  target?: AdjustmentTarget;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const locations = useQuery(stockLocationsQuery);
  const [item, setItem] = useState<ItemChoice | null>(target?.item ?? null);
  const [locationId, setLocationId] = useState<string | null>(target?.locationId ?? null);
  const [quantity, setQuantity] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors<Input>>(noFormErrors);
  const lotId =
    target && target.item.id === item?.id && target.locationId === locationId ? target.lotId : null;
  const adjust = useMutation({
    mutationFn: () =>
      api.post(
        '/api/stock/adjustments',
        {
          itemId: item?.id,
          locationId: locationId ?? undefined,
          lotId,
          quantity: quantity === '' ? undefined : Number(quantity),
          note,
        },
        { schema: stockPosting },
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['stock'] });
      onDone();
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(noFormErrors);
    adjust.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="stock-adjustment-form">
      <FormErrorAlert errors={errors} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        <div>
          <ItemSelect
            label="Item"
            name="itemId"
            value={item}
            onChange={setItem}
            error={errors.fields.itemId}
          />
        </div>
        <Select
          size="xs"
          label="Location"
          name="locationId"
          data={(locations.data ?? [])
            .filter((l) => l.active)
            .map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
          value={locationId}
          onChange={setLocationId}
          allowDeselect={false}
          error={errors.fields.locationId}
        />
        <TextInput
          size="xs"
          label="Lot"
          name="lotId"
          value={lotId ? (target?.lotNumber ?? '') : 'without lot'}
          readOnly
          error={errors.fields.lotId}
        />
        <NumberInput
          size="xs"
          label={`Quantity (+ found, − missing)${item ? `, ${item.uom}` : ''}`}
          name="quantity"
          value={quantity}
          onChange={setQuantity}
          allowNegative
          error={errors.fields.quantity}
        />
        <TextInput
          size="xs"
          label="Reason"
          name="note"
          placeholder="cycle count, damaged, found"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.fields.note}
          style={{ gridColumn: 'span 2' }}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" size="xs" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="xs" loading={adjust.isPending}>
          Book adjustment
        </Button>
      </Group>
    </form>
  );
}
