/**
 * A new project for a quote line or an order line of an engineer-to-order item: empty (tasks are
 * added on its page), or started from a similar past project, whose tasks, approval time and
 * payment shares it copies (POST /api/projects/from-past), its hours optionally corrected by the
 * measured estimate accuracy. The server judges the line (an ETO item, open, not taken): its
 * refusal shows at the line.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { SimilarProject } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { useCan } from '../../ui/session';
import { quoteLabel, quoteListQuery, quoteOpen, quoteQuery } from '../sales/quote-api';
import { salesOrderListQuery, salesOrderQuery } from '../sales/sales-order-api';
import { DesignAccuracy } from './design-accuracy';
import { estimateAccuracyQuery, projectSchema, similarToItemQuery } from './projects-api';

type Source = 'quote' | 'order';
const inputs = ['name', 'quoteLineId', 'salesOrderLineId', 'itemId', 'approvalDays'] as const;
type Input = (typeof inputs)[number];
const CLOSED_ORDERS = new Set(['cancelled', 'shipped', 'invoiced']);

export function NewProjectModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canReadOrders = useCan('read', 'SalesOrder');
  const [source, setSource] = useState<Source>('quote');
  const [documentId, setDocumentId] = useState<string | null>(null);
  const [lineId, setLineId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [approvalDays, setApprovalDays] = useState<number | string>(10);
  const [correct, setCorrect] = useState(true);
  const [errors, setErrors] = useState<FormErrors<Input>>(noFormErrors);

  // the open quotes: drafts and those sent, newest first
  const drafts = useQuery({
    ...quoteListQuery({ status: 'draft', offset: 0, limit: 100 }),
    enabled: source === 'quote',
  });
  const sent = useQuery({
    ...quoteListQuery({ status: 'sent', offset: 0, limit: 100 }),
    enabled: source === 'quote',
  });
  const orders = useQuery({
    ...salesOrderListQuery({ offset: 0, limit: 100 }),
    enabled: source === 'order' && canReadOrders,
  });
  const quote = useQuery({ ...quoteQuery(documentId ?? ''), enabled: source === 'quote' && !!documentId });
  const order = useQuery({
    ...salesOrderQuery(documentId ?? ''),
    enabled: source === 'order' && !!documentId,
  });
  const documents =
    source === 'quote'
      ? [...(drafts.data?.items ?? []), ...(sent.data?.items ?? [])]
          .filter((q) => quoteOpen(q.status))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map((q) => ({ value: q.id, label: `${quoteLabel(q)} · ${q.customerName} · ${q.status}` }))
      : (orders.data?.items ?? [])
          .filter((o) => !CLOSED_ORDERS.has(o.status))
          .map((o) => ({ value: o.id, label: `${o.number} · ${o.customerName} · ${o.status}` }));
  const lines = (source === 'quote' ? quote.data?.lines : order.data?.lines) ?? [];
  const line = lines.find((l) => l.id === lineId);
  const similar = useQuery({ ...similarToItemQuery(line?.itemId ?? ''), enabled: !!line });
  const accuracy = useQuery(estimateAccuracyQuery());
  const corrections = (accuracy.data?.rows ?? []).filter(
    (r) => r.category.startsWith('engineering:') && r.ratio !== null,
  );

  const lineField = source === 'quote' ? 'quoteLineId' : 'salesOrderLineId';
  const create = useMutation({
    mutationFn: (from: SimilarProject | null) =>
      from
        ? api.post(
            '/api/projects/from-past',
            { sourceProjectId: from.projectId, name, [lineField]: lineId, correctByAccuracy: correct },
            { schema: projectSchema },
          )
        : api.post(
            '/api/projects',
            { name, [lineField]: lineId, approvalDays: Number(approvalDays) },
            { schema: projectSchema },
          ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      onClose();
      navigate({ to: '/projects/$projectId', params: { projectId: created.id } });
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });
  const lineError = errors.fields[lineField] ?? errors.fields.itemId;
  const ready = !!lineId && name.trim() !== '';

  return (
    <Modal opened onClose={onClose} title="New project" size={860}>
      <Stack gap="sm" data-testid="new-project-form">
        <FormErrorAlert errors={errors} />
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            size="xs"
            value={source}
            onChange={(v) => {
              setSource(v as Source);
              setDocumentId(null);
              setLineId(null);
            }}
            data={[
              { value: 'quote', label: 'From a quote' },
              ...(canReadOrders ? [{ value: 'order', label: 'From a sales order' }] : []),
            ]}
          />
        </Group>
        <SimpleGrid cols={2} spacing="sm">
          <Select
            label={source === 'quote' ? 'Quote (draft or sent)' : 'Sales order'}
            name="document"
            searchable
            data={documents}
            value={documentId}
            onChange={(v) => {
              setDocumentId(v);
              setLineId(null);
            }}
            nothingFoundMessage="No open one matches"
          />
          <Select
            label="Line (an engineer-to-order item)"
            name={lineField}
            data={lines.map((l) => ({ value: l.id, label: `${l.lineNo} · ${l.itemNumber} · ${l.itemName}` }))}
            value={lineId}
            disabled={!documentId}
            onChange={(v) => {
              setLineId(v);
              const chosen = lines.find((l) => l.id === v);
              if (chosen && !name.trim()) setName(chosen.itemName.replace(/\s*\(special machine\)\s*$/i, ''));
            }}
            error={lineError}
          />
          <TextInput
            label="Project name"
            name="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.fields.name}
          />
          <NumberInput
            label="Customer approval (calendar days)"
            name="approvalDays"
            value={approvalDays}
            onChange={setApprovalDays}
            min={0}
            max={365}
            allowDecimal={false}
            error={errors.fields.approvalDays}
          />
        </SimpleGrid>

        {line && (
          <Stack gap={6} data-testid="new-project-similar">
            <Group justify="space-between">
              <Text fz="sm" fw={600}>
                Start from a similar past project
              </Text>
              <Checkbox
                size="xs"
                checked={correct}
                onChange={(e) => setCorrect(e.currentTarget.checked)}
                label={
                  corrections.length
                    ? `Correct the hours by the measured accuracy (${corrections
                        .map((r) => `${r.label.split(' ')[0]} ×${r.ratio?.toFixed(2)}`)
                        .join(', ')})`
                    : 'Correct the hours by the measured accuracy (none measured yet)'
                }
              />
            </Group>
            {similar.isPending ? (
              <Text fz="sm" c="dimmed">
                Looking for past projects like {line.itemNumber}…
              </Text>
            ) : !similar.data?.length ? (
              <Text fz="sm" c="dimmed">
                No past project is like {line.itemNumber} (by item family, attributes or BOM).
              </Text>
            ) : (
              <Table className="takt-table" withTableBorder>
                <Table.Tbody>
                  {similar.data.map((s) => (
                    <Table.Tr key={s.projectId} data-testid="similar-project" data-number={s.projectNumber}>
                      <Table.Td>
                        <Text fz="sm">
                          <span className="takt-mono">{s.projectNumber}</span> {s.name}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {s.customerName} · {s.status} · {s.reasons.join(' · ')}
                        </Text>
                      </Table.Td>
                      <Table.Td w={250}>
                        <Text fz="xs">{s.engineeringHours} h of design estimated</Text>
                        <DesignAccuracy accuracy={s.engineeringAccuracy} />
                      </Table.Td>
                      <Table.Td w={80}>
                        <Badge miw="max-content" variant="light" color={s.score >= 0.6 ? 'green' : 'gray'}>
                          {Math.round(s.score * 100)} %
                        </Badge>
                      </Table.Td>
                      <Table.Td w={130}>
                        <Button
                          size="compact-xs"
                          variant="light"
                          disabled={!ready}
                          loading={create.isPending && create.variables?.projectId === s.projectId}
                          onClick={() => create.mutate(s)}
                        >
                          Start from this
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Text fz="xs" c="dimmed">
              Starting from a past project copies its engineering tasks (hours, work centers, order), approval
              time, description and payment shares; phases and milestones are the standard ones, dated on the
              new project.
            </Text>
          </Stack>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!ready}
            loading={create.isPending && create.variables === null}
            onClick={() => create.mutate(null)}
          >
            Create empty project
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
