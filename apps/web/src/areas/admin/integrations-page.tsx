/**
 * Integrations: the webhooks that confirm the plant's work to other systems. Subscriptions with
 * their delivery counts; a new one shows its signing secret once; the delivery log of the chosen
 * one refreshes while deliveries are pending, and a delivered or failed one can be sent again.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  page,
  type WebhookDelivery,
  type WebhookSubscription,
  webhookDelivery,
  webhookSubscription,
  webhookSubscriptionWithSecret,
} from '@takt/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import { api } from '../../ui/api-client';
import { formatDateTime } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { useCan } from '../../ui/session';

const subscriptionsPage = page(webhookSubscription);
const deliveriesPage = page(webhookDelivery);
const LIMIT = 50;
const statusColor = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;

/** This month, as the export's half-open period (UTC dates). */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export function IntegrationsPage() {
  const canWrite = useCan('write', 'Integration');
  const [creating, { open, close }] = useDisclosure(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const subscriptions = useQuery({
    queryKey: ['webhooks'],
    queryFn: ({ signal }) =>
      api.get('/api/integration/webhooks', { query: { limit: LIMIT }, schema: subscriptionsPage, signal }),
    refetchInterval: 5000,
  });
  const selected = subscriptions.data?.items.find((s) => s.id === selectedId) ?? null;
  const month = thisMonth();

  return (
    <>
      <PageHeader
        title="Integrations"
        subtitle="Webhooks that confirm the plant's work to other systems, signed with HMAC-SHA256"
        actions={
          canWrite && (
            <Button size="sm" onClick={open}>
              New webhook
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Panel padding={0} title="Webhooks">
          {subscriptions.isPending ? (
            <PageLoader />
          ) : subscriptions.isError ? (
            <ErrorNotice error={subscriptions.error} onRetry={() => subscriptions.refetch()} />
          ) : (
            <Table className="takt-table" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Deliveries</Table.Th>
                  <Table.Th>Last delivered</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {subscriptions.data.items.map((s) => (
                  <Table.Tr
                    key={s.id}
                    data-testid="webhook-row"
                    onClick={() => setSelectedId(s.id)}
                    style={{ cursor: 'pointer' }}
                    bg={s.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td fw={500}>{s.name}</Table.Td>
                    <Table.Td>
                      <Text fz="sm" ff="monospace" truncate maw={320}>
                        {s.url}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {s.eventTypes.length === 0 ? (
                          <Text fz="sm" c="dimmed">
                            all
                          </Text>
                        ) : (
                          s.eventTypes.map((type) => (
                            <Badge key={type} size="sm" color="gray" tt="none">
                              {type}
                            </Badge>
                          ))
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={s.active ? 'green' : 'gray'}>
                        {s.active ? 'active' : 'inactive'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <DeliveryCounts counts={s.deliveries} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(s.deliveries.lastDeliveredAt)}</Table.Td>
                  </Table.Tr>
                ))}
                {subscriptions.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text c="dimmed" fz="sm" ta="center" py="md">
                        No webhooks yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
        {selected && <DeliveryLog subscription={selected} canWrite={canWrite} />}
        <Panel title="Pull and files">
          <Text fz="sm">
            Systems that poll read <Code>GET /api/integration/events?after=&lt;next&gt;</Code>; files of a
            period come from <Code>GET /api/integration/exports</Code> or <Code>takt export events</Code>.
            This month:{' '}
            <Anchor href={`/api/integration/exports?from=${month.from}&to=${month.to}&format=csv`}>
              CSV
            </Anchor>
            {' · '}
            <Anchor href={`/api/integration/exports?from=${month.from}&to=${month.to}&format=json`}>
              JSON
            </Anchor>
            {' · '}
            <Anchor href="/api/docs" target="_blank">
              API docs
            </Anchor>
          </Text>
        </Panel>
      </Stack>
      <Modal opened={creating} onClose={close} title="New webhook" size="lg">
        <CreateWebhookForm
          onDone={(id) => {
            if (id) setSelectedId(id);
            close();
          }}
        />
      </Modal>
    </>
  );
}

function DeliveryCounts({ counts }: { counts: WebhookSubscription['deliveries'] }) {
  return (
    <Group gap={4}>
      <Badge size="sm" color="green" variant="light">
        {counts.delivered} delivered
      </Badge>
      {counts.pending > 0 && (
        <Badge size="sm" color="yellow" variant="light">
          {counts.pending} pending
        </Badge>
      )}
      {counts.failed > 0 && (
        <Badge size="sm" color="red" variant="light">
          {counts.failed} failed
        </Badge>
      )}
    </Group>
  );
}

function DeliveryLog({ subscription, canWrite }: { subscription: WebhookSubscription; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [actionError, setActionError] = useState<string | null>(null);
  const deliveries = useQuery({
    queryKey: ['webhooks', subscription.id, 'deliveries', { offset }],
    queryFn: ({ signal }) =>
      api.get(`/api/integration/webhooks/${subscription.id}/deliveries`, {
        query: { offset, limit: LIMIT },
        schema: deliveriesPage,
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending') ? 1500 : 10_000),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  // the counts in the list follow the log: refetch them when a delivery changes status
  const statuses = deliveries.data?.items.map((d) => d.status).join() ?? '';
  useEffect(() => {
    if (statuses) void queryClient.invalidateQueries({ queryKey: ['webhooks'], exact: true });
  }, [statuses, queryClient]);
  const onError = (error: Error) => setActionError(error.message);
  const ping = useMutation({
    mutationFn: () =>
      api.post(`/api/integration/webhooks/${subscription.id}/ping`, undefined, { schema: webhookDelivery }),
    onSuccess: refresh,
    onError,
  });
  const toggle = useMutation({
    mutationFn: () =>
      api.patch(
        `/api/integration/webhooks/${subscription.id}`,
        { active: !subscription.active },
        { version: subscription.version, schema: webhookSubscription },
      ),
    onSuccess: refresh,
    onError,
  });
  const redeliver = useMutation({
    mutationFn: (delivery: WebhookDelivery) =>
      api.post(
        `/api/integration/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`,
        undefined,
        { schema: webhookDelivery },
      ),
    onSuccess: refresh,
    onError,
  });

  return (
    <Panel
      padding={0}
      testId="delivery-log"
      title={`Delivery log: ${subscription.name}`}
      actions={
        canWrite && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => toggle.mutate()} loading={toggle.isPending}>
              {subscription.active ? 'Deactivate' : 'Activate'}
            </Button>
            <Button size="xs" onClick={() => ping.mutate()} loading={ping.isPending}>
              Send test event
            </Button>
          </Group>
        )
      }
    >
      {actionError && (
        <Alert color="red" variant="light" m="sm" withCloseButton onClose={() => setActionError(null)}>
          {actionError}
        </Alert>
      )}
      <Text fz="xs" c="dimmed" px="md" pt="sm">
        Signing secret {subscription.secretHint} · the receiver checks <Code>Takt-Signature</Code> and
        deduplicates on <Code>Takt-Event-Id</Code>
      </Text>
      {deliveries.isPending ? (
        <PageLoader />
      ) : deliveries.isError ? (
        <ErrorNotice error={deliveries.error} onRetry={() => deliveries.refetch()} />
      ) : (
        <>
          <Table className="takt-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Answer</Table.Th>
                <Table.Th>Delivered / next attempt</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.items.map((d) => (
                <Table.Tr key={d.id} data-testid="delivery-row" data-status={d.status}>
                  <Table.Td>
                    <Text fz="sm" ff="monospace">
                      {d.eventType}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      #{d.eventSequence}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">
                      {d.entity} {d.entityId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={statusColor[d.status]} data-testid="delivery-status">
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text fz="sm">{d.lastStatusCode ?? '—'}</Text>
                    {d.lastError && (
                      <Text fz="xs" c="red" lineClamp={2} maw={320}>
                        {d.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {d.status === 'delivered'
                      ? formatDateTime(d.deliveredAt)
                      : d.status === 'pending'
                        ? formatDateTime(d.nextAttemptAt)
                        : 'given up'}
                  </Table.Td>
                  <Table.Td>
                    {canWrite && d.status !== 'pending' && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => redeliver.mutate(d)}
                        loading={redeliver.isPending && redeliver.variables?.id === d.id}
                      >
                        Redeliver
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {deliveries.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" fz="sm" ta="center" py="md">
                      Nothing delivered yet. Send a test event to check the receiver.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
            <ListFooter total={deliveries.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </div>
        </>
      )}
    </Panel>
  );
}

const inputs = ['name', 'url', 'eventTypes'] as const;
type Input = (typeof inputs)[number];

function CreateWebhookForm({ onDone }: { onDone: (createdId?: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors<Input>>(noFormErrors);
  const [created, setCreated] = useState<z.infer<typeof webhookSubscriptionWithSecret> | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.post(
        '/api/integration/webhooks',
        { name, url, eventTypes },
        { schema: webhookSubscriptionWithSecret },
      ),
    onSuccess: async (subscription) => {
      setCreated(subscription);
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });

  if (created)
    return (
      <Stack gap="sm" data-testid="webhook-secret">
        <Text fz="sm">
          The webhook <b>{created.name}</b> is active. Its signing secret is shown only now: store it with the
          receiver.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1 }} data-testid="webhook-secret-value">
            {created.secret}
          </Code>
          <CopyButton value={created.secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text fz="xs" c="dimmed">
          Each delivery carries <Code>Takt-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</Code>: the receiver
          computes HMAC-SHA256 of <Code>&lt;t&gt;.&lt;raw body&gt;</Code> with this secret, compares it in
          constant time, refuses an old <Code>t</Code>, and deduplicates on <Code>Takt-Event-Id</Code>.
        </Text>
        <Group justify="flex-end">
          <Button onClick={() => onDone(created.id)}>Done</Button>
        </Group>
      </Stack>
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(noFormErrors);
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="webhook-create-form">
      <Stack gap="sm">
        {errors.form && (
          <Alert color="red" variant="light">
            {errors.form}
          </Alert>
        )}
        <TextInput
          label="Name"
          name="name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.fields.name}
          data-autofocus
        />
        <TextInput
          label="URL"
          name="url"
          placeholder="https://erp.example.com/takt/webhook"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={errors.fields.url}
        />
        <TagsInput
          label="Event types"
          name="eventTypes"
          description="Empty: every event. A type (operation.reported) or a prefix (job.*); Enter after each"
          value={eventTypes}
          onChange={setEventTypes}
          error={errors.fields.eventTypes}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={() => onDone()}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
