/**
 * Turns a configuration into a document: a customer, their reference, and 'Create quote'
 * (POST /api/quotes) or 'Create order' (POST /api/sales-orders, a draft) with the configured
 * line at the configurator's unit price. Both stay disabled, saying why, until the
 * configuration is valid and its evaluation is current. The server checks the configuration
 * again; what it refuses comes back next to the option it names
 * (`lines.0.configuration.<option>`), via `onOptionErrors`.
 */
import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import {
  type Customer,
  type Quote,
  quote as quoteSchema,
  type SalesOrder,
  salesOrder,
} from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { useCan } from '../../ui/session';
import { CustomerSelect } from '../sales/customer-select';
import type { ConfigurationState } from './use-configuration';

type Target = 'quote' | 'order';
type Created = { target: 'quote'; doc: Quote } | { target: 'order'; doc: SalesOrder };

export function ConfiguredLineActions({
  itemId,
  state,
  requestedDate,
  onOptionErrors,
}: {
  itemId: string;
  state: ConfigurationState;
  requestedDate: string;
  onOptionErrors: (errors: Partial<Record<string, string>>) => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mayQuote = useCan('write', 'Quote');
  const mayOrder = useCan('write', 'SalesOrder');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const codes = state.model.options.map((o) => o.code);
  const inputs = [
    'customerId',
    'customerReference',
    'lines',
    'lines.0',
    'lines.0.quantity',
    'lines.0.requestedDate',
    'lines.0.unitPrice',
    'lines.0.configuration',
    ...codes.map((c) => `lines.0.configuration.${c}`),
  ];

  const create = useMutation({
    mutationFn: async ({ target, body }: { target: Target; body: unknown }): Promise<Created> =>
      target === 'quote'
        ? { target, doc: await api.post('/api/quotes', body, { schema: quoteSchema }) }
        : { target, doc: await api.post('/api/sales-orders', body, { schema: salesOrder }) },
    onMutate: () => {
      setErrors(noFormErrors);
      onOptionErrors({});
    },
    onSuccess: async (created) => {
      const { id } = created.doc;
      if (created.target === 'quote') {
        queryClient.setQueryData(['quotes', id], created.doc);
        await queryClient.invalidateQueries({ queryKey: ['quotes', 'list'] });
        await navigate({ to: '/quotes/$quoteId', params: { quoteId: id } });
      } else {
        queryClient.setQueryData(['sales-orders', id], created.doc);
        await queryClient.invalidateQueries({ queryKey: ['sales-orders', 'list'] });
        await navigate({ to: '/sales-orders/$orderId', params: { orderId: id } });
      }
    },
    onError: (error) => {
      const found = formErrorsFrom(error, inputs);
      const byOption: Partial<Record<string, string>> = {};
      const rest: Record<string, string> = {};
      for (const [field, message] of Object.entries(found.fields)) {
        if (!message) continue;
        const code = field.startsWith('lines.0.configuration.')
          ? field.slice('lines.0.configuration.'.length)
          : null;
        if (code) byOption[code] = message;
        else rest[field] = message;
      }
      onOptionErrors(byOption);
      // a complaint about the line as a whole (quantity, date, price) has no input here: show it above
      const lineProblems = Object.entries(rest)
        .filter(([f]) => f !== 'customerId' && f !== 'customerReference')
        .map(([, m]) => m);
      setErrors({
        ...found,
        fields: rest,
        form: [found.form, ...lineProblems].filter(Boolean).join('; ') || undefined,
      });
    },
  });

  const { result, stale, evaluated } = state;
  const currencyMismatch = !!customer && !!result && customer.currency !== result.price.currency;
  const blocked = !result
    ? 'Waiting for the configuration to be checked'
    : stale || !evaluated
      ? 'Checking the latest change…'
      : !result.valid
        ? 'The configuration breaks a rule: fix it before quoting'
        : !/^\d{4}-\d{2}-\d{2}$/.test(requestedDate)
          ? 'Choose a requested date'
          : !customer
            ? 'Choose the customer'
            : currencyMismatch
              ? `The configurator prices in ${result.price.currency}; ${customer.number} buys in ${customer.currency}`
              : null;

  function submit(target: Target) {
    if (blocked || !result || !evaluated || !customer) return;
    const ref = reference.trim();
    create.mutate({
      target,
      body: {
        customerId: customer.id,
        ...(ref ? { customerReference: ref } : {}),
        lines: [
          {
            itemId,
            quantity: evaluated.quantity,
            requestedDate,
            unitPrice: result.price.unitPrice,
            configuration: result.values,
          },
        ],
      },
    });
  }

  return (
    <Stack gap="sm" data-testid="configured-line-actions">
      <FormErrorAlert errors={errors} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <CustomerSelect value={customer} onChange={setCustomer} error={errors.fields.customerId} />
        <TextInput
          label="Customer reference"
          name="customerReference"
          placeholder="their enquiry or order number"
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={errors.fields.customerReference}
        />
      </SimpleGrid>
      <Group justify="space-between" align="center" wrap="wrap" gap="xs">
        <Text
          fz="xs"
          c={blocked ? 'dimmed' : 'green.8'}
          data-testid="create-blocked"
          data-blocked={blocked ? 'true' : undefined}
        >
          {blocked ?? 'Ready: the line goes out at the configured unit price.'}
        </Text>
        <Group gap="xs">
          {mayOrder && (
            <Button
              variant="default"
              disabled={!!blocked || create.isPending}
              loading={create.isPending && create.variables?.target === 'order'}
              onClick={() => submit('order')}
            >
              Create order
            </Button>
          )}
          {mayQuote && (
            <Button
              disabled={!!blocked || create.isPending}
              loading={create.isPending && create.variables?.target === 'quote'}
              onClick={() => submit('quote')}
            >
              Create quote
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
