/**
 * A quote being written or revised: customer, their reference, how long the offer holds, and
 * the lines with the live promise and preliminary cost of each. A new quote is POST
 * /api/quotes; a revision is POST /api/quotes/:id/revise (its lines replace all lines, the
 * revised quote is superseded). Either way the page moves on to the quote the server made.
 */
import { Box, Button, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import { type Customer, quote as quoteSchema } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { todayIn } from '../../ui/zoned-time';
import { CustomerSelect } from './customer-select';
import { blankLine, type LineDraft, lineBodies, lineInputs, OrderLinesEditor } from './order-lines-editor';
import { type Quote, quoteLabel } from './quote-api';

export type QuoteFormMode = { kind: 'create' } | { kind: 'revise'; quote: Quote; lines: LineDraft[] };

export function QuoteForm({ mode }: { mode: QuoteFormMode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = usePlantTimeZone();
  const today = todayIn(timeZone);
  const revised = mode.kind === 'revise' ? mode.quote : null;
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [reference, setReference] = useState(revised?.customerReference ?? '');
  const [validUntil, setValidUntil] = useState(revised?.validUntil ?? '');
  const [lines, setLines] = useState<LineDraft[]>(() =>
    mode.kind === 'revise' ? mode.lines : [blankLine()],
  );
  const inputs = ['customerId', 'customerReference', 'validUntil', ...lineInputs(lines.length)];
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      revised
        ? api.post(
            `/api/quotes/${revised.id}/revise`,
            { ...body, version: revised.version },
            { schema: quoteSchema },
          )
        : api.post('/api/quotes', body, { schema: quoteSchema }),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['quotes', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['quotes', 'list'] });
      if (revised) await queryClient.invalidateQueries({ queryKey: ['quotes', revised.id] });
      await navigate({ to: '/quotes/$quoteId', params: { quoteId: saved.id } });
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  const currency = revised?.currency ?? customer?.currency ?? 'EUR';

  function submit(event: FormEvent) {
    event.preventDefault();
    const ref = reference.trim();
    if (revised)
      save.mutate({
        lines: lineBodies(lines),
        // an unchanged date is not sent: the server would refuse a lapsed one as past
        ...(validUntil && validUntil !== revised.validUntil ? { validUntil } : {}),
        ...(ref !== (revised.customerReference ?? '') ? { customerReference: ref } : {}),
      });
    else
      save.mutate({
        customerId: customer?.id ?? '',
        ...(ref ? { customerReference: ref } : {}),
        ...(validUntil ? { validUntil } : {}),
        lines: lineBodies(lines),
      });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="quote-form">
      <FormErrorAlert
        errors={errors}
        onReload={
          revised ? () => navigate({ to: '/quotes/$quoteId', params: { quoteId: revised.id } }) : undefined
        }
      />
      <Panel title={revised ? `Revision ${revised.revision + 1} of ${revised.number}` : 'Quote'}>
        <SimpleGrid cols={{ base: 1, md: 4 }} spacing="sm">
          {revised ? (
            <TextInput
              label="Customer"
              readOnly
              variant="filled"
              tabIndex={-1}
              value={revised.customerName}
            />
          ) : (
            <CustomerSelect value={customer} onChange={setCustomer} error={errors.fields.customerId} />
          )}
          <TextInput
            label="Customer reference"
            name="customerReference"
            placeholder="their request for quotation"
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={errors.fields.customerReference}
          />
          <TextInput
            label="Valid until"
            name="validUntil"
            type="date"
            min={today}
            value={validUntil}
            onChange={(e) => setValidUntil(e.currentTarget.value)}
            description={validUntil ? undefined : '30 days from today when left empty'}
            error={errors.fields.validUntil}
          />
          <TextInput
            label="Currency and terms"
            readOnly
            variant="filled"
            tabIndex={-1}
            value={
              revised ? revised.currency : customer ? `${customer.currency} · ${customer.paymentTerms}` : ''
            }
            placeholder="from the customer"
          />
        </SimpleGrid>
      </Panel>
      <Box mt="md">
        <Panel title="Lines" padding={0}>
          <OrderLinesEditor
            lines={lines}
            onLines={setLines}
            errors={errors}
            onErrors={setErrors}
            currency={currency}
            timeZone={timeZone}
          />
        </Panel>
      </Box>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button
          variant="default"
          onClick={() =>
            revised
              ? navigate({ to: '/quotes/$quoteId', params: { quoteId: revised.id } })
              : navigate({ to: '/quotes' })
          }
        >
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {revised ? `Save revision ${revised.revision + 1}` : 'Save quote'}
        </Button>
      </Group>
      {revised && (
        <Text mt={4} ta="right" fz="xs" c="dimmed">
          Saving makes {quoteLabel({ number: revised.number, revision: revised.revision + 1 })} a draft and
          supersedes {quoteLabel(revised)}.
        </Text>
      )}
    </form>
  );
}
