/**
 * The supplier confirms a date for a purchase order line (POST …/lines/:lineId/supplier-date):
 * the date, or taking a confirmation back. The server writes it and re-plans in one
 * transaction; the answer (the order lines it hits, their P90 before and after) goes to the page.
 */
import { Button, Group, TextInput } from '@mantine/core';
import { type SupplierDateResult, supplierDateResult } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatPlantDate } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type PurchaseOrder, type PurchaseOrderLine, purchaseOrderQuery } from './purchase-order-api';

const inputs = ['confirmedDate'] as const;

/** A plant-local day (YYYY-MM-DD) of an instant. */
const localDay = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(iso));

export function SupplierDateForm({
  po,
  line,
  timeZone,
  onDone,
}: {
  po: PurchaseOrder;
  line: PurchaseOrderLine;
  timeZone: string;
  onDone: (result: SupplierDateResult | null) => void;
}) {
  const queryClient = useQueryClient();
  const [date, setDate] = useState(localDay(line.confirmedAt ?? line.dueAt, timeZone));
  const [errors, setErrors] = useState<FormErrors<(typeof inputs)[number]>>(noFormErrors);
  const save = useMutation({
    mutationFn: (confirmedDate: string | null) =>
      api.post(
        `/api/purchase-orders/${po.id}/lines/${line.id}/supplier-date`,
        { confirmedDate, version: po.version },
        { schema: supplierDateResult },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (result) => {
      queryClient.setQueryData(purchaseOrderQuery(po.id).queryKey, result.purchaseOrder);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['purchase-orders', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['sales-orders'] }),
        queryClient.invalidateQueries({ queryKey: ['planning'] }),
      ]);
      onDone(result);
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(date || null);
  }
  return (
    <form onSubmit={submit} noValidate data-testid="supplier-date-form" data-line={line.lineNo}>
      <FormErrorAlert errors={errors} />
      <Group align="flex-start" gap="sm">
        <TextInput
          size="xs"
          type="date"
          label="Date the supplier confirms"
          name="confirmedDate"
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          w={190}
          description={`due ${formatPlantDate(line.dueAt, timeZone)}; a later date re-plans what waits for it`}
          error={errors.fields.confirmedDate}
          data-autofocus
        />
        <Group gap="xs" mt={20}>
          <Button size="xs" variant="default" onClick={() => onDone(null)}>
            Cancel
          </Button>
          {line.confirmedAt && (
            <Button size="xs" variant="light" onClick={() => save.mutate(null)} loading={save.isPending}>
              Take back
            </Button>
          )}
          <Button size="xs" type="submit" loading={save.isPending} disabled={!date}>
            Confirm date and re-plan
          </Button>
        </Group>
      </Group>
    </form>
  );
}
