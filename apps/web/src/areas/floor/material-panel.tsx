/**
 * The job's material at the terminal: what its BOM needs and what was issued, and issuing by
 * scanning a lot or an item label. Each issue carries an Idempotency-Key made once per submit,
 * so a retry after a lost answer issues once. Backflush material is issued by the bookings
 * themselves: it is marked so, and what stores could not give shows as short.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { jobMaterial, materialIssueResult } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { formatQuantity } from '../../ui/format';
import { newEventId } from './terminal-api';

export function MaterialPanel({ jobId }: { jobId: string }) {
  const queryKey = ['terminal', 'material', jobId];
  const material = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.get(`/api/jobs/${jobId}/material`, { schema: jobMaterial, signal }),
  });
  const queryClient = useQueryClient();
  const [scan, setScan] = useState('');
  const [quantity, setQuantity] = useState<number>(1);
  const issue = useMutation({
    mutationFn: (body: { scan: string; quantity: number; key: string }) =>
      api.post(
        `/api/jobs/${jobId}/material-issues`,
        { scan: body.scan, quantity: body.quantity },
        { schema: materialIssueResult, idempotencyKey: body.key },
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, { jobNumber: result.jobNumber, lines: result.lines });
      setScan('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scan.trim() && quantity > 0) issue.mutate({ scan: scan.trim(), quantity, key: newEventId() });
  };
  const lines = material.data?.lines ?? [];
  if (material.data && lines.length === 0) return null;
  return (
    <Paper withBorder p="lg" radius="md" data-testid="job-material">
      <Title order={4}>Material</Title>
      <Table fz="md" mt="xs">
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.itemId}>
              <Table.Td>
                {l.itemNumber} {l.itemName}
              </Table.Td>
              <Table.Td>
                {formatQuantity(l.issued)} of {formatQuantity(l.required, l.uom)}
              </Table.Td>
              <Table.Td>
                {l.issueMethod === 'backflush' ? (
                  <Group gap={6}>
                    <Badge color="gray" variant="light">
                      backflush
                    </Badge>
                    {l.backflushShort > 0 && (
                      <Badge color="red" data-testid="backflush-short-badge">
                        backflush short {formatQuantity(l.backflushShort, l.uom)}
                      </Badge>
                    )}
                  </Group>
                ) : l.issued + 1e-9 >= l.required ? (
                  <Badge color="teal">issued</Badge>
                ) : (
                  <Badge color="orange">to issue</Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit}>
        <Group mt="md" align="flex-end">
          <TextInput
            aria-label="Scan material"
            size="lg"
            placeholder="scan a lot or item label"
            value={scan}
            onChange={(e) => setScan(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <NumberInput
            aria-label="Quantity to issue"
            size="lg"
            min={0}
            w={140}
            value={quantity}
            onChange={(v) => setQuantity(Number(v) || 0)}
          />
          <Button size="lg" type="submit" loading={issue.isPending}>
            Issue
          </Button>
        </Group>
      </form>
      {issue.data && !issue.isPending && (
        <Text c="teal" mt="xs">
          Issued {issue.data.issued.quantity} of {issue.data.issued.label}.
        </Text>
      )}
      {issue.error && (
        <Alert color="red" mt="xs">
          {issue.error.message}
        </Alert>
      )}
    </Paper>
  );
}
