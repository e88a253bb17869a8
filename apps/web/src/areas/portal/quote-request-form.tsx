/**
 * Asking for a quote of one product: the date wanted and the customer's own reference, the
 * delivery the plan could promise shown live as they change (`promise-preview.tsx`), then
 * 'Ask for a quote' (POST /api/portal/quote-requests, with an Idempotency-Key so a double click
 * asks once). The answer comes at once: the request's number and the delivery the plan can
 * promise, indicative (P50/P90) until sales sends the quote with its price. What the server
 * refuses comes back next to the field it names; an option of the configuration via
 * `onOptionErrors`.
 */
import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate } from '../../ui/format';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { addDays, todayIn } from '../../ui/zoned-time';
import type { Configuration } from '../configurator/configurator-api';
import { IndicativePromise } from './indicative-promise';
import { type PortalQuote, requestQuote } from './portal-api';
import { usePortalTimeZone } from './portal-time-zone';
import { PromisePreview } from './promise-preview';

/** A wanted date a few weeks out, so the first promise means something. */
const DEFAULT_LEAD_DAYS = 28;
const inputs = ['customerReference', 'lines.0.requestedDate', 'lines.0.quantity', 'lines.0.itemId'];
const OPTION = 'lines.0.configuration.';

export function QuoteRequestForm({
  itemId,
  quantity,
  configuration,
  blocked,
  onOptionErrors,
}: {
  itemId: string;
  quantity: number | '';
  /** the evaluated option values of a configurable item */
  configuration?: Configuration;
  /** why the request cannot go out yet (the configuration is being checked, breaks a rule, …) */
  blocked?: string | null;
  onOptionErrors?: (errors: Partial<Record<string, string>>) => void;
}) {
  const timeZone = usePortalTimeZone();
  const today = todayIn(timeZone);
  const queryClient = useQueryClient();
  const mayAsk = useCan('write', 'Portal');
  const [requestedDate, setRequestedDate] = useState(() => addDays(today, DEFAULT_LEAD_DAYS));
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [answer, setAnswer] = useState<PortalQuote | null>(null);

  const ask = useMutation({
    mutationFn: () => {
      const ref = reference.trim();
      return requestQuote(
        {
          ...(ref ? { customerReference: ref } : {}),
          lines: [
            {
              itemId,
              quantity: typeof quantity === 'number' ? quantity : 0,
              requestedDate,
              ...(configuration ? { configuration } : {}),
            },
          ],
        },
        key,
      );
    },
    onMutate: () => {
      setErrors(noFormErrors);
      onOptionErrors?.({});
    },
    onSuccess: async (quote) => {
      setAnswer(quote);
      setKey(crypto.randomUUID());
      await queryClient.invalidateQueries({ queryKey: ['portal'] });
    },
    onError: (error) => {
      const codes = Object.keys(configuration ?? {});
      const found = formErrorsFrom(error, [
        ...inputs,
        'lines.0.configuration',
        ...codes.map((c) => `${OPTION}${c}`),
      ]);
      const byOption: Partial<Record<string, string>> = {};
      const fields: Partial<Record<string, string>> = {};
      const above: string[] = [];
      for (const [field, message] of Object.entries(found.fields)) {
        if (!message) continue;
        if (field.startsWith(OPTION)) byOption[field.slice(OPTION.length)] = message;
        else if (field === 'lines.0.configuration') above.push(message);
        else fields[field] = message;
      }
      onOptionErrors?.(byOption);
      setErrors({ ...found, fields, form: [found.form, ...above].filter(Boolean).join('; ') || undefined });
    },
  });

  const noQuantity = !(typeof quantity === 'number' && quantity > 0);
  const noDate = !/^\d{4}-\d{2}-\d{2}$/.test(requestedDate);
  const incomplete = noQuantity
    ? 'Enter how many you need to see the delivery our plan can promise.'
    : noDate
      ? 'Choose the date you want it to see the delivery our plan can promise.'
      : null;
  const previewWaitingFor = blocked
    ? 'The delivery shows once the configuration is checked and valid.'
    : incomplete;
  const preview =
    previewWaitingFor || typeof quantity !== 'number'
      ? null
      : { itemId, quantity, requestedDate, ...(configuration ? { configuration } : {}) };

  const why = !mayAsk
    ? 'Only a customer’s own users ask for quotes here; staff quote on the sales pages.'
    : (blocked ?? (noQuantity ? 'Enter how many you need' : noDate ? 'Choose the date you want it' : null));

  if (answer) return <RequestAnswer quote={answer} timeZone={timeZone} onAnother={() => setAnswer(null)} />;
  return (
    <Stack gap="sm" data-testid="quote-request-form">
      <FormErrorAlert errors={errors} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Wanted by"
          name="requestedDate"
          type="date"
          min={today}
          value={requestedDate}
          onChange={(e) => setRequestedDate(e.currentTarget.value)}
          description="the date you want it delivered"
          error={errors.fields['lines.0.requestedDate']}
        />
        <TextInput
          label="Your reference"
          name="customerReference"
          placeholder="your enquiry number (optional)"
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          description="we quote it back to you"
          error={errors.fields.customerReference}
        />
      </SimpleGrid>
      <PromisePreview request={preview} waitingFor={previewWaitingFor} timeZone={timeZone} />
      {(errors.fields['lines.0.quantity'] || errors.fields['lines.0.itemId']) && (
        <Text fz="sm" c="red.7" role="alert">
          {[errors.fields['lines.0.quantity'], errors.fields['lines.0.itemId']].filter(Boolean).join('; ')}
        </Text>
      )}
      <Group justify="space-between" align="center" wrap="wrap" gap="xs">
        <Text
          fz="xs"
          c="dimmed"
          data-testid="request-blocked"
          data-blocked={why ? 'true' : undefined}
          maw={360}
        >
          {why ?? 'We reply with a quote; the delivery we can promise shows at once.'}
        </Text>
        <Button
          disabled={!!why || ask.isPending}
          loading={ask.isPending}
          onClick={() => ask.mutate()}
          data-testid="ask-for-quote"
        >
          Ask for a quote
        </Button>
      </Group>
    </Stack>
  );
}

function RequestAnswer({
  quote: q,
  timeZone,
  onAnother,
}: {
  quote: PortalQuote;
  timeZone: string;
  onAnother: () => void;
}) {
  const [line] = q.lines;
  return (
    <Alert color="green" variant="light" data-testid="quote-requested" data-number={q.number}>
      <Stack gap="xs">
        <Text fz="sm" fw={600}>
          Sent to our sales team as{' '}
          <span className="takt-mono" data-testid="requested-number">
            {q.number}
          </span>
          {q.customerReference ? ` (your reference ${q.customerReference})` : ''}.
        </Text>
        {line && (
          <Group gap="xl" align="flex-start" wrap="wrap">
            <div>
              <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
                Delivery, indicative
              </Text>
              <IndicativePromise promise={line.promise} timeZone={timeZone} />
            </div>
            <div>
              <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
                We can offer
              </Text>
              <Text fz="sm" fw={600} data-testid="requested-promised-date">
                {formatDate(line.promisedDate)}
              </Text>
              <Text fz="xs" c="dimmed">
                you asked for {formatDate(line.requestedDate)}
              </Text>
            </div>
          </Group>
        )}
        <Text fz="xs" c="dimmed">
          The date is what our plan can do today; the quote we send confirms it with the price.
        </Text>
        <Group gap="md">
          <AnchorLink to="/portal/quotes" fz="sm" data-testid="to-my-quotes">
            See it in My quotes
          </AnchorLink>
          <Button size="xs" variant="subtle" onClick={onAnother}>
            Ask again
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
