/**
 * Receiving goods against one purchase order line (POST /api/purchase-orders/receipts): the
 * quantity that arrived, its lot, and whether an under-delivery closes the line. The server
 * answers with the updated purchase order; its rule violations land at the field.
 */
import { Button, Checkbox, Group, NumberInput, TextInput } from '@mantine/core';
import { purchaseOrder } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatQuantity } from '../../ui/format';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { type PurchaseOrderLine, purchaseOrderQuery } from './purchase-order-api';

const inputs = ['quantity', 'lotNumber', 'closeLine'] as const;

export function ReceiptForm({
  purchaseOrderId,
  line,
  onDone,
}: {
  purchaseOrderId: string;
  line: PurchaseOrderLine;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const outstanding = Math.max(0, line.quantity - line.receivedQuantity);
  const [quantity, setQuantity] = useState<number | string>(outstanding);
  const [lotNumber, setLotNumber] = useState('');
  const [closeLine, setCloseLine] = useState(false);
  const [errors, setErrors] = useState<FormErrors<(typeof inputs)[number]>>(noFormErrors);
  const under = quantity !== '' && Number(quantity) < outstanding;
  const receive = useMutation({
    mutationFn: () =>
      api.post(
        '/api/purchase-orders/receipts',
        {
          purchaseOrderLineId: line.id,
          quantity: quantity === '' ? null : Number(quantity),
          ...(lotNumber.trim() ? { lotNumber: lotNumber.trim() } : {}),
          ...(closeLine && under ? { closeLine: true } : {}),
        },
        { schema: purchaseOrder },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (updated) => {
      queryClient.setQueryData(purchaseOrderQuery(purchaseOrderId).queryKey, updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['purchase-orders', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['sales-orders'] }),
      ]);
      onDone();
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    receive.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="receipt-form" data-line={line.lineNo}>
      <FormErrorAlert errors={errors} />
      <Group align="flex-start" gap="sm">
        <NumberInput
          size="xs"
          label="Quantity received"
          name="quantity"
          value={quantity}
          onChange={setQuantity}
          min={0}
          w={160}
          description={`${formatQuantity(outstanding)} outstanding`}
          error={errors.fields.quantity}
          data-autofocus
        />
        <TextInput
          size="xs"
          label="Lot number"
          name="lotNumber"
          placeholder="optional, e.g. the heat number"
          value={lotNumber}
          onChange={(e) => setLotNumber(e.currentTarget.value)}
          w={220}
          description="from the delivery note or certificate"
          error={errors.fields.lotNumber}
        />
        <Checkbox
          size="xs"
          mt={26}
          label="Close line: no more will come"
          name="closeLine"
          checked={closeLine}
          disabled={!under}
          onChange={(e) => setCloseLine(e.currentTarget.checked)}
          error={errors.fields.closeLine}
        />
        <Group gap="xs" mt={20}>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={receive.isPending}>
            Receive
          </Button>
        </Group>
      </Group>
    </form>
  );
}
