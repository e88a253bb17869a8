/**
 * A new sales order: customer, their reference, and lines. Each line shows the date the plan
 * can promise while it is filled in; saving creates a draft (POST /api/sales-orders) and the
 * server's rule violations come back next to the field they name, e.g. `lines.0.requestedDate`.
 */
import { Box, Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { type Customer, salesOrder } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { PageHeader } from '../../ui/page-header';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { CustomerSelect } from './customer-select';
import { blankLine, type LineDraft, lineBodies, lineInputs, OrderLinesEditor } from './order-lines-editor';

export function SalesOrderCreatePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = usePlantTimeZone();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [reference, setReference] = useState('');
  const [lines, setLines] = useState<LineDraft[]>(() => [blankLine()]);
  const inputs = ['customerId', 'customerReference', ...lineInputs(lines.length)];
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const create = useMutation({
    mutationFn: (body: unknown) => api.post('/api/sales-orders', body, { schema: salesOrder }),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (created) => {
      queryClient.setQueryData(['sales-orders', created.id], created);
      await queryClient.invalidateQueries({ queryKey: ['sales-orders', 'list'] });
      await navigate({ to: '/sales-orders/$orderId', params: { orderId: created.id } });
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  const currency = customer?.currency ?? 'EUR';

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      customerId: customer?.id ?? '',
      ...(reference.trim() ? { customerReference: reference.trim() } : {}),
      lines: lineBodies(lines),
    });
  }

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/sales-orders" fz="xs" c="dimmed">
            Sales orders
          </AnchorLink>
        }
        title="New sales order"
        subtitle="Each line shows the date the plan can promise as you fill it in; nothing is planned until the order is confirmed"
      />
      <form onSubmit={submit} noValidate data-testid="sales-order-form">
        <FormErrorAlert errors={errors} />
        <Panel title="Order">
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
            <CustomerSelect value={customer} onChange={setCustomer} error={errors.fields.customerId} />
            <TextInput
              label="Customer reference"
              name="customerReference"
              placeholder="their purchase order number"
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors.fields.customerReference}
            />
            <TextInput
              label="Currency and terms"
              readOnly
              variant="filled"
              tabIndex={-1}
              value={customer ? `${customer.currency} · ${customer.paymentTerms}` : ''}
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
          <Button variant="default" onClick={() => navigate({ to: '/sales-orders' })}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Save draft
          </Button>
        </Group>
      </form>
    </>
  );
}
