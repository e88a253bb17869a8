/**
 * The inspection of an operation at the terminal: each characteristic of the plan with its
 * limits and a large number field; "Record" books the measured part (one event id per tap, so a
 * retry after a network error records once) and each value shows pass in green or fail in red.
 * A failure opens nothing by itself: the panel offers to report a non-conformance, with the
 * failed values as its description. A non-conformance can be reported on any operation.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../ui/api-client';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { frequencyText, limitsText } from '../quality/inspection-format';
import {
  type Characteristic,
  type InspectionResult,
  nonConformanceStatusColors,
  operationInspectionQuery,
  recordInspection,
  reportNonConformance,
} from '../quality/quality-api';
import { newEventId } from './terminal-api';
import { shortTime } from './terminal-format';

type Values = Record<string, number | undefined>;

export function InspectionPanel({ operationId }: { operationId: string }) {
  const inspection = useQuery(operationInspectionQuery(operationId));
  const queryClient = useQueryClient();
  const timeZone = usePlantTimeZone();
  const [values, setValues] = useState<Values>({});
  const [failed, setFailed] = useState<InspectionResult[]>([]);
  const [reporting, setReporting] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: operationInspectionQuery(operationId).queryKey });
  const record = useMutation({
    mutationFn: (body: Parameters<typeof recordInspection>[1]) => recordInspection(operationId, body),
    // the server did not answer: send the same event id again
    retry: (failures, e) => failures < 2 && e instanceof ApiError && e.status === 0,
    onSuccess: async (outcome) => {
      setValues({});
      setFailed(outcome.failed);
      await refresh();
    },
  });

  if (!inspection.data) return null;
  const { characteristics, results, nonConformances } = inspection.data;
  const latest = new Map<string, InspectionResult>();
  for (const r of results) if (!latest.has(r.characteristicId)) latest.set(r.characteristicId, r);
  const entered = characteristics.filter((c) => values[c.id] !== undefined);

  return (
    <Paper withBorder p="lg" radius="md" data-testid="inspection-panel">
      <Group justify="space-between" align="flex-start">
        <Box>
          <Title order={4}>Inspection</Title>
          <Text c="dimmed" size="lg">
            {characteristics.length > 0
              ? 'Measure one part, enter the values, record.'
              : 'No inspection plan for this operation.'}
          </Text>
        </Box>
        <Button
          size="lg"
          h={64}
          color="red"
          variant={failed.length > 0 ? 'filled' : 'light'}
          onClick={() => setReporting(true)}
        >
          Report a non-conformance
        </Button>
      </Group>

      {characteristics.length > 0 && (
        <Stack gap="sm" mt="md">
          {characteristics.map((c) => (
            <CharacteristicRow
              key={c.id}
              characteristic={c}
              value={values[c.id]}
              last={latest.get(c.id)}
              onChange={(v) => setValues((all) => ({ ...all, [c.id]: v }))}
            />
          ))}
          <Button
            size="xl"
            h={72}
            disabled={entered.length === 0}
            loading={record.isPending}
            onClick={() =>
              record.mutate({
                clientEventId: newEventId(),
                results: entered.map((c) => ({ characteristicId: c.id, value: values[c.id] as number })),
              })
            }
          >
            Record measurements
          </Button>
        </Stack>
      )}
      {record.error && (
        <Alert mt="md" color="red" title="Not recorded">
          {record.error.message}
        </Alert>
      )}
      {failed.length > 0 && (
        <Alert mt="md" color="red" title="Out of tolerance" data-testid="inspection-failed">
          <Text size="lg">{failed.map((r) => `${r.characteristicName}: ${r.value}`).join(' · ')}</Text>
          <Text size="md" mt={4}>
            Set the part aside and report a non-conformance.
          </Text>
        </Alert>
      )}

      {nonConformances.length > 0 && (
        <Stack gap={4} mt="md">
          <Text fw={600} size="lg">
            Non-conformances
          </Text>
          {nonConformances.map((n) => (
            <Group key={n.id} gap="sm" data-testid="operation-ncr">
              <Text size="lg" ff="monospace">
                {n.number}
              </Text>
              <Text size="lg">
                {n.quantity} pcs · {n.description}
              </Text>
              <Badge size="lg" color={nonConformanceStatusColors[n.status]}>
                {n.status}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}

      {results.length > 0 && (
        <Table fz="md" mt="md">
          <Table.Tbody>
            {results.slice(0, 12).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{shortTime(r.at, timeZone)}</Table.Td>
                <Table.Td>{r.characteristicName}</Table.Td>
                <Table.Td>{r.value}</Table.Td>
                <Table.Td>
                  <Badge color={r.pass ? 'green' : 'red'}>{r.pass ? 'pass' : 'fail'}</Badge>
                </Table.Td>
                <Table.Td c="dimmed">{r.operatorName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {reporting && (
        <ReportDialog
          operationId={operationId}
          description={failed
            .map((r) => {
              const c = characteristics.find((x) => x.id === r.characteristicId);
              return `${r.characteristicName} ${r.value}${c?.unit ? ` ${c.unit}` : ''} outside ${c ? limitsText(c) : 'its limits'}`;
            })
            .join('; ')}
          onClose={() => setReporting(false)}
          onReported={async () => {
            setReporting(false);
            setFailed([]);
            await refresh();
          }}
        />
      )}
    </Paper>
  );
}

function CharacteristicRow({
  characteristic: c,
  value,
  last,
  onChange,
}: {
  characteristic: Characteristic;
  value: number | undefined;
  last: InspectionResult | undefined;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="md"
      p="sm"
      data-testid="characteristic"
      style={{ borderRadius: 8, background: 'var(--mantine-color-gray-0)' }}
    >
      <Box miw={0} style={{ flex: 1 }}>
        <Text size="xl" fw={700}>
          {c.name}
        </Text>
        <Text size="lg" c="dimmed">
          {limitsText(c)}
          {c.nominal !== null ? ` · nominal ${c.nominal}` : ''} · {frequencyText(c.frequency)}
        </Text>
      </Box>
      <NumberInput
        aria-label={c.name}
        size="xl"
        w={220}
        hideControls
        decimalScale={6}
        inputMode="decimal"
        rightSection={c.unit ? <Text c="dimmed">{c.unit}</Text> : undefined}
        rightSectionWidth={c.unit ? 64 : undefined}
        value={value ?? ''}
        onChange={(v) => onChange(typeof v === 'number' ? v : v === '' || v === '-' ? undefined : Number(v))}
        styles={{ input: { height: 64, fontSize: 26 } }}
      />
      <Box w={170}>
        {last ? (
          <Box
            py={6}
            px="sm"
            ta="center"
            data-testid="characteristic-result"
            data-pass={last.pass}
            style={{
              borderRadius: 8,
              background: `var(--mantine-color-${last.pass ? 'green' : 'red'}-${last.pass ? 1 : 6})`,
              color: last.pass ? 'var(--mantine-color-green-9)' : 'white',
            }}
          >
            <Text fw={800} size="lg" tt="uppercase" lh={1.2}>
              {last.pass ? 'Pass' : 'Fail'}
            </Text>
            <Text size="md" fw={600} lh={1.2}>
              {last.value}
              {c.unit ? ` ${c.unit}` : ''}
            </Text>
          </Box>
        ) : (
          <Text c="dimmed" size="lg" ta="center">
            not measured
          </Text>
        )}
      </Box>
    </Group>
  );
}

function ReportDialog({
  operationId,
  description: suggested,
  onClose,
  onReported,
}: {
  operationId: string;
  description: string;
  onClose: () => void;
  onReported: () => void;
}) {
  const [quantity, setQuantity] = useState(1);
  const [description, setDescription] = useState(suggested);
  const report = useMutation({
    mutationFn: () =>
      reportNonConformance({ jobOperationId: operationId, quantity, description: description.trim() }),
    onSuccess: onReported,
  });
  const fieldError = (field: string) =>
    report.error instanceof ApiError
      ? report.error.problem.errors.find((e) => e.field === field)?.message
      : undefined;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title="Report a non-conformance"
      styles={{ title: { fontSize: 'var(--mantine-h3-font-size)', fontWeight: 700 } }}
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Text fw={600} size="lg">
            Parts
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xl"
              h={64}
              variant="default"
              fz={30}
              aria-label="Parts minus one"
              onClick={() => setQuantity((q) => Math.max(1, q - 1))}
            >
              −
            </Button>
            <NumberInput
              aria-label="Parts"
              size="xl"
              min={1}
              hideControls
              value={quantity}
              onChange={(v) => setQuantity(typeof v === 'number' ? v : Number(v) || 1)}
              error={fieldError('quantity')}
              styles={{ input: { textAlign: 'center', height: 64 } }}
            />
            <Button
              size="xl"
              h={64}
              variant="default"
              fz={30}
              aria-label="Parts plus one"
              onClick={() => setQuantity((q) => q + 1)}
            >
              +
            </Button>
          </Group>
        </Stack>
        <Textarea
          label="What is wrong"
          size="xl"
          autosize
          minRows={3}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError('description')}
        />
        {report.error && !fieldError('quantity') && !fieldError('description') && (
          <Alert color="red">{report.error.message}</Alert>
        )}
        <Group grow>
          <Button size="xl" h={72} variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            size="xl"
            h={72}
            color="red"
            loading={report.isPending}
            disabled={description.trim() === ''}
            onClick={() => report.mutate()}
          >
            Report
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
