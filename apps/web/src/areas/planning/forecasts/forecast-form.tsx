/**
 * A forecast's fields: the item (a new forecast only), the period and the quantity, a note. The
 * server plans its supply in the same request; its rule violations land at the field (an MTO
 * item, an MTO component of an ATO item, an ended or overlapping period).
 */
import { Button, Group, Input, NumberInput, TextInput } from '@mantine/core';
import type { Forecast, ForecastChange } from '@takt/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormErrorAlert } from '../../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../../ui/problem-form-errors';
import { type ItemChoice, ItemSelect } from '../../engineering/item-select';
import { createForecast, updateForecast } from './forecasts-api';

const inputs = ['itemId', 'periodStart', 'periodEnd', 'quantity', 'note'] as const;

/** The first and last day of next month: a forecast period to start from. */
function nextMonth(): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export function ForecastForm({
  forecast,
  onDone,
  onCancel,
}: {
  /** the forecast to change; none for a new one */
  forecast?: Forecast;
  onDone: (change: ForecastChange) => void;
  onCancel: () => void;
}) {
  const month = nextMonth();
  const [item, setItem] = useState<ItemChoice | null>(null);
  const [periodStart, setPeriodStart] = useState(forecast?.periodStart ?? month.start);
  const [periodEnd, setPeriodEnd] = useState(forecast?.periodEnd ?? month.end);
  const [quantity, setQuantity] = useState<number | string>(forecast?.quantity ?? '');
  const [note, setNote] = useState(forecast?.note ?? '');
  const [errors, setErrors] = useState<FormErrors<(typeof inputs)[number]>>(noFormErrors);
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        periodStart,
        periodEnd,
        quantity: quantity === '' ? Number.NaN : Number(quantity),
        note: note.trim(),
      };
      return forecast
        ? updateForecast(forecast.id, { ...fields, version: forecast.version })
        : createForecast({ ...fields, itemId: item?.id ?? '' });
    },
    onMutate: () => setErrors(noFormErrors),
    onSuccess: onDone,
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate data-testid="forecast-form">
      <FormErrorAlert errors={errors} />
      <Group align="flex-start" gap="sm">
        {!forecast && (
          <Input.Wrapper size="xs" label="Item (ATO or MTS)" w={300}>
            <ItemSelect
              name="itemId"
              label="Item"
              value={item}
              onChange={setItem}
              error={errors.fields.itemId}
            />
          </Input.Wrapper>
        )}
        <TextInput
          size="xs"
          type="date"
          label="From"
          name="periodStart"
          value={periodStart}
          onChange={(e) => setPeriodStart(e.currentTarget.value)}
          error={errors.fields.periodStart}
          w={150}
        />
        <TextInput
          size="xs"
          type="date"
          label="To"
          name="periodEnd"
          value={periodEnd}
          onChange={(e) => setPeriodEnd(e.currentTarget.value)}
          error={errors.fields.periodEnd}
          w={150}
        />
        <NumberInput
          size="xs"
          label="Quantity"
          name="quantity"
          min={0}
          value={quantity}
          onChange={setQuantity}
          error={errors.fields.quantity}
          w={120}
        />
        <TextInput
          size="xs"
          label="Note"
          placeholder="optional"
          name="note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.fields.note}
          w={180}
        />
        <Group gap="xs" mt={20}>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={save.isPending}>
            {forecast ? 'Save and re-plan' : 'Add and plan'}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
