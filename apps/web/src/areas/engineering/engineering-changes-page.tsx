/** Engineering change orders: the list, and the request of a new one on a draft revision. */
import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { engineeringChange } from '@takt/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { bomsQuery } from './catalog-api';
import { ecoListQuery, ecoStatusColors } from './eco-api';
import { type ChangeRow, changesOfRows, LineChangesTable, lineChangeInputs } from './eco-line-changes';
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

/**
 * A change proposes a draft revision of the item (prepared on the item's BOM tab), or line
 * changes to its released revision, made into a draft by the server.
 */
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
  const [mode, setMode] = useState<'draft' | 'lines'>('draft');
  const [rows, setRows] = useState<ChangeRow[]>([]);
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const revisions = useQuery({ ...bomsQuery(itemId ?? ''), enabled: !!itemId });
  const drafts = (revisions.data ?? []).filter((b) => b.status === 'draft');
  const released = (revisions.data ?? []).find((b) => b.status === 'released');
  const submit = async () => {
    setErrors(noFormErrors);
    try {
      const created = await api.post(
        '/api/engineering-changes',
        {
          itemId,
          ...(mode === 'draft' ? { proposedBomId: bomId } : { lineChanges: changesOfRows(rows) }),
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
      setErrors(
        formErrorsFrom(e, [
          'itemId',
          'proposedBomId',
          'title',
          'reason',
          'salesOrderLineId',
          ...lineChangeInputs(rows.length),
        ]),
      );
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>Request an engineering change</Text>}
      size={mode === 'lines' ? 900 : 640}
    >
      <Stack gap="sm">
        <FormErrorAlert errors={errors} />
        <ItemSelect
          label="Item"
          name="itemId"
          value={picked}
          onChange={(choice) => {
            setPicked(choice);
            setBomId(null);
            setRows([]);
          }}
          error={errors.fields.itemId}
        />
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'draft' | 'lines')}
          data={[
            { value: 'draft', label: 'Propose a prepared draft' },
            { value: 'lines', label: 'Change lines of the released revision' },
          ]}
        />
        {mode === 'lines' ? (
          itemId ? (
            <LineChangesTable rows={rows} onRows={setRows} base={released?.lines ?? []} errors={errors} />
          ) : null
        ) : (
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
            error={errors.fields.proposedBomId}
          />
        )}
        <TextInput
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.fields.title}
        />
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          error={errors.fields.reason}
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
            error={errors.fields.salesOrderLineId}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            disabled={!itemId || (mode === 'draft' ? !bomId : rows.length === 0) || !title || !reason}
          >
            Request
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
