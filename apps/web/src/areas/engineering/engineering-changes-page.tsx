/** Engineering change orders: the list, and the request of a new one on a draft revision. */
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { engineeringChange } from '@takt/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api } from '../../ui/api-client';
import { formatDate } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { bomsQuery } from './catalog-api';
import { ecoListQuery, ecoStatusColors } from './eco-api';
import { type ItemChoice, ItemSelect } from './item-select';

export function EngineeringChangesPage() {
  const list = useQuery(ecoListQuery({ offset: 0, limit: 100 }));
  const canRequest = useCan('write', 'EngineeringChange');
  const [requesting, setRequesting] = useState(false);
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader
        title="Engineering changes"
        actions={
          canRequest && (
            <Button size="sm" onClick={() => setRequesting(true)}>
              Request a change
            </Button>
          )
        }
      />
      {requesting && <RequestModal onClose={() => setRequesting(false)} />}
      <Panel padding={0}>
        <Table fz="sm" data-testid="eco-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Requested by</Table.Th>
              <Table.Th>Revision</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/engineering-changes/$ecoId" params={{ ecoId: c.id }} className="takt-mono">
                    {c.number}
                  </AnchorLink>
                </Table.Td>
                <Table.Td className="takt-mono">{c.itemNumber}</Table.Td>
                <Table.Td>{c.title}</Table.Td>
                <Table.Td>{c.requestedBy}</Table.Td>
                <Table.Td>
                  {c.baseBom?.revision ?? '—'} → {c.proposedBom.revision}
                </Table.Td>
                <Table.Td>
                  <Badge color={ecoStatusColors[c.status]}>{c.status}</Badge>
                </Table.Td>
                <Table.Td>{formatDate(c.createdAt.slice(0, 10))}</Table.Td>
              </Table.Tr>
            ))}
            {list.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" fz="sm" p="sm">
                    No engineering changes yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Panel>
    </>
  );
}

/** A change proposes a draft revision of the item (prepared on the item's BOM tab). */
function RequestModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<ItemChoice | null>(null);
  const itemId = picked?.id ?? null;
  const [bomId, setBomId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [requestedBy, setRequestedBy] = useState<'internal' | 'customer'>('internal');
  const [lineId, setLineId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const revisions = useQuery({ ...bomsQuery(itemId ?? ''), enabled: !!itemId });
  const drafts = (revisions.data ?? []).filter((b) => b.status === 'draft');
  const submit = async () => {
    setError(null);
    try {
      const created = await api.post(
        '/api/engineering-changes',
        {
          itemId,
          proposedBomId: bomId,
          title,
          reason,
          requestedBy,
          ...(requestedBy === 'customer' ? { salesOrderLineId: lineId } : {}),
        },
        { schema: engineeringChange },
      );
      await queryClient.invalidateQueries({ queryKey: ['engineering-changes'] });
      navigate({ to: '/engineering-changes/$ecoId', params: { ecoId: created.id } });
    } catch (e) {
      setError(
        e instanceof ApiError
          ? [e.message, ...e.problem.errors.map((x) => `${x.field}: ${x.message}`)].join(' · ')
          : String(e),
      );
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Request an engineering change</Text>} size={640}>
      <Stack gap="sm">
        {error && (
          <Text c="red" fz="sm" role="alert">
            {error}
          </Text>
        )}
        <ItemSelect
          label="Item"
          name="itemId"
          value={picked}
          onChange={(choice) => {
            setPicked(choice);
            setBomId(null);
          }}
        />
        <Select
          label="Proposed revision (a draft of the item's BOM)"
          data={drafts.map((b) => ({
            value: b.id,
            label: `${b.revision} · draft · ${b.lines.length} lines`,
          }))}
          value={bomId}
          onChange={setBomId}
          disabled={!itemId}
          placeholder={itemId && drafts.length === 0 ? 'no draft: prepare one on the item page' : undefined}
        />
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Select
          label="Requested by"
          allowDeselect={false}
          data={[
            { value: 'internal', label: 'Internal' },
            { value: 'customer', label: 'Customer (priced before approval)' },
          ]}
          value={requestedBy}
          onChange={(v) => setRequestedBy((v as 'internal' | 'customer') ?? 'internal')}
        />
        {requestedBy === 'customer' && (
          <TextInput
            label="Customer's order line id"
            value={lineId}
            onChange={(e) => setLineId(e.currentTarget.value)}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!itemId || !bomId || !title || !reason}>
            Request
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
