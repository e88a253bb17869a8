/**
 * One operation at the terminal: what to make, the instructions, and big buttons for what the
 * operator does next. Only the actions the operation's status allows are offered. Each tap
 * makes one event id; the button stays busy until the server answered, and a retry after a
 * network error sends the same id, so nothing books twice. Finishing the job's last operation
 * while material is not issued asks first; material the booking backflushed short is shown.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../ui/api-client';
import { formatQuantity } from '../../ui/format';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { InspectionPanel } from './inspection-panel';
import { MaterialPanel } from './material-panel';
import { MissingMaterialDialog, missingMaterialOf } from './missing-material-dialog';
import {
  type BackflushedMaterial,
  type Booking,
  type BookingKind,
  book,
  type MissingMaterial,
  newEventId,
  type OperationDetail,
  operationQuery,
  reasonCodesQuery,
  reportStop,
} from './terminal-api';
import { operationStatusColor, operationStatusLabel, shortTime } from './terminal-format';

type Action = { kind: BookingKind; label: string; color: string };

const actionsFor = (status: OperationDetail['status']): Action[] => {
  const setup = { kind: 'setup' as const, label: 'Start setup', color: 'grape' };
  const run = { kind: 'run' as const, label: 'Start run', color: 'green' };
  const pause = { kind: 'pause' as const, label: 'Pause', color: 'orange' };
  const report = { kind: 'quantity' as const, label: 'Report quantity', color: 'blue' };
  const finish = { kind: 'finish' as const, label: 'Finish', color: 'teal' };
  switch (status) {
    case 'released':
      return [setup, run];
    case 'setup':
      return [run, pause, report, finish];
    case 'running':
      return [pause, report, finish];
    case 'paused':
      return [{ ...run, label: 'Resume run' }, { ...setup, label: 'Resume setup' }, report, finish];
    default:
      return [];
  }
};

export function OperationScreen({ operationId, onBack }: { operationId: string; onBack: () => void }) {
  const { data: op, error } = useQuery(operationQuery(operationId));
  const queryClient = useQueryClient();
  const timeZone = usePlantTimeZone();
  const [dialog, setDialog] = useState<'quantity' | 'finish' | 'stop' | null>(null);
  // the machine the operator takes the operation up on: the planned one unless they choose another
  const [machineChoice, setMachineChoice] = useState<number | null>(null);
  // a finish the server refused for material not issued, to send again once confirmed
  const [unissued, setUnissued] = useState<{ booking: Booking; missing: MissingMaterial[] } | null>(null);
  const [backflushShort, setBackflushShort] = useState<BackflushedMaterial[]>([]);
  const mutation = useMutation({
    mutationFn: (booking: Booking) => book(operationId, booking),
    // the server did not answer: send the same tap again (same event id, so it books once)
    retry: (failures, e) => failures < 2 && e instanceof ApiError && e.status === 0,
    onSuccess: (result) => {
      queryClient.setQueryData(operationQuery(operationId).queryKey, result.operation);
      void queryClient.invalidateQueries({ queryKey: ['terminal', 'dispatch'] });
      if (result.backflush.length > 0 || unissued)
        void queryClient.invalidateQueries({ queryKey: ['terminal', 'material', result.operation.jobId] });
      if (!result.replayed) setBackflushShort(result.backflush.filter((b) => b.short > 0));
      setDialog(null);
      setUnissued(null);
    },
    onError: (e, booking) => {
      const missing = missingMaterialOf(e);
      if (!missing) return;
      setDialog(null);
      setUnissued({ booking, missing });
    },
  });

  if (error)
    return (
      <Stack>
        <Alert color="red">{error.message}</Alert>
        <Button size="lg" onClick={onBack}>
          Back to the list
        </Button>
      </Stack>
    );
  if (!op) return <Loader size="xl" />;

  const choosingMachine = (op.status === 'released' || op.status === 'paused') && op.workCenterMachines > 1;
  const machineIndex = machineChoice ?? op.machineIndex ?? 0;
  const tap = (kind: BookingKind) => {
    if (kind === 'quantity' || kind === 'finish') setDialog(kind);
    else
      mutation.mutate({
        clientEventId: newEventId(),
        kind,
        ...(choosingMachine && (kind === 'setup' || kind === 'run') ? { machineIndex } : {}),
      });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Button size="lg" variant="default" onClick={onBack}>
          ← Dispatch list
        </Button>
        <Button
          size="lg"
          variant="light"
          color="red"
          onClick={() => setDialog('stop')}
          disabled={!op.machineCode}
        >
          Report a stop
        </Button>
      </Group>
      <Paper withBorder p="lg" radius="md">
        <Group justify="space-between" align="flex-start">
          <Box>
            <Title order={2} data-testid="operation-title">
              {op.number} {op.name}
            </Title>
            <Text size="xl">
              {op.jobNumber} · {op.itemNumber} {op.itemName}
            </Text>
            {op.rework && (
              <Badge size="xl" color="orange" variant="light" my={4} data-testid="rework-badge">
                rework of {op.quantity} of the job’s {op.jobQuantity} parts
              </Badge>
            )}
            <Text c="dimmed" size="lg">
              {op.workCenterCode} · {op.machineCode ?? 'any machine'} · planned{' '}
              {shortTime(op.plannedSetupStart, timeZone)} to {shortTime(op.plannedEnd, timeZone)}
            </Text>
          </Box>
          <Badge size="xl" h={40} color={operationStatusColor[op.status]} data-testid="operation-status">
            {operationStatusLabel[op.status]}
          </Badge>
        </Group>
        <SimpleGrid cols={4} mt="md">
          <Figure label="Good" value={`${op.goodQuantity} / ${op.quantity}`} testId="good-quantity" />
          <Figure label="Scrap" value={String(op.scrapQuantity)} testId="scrap-quantity" />
          <Figure
            label="Setup"
            value={`${Math.round(op.actualSetupMinutes)} of ${Math.round(op.setupMinutes)} min`}
          />
          <Figure
            label="Run"
            value={`${Math.round(op.actualRunMinutes)} of ${Math.round(op.runMinutes)} min`}
          />
        </SimpleGrid>
        {op.waitingFor.length > 0 && (
          <Alert mt="md" color="yellow">
            The previous operation {op.waitingFor.join(', ')} is not finished yet.
          </Alert>
        )}
        {op.operators.length > 0 && (
          <Text mt="md" size="lg">
            On it: {op.operators.map((o) => `${o.name} (${o.activity})`).join(', ')}
          </Text>
        )}
      </Paper>

      {choosingMachine && (
        <Group gap="md">
          <Text size="lg">Machine</Text>
          <SegmentedControl
            size="lg"
            aria-label="Machine"
            value={String(machineIndex)}
            onChange={(v) => setMachineChoice(Number(v))}
            data={Array.from({ length: op.workCenterMachines }, (_, i) => ({
              value: String(i),
              label: `${op.workCenterCode}-${i + 1}${i === op.machineIndex ? ' (planned)' : ''}`,
            }))}
          />
        </Group>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        {actionsFor(op.status).map((action) => (
          <Button
            key={`${action.kind}-${action.label}`}
            h={88}
            size="xl"
            color={action.color}
            loading={mutation.isPending && mutation.variables?.kind === action.kind}
            disabled={mutation.isPending}
            onClick={() => tap(action.kind)}
          >
            {action.label}
          </Button>
        ))}
      </SimpleGrid>
      {op.status === 'done' && (
        <Alert color="teal" title="Finished">
          This operation is done. Go back to the dispatch list for the next one.
        </Alert>
      )}
      {backflushShort.length > 0 && (
        <Alert color="orange" title="Backflush short" data-testid="backflush-short">
          Stores could not issue all the material these parts used:{' '}
          {backflushShort
            .map((b) => `${formatQuantity(b.short, b.uom)} of ${b.itemNumber} ${b.itemName}`)
            .join(', ')}{' '}
          stay short on the job. Tell the stores.
        </Alert>
      )}
      {mutation.error && !dialog && !unissued && (
        <Alert color="red" title="Not booked" data-testid="booking-error">
          {mutation.error.message}
        </Alert>
      )}

      <Paper withBorder p="lg" radius="md">
        <Title order={4}>Instructions</Title>
        <Text size="lg" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
          {op.instructions || 'No work instructions for this operation.'}
        </Text>
        {op.drawingUrl && (
          <Anchor href={op.drawingUrl} target="_blank" size="lg">
            Open the drawing
          </Anchor>
        )}
      </Paper>
      <InspectionPanel operationId={operationId} />
      <MaterialPanel jobId={op.jobId} />

      {op.bookings.length > 0 && (
        <Paper withBorder p="lg" radius="md">
          <Title order={4}>Booked</Title>
          <Table fz="md" mt="xs">
            <Table.Tbody>
              {op.bookings.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>{shortTime(b.at, timeZone)}</Table.Td>
                  <Table.Td>{b.kind}</Table.Td>
                  <Table.Td>{b.operatorName}</Table.Td>
                  <Table.Td>
                    {b.goodQuantity > 0 ? `${b.goodQuantity} good ` : ''}
                    {b.scrapQuantity > 0 ? `${b.scrapQuantity} scrap (${b.scrapReason})` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {(dialog === 'quantity' || dialog === 'finish') && (
        <QuantityDialog
          key={dialog}
          finishing={dialog === 'finish'}
          remaining={Math.max(0, op.quantity - op.goodQuantity)}
          busy={mutation.isPending}
          error={mutation.error?.message}
          onClose={() => {
            setDialog(null);
            mutation.reset();
          }}
          onBook={(quantities) =>
            mutation.mutate({
              clientEventId: newEventId(),
              kind: dialog === 'finish' ? 'finish' : 'quantity',
              ...quantities,
            })
          }
        />
      )}
      {unissued && (
        <MissingMaterialDialog
          jobNumber={op.jobNumber}
          missing={unissued.missing}
          busy={mutation.isPending}
          error={missingMaterialOf(mutation.error) ? undefined : mutation.error?.message}
          onBack={() => {
            setUnissued(null);
            mutation.reset();
          }}
          onConfirm={() =>
            mutation.mutate({
              ...unissued.booking,
              clientEventId: newEventId(),
              acknowledgeMissingMaterial: true,
            })
          }
        />
      )}
      {op.machineCode && (
        <StopDialog opened={dialog === 'stop'} machineCode={op.machineCode} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Box>
      <Text c="dimmed" size="sm" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Box>
  );
}

/** Mounted while open, so it starts from the remaining quantity each time. */
function QuantityDialog({
  finishing,
  remaining,
  busy,
  error,
  onClose,
  onBook,
}: {
  finishing: boolean;
  remaining: number;
  busy: boolean;
  error?: string;
  onClose: () => void;
  onBook: (q: { goodQuantity?: number; scrapQuantity?: number; scrapReasonId?: string }) => void;
}) {
  const reasons = useQuery(reasonCodesQuery('scrap'));
  const [good, setGood] = useState<number>(finishing ? remaining : 0);
  const [scrap, setScrap] = useState<number>(0);
  const [reasonId, setReasonId] = useState<string>();
  const [touched, setTouched] = useState(false);
  const missingReason = scrap > 0 && !reasonId;
  const nothing = !finishing && good === 0 && scrap === 0;
  const submit = () => {
    setTouched(true);
    if (missingReason || nothing) return;
    onBook({
      goodQuantity: good || undefined,
      scrapQuantity: scrap || undefined,
      scrapReasonId: scrap > 0 ? reasonId : undefined,
    });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text size="xl" fw={700}>
          {finishing ? 'Finish the operation' : 'Report quantity'}
        </Text>
      }
    >
      <Stack gap="md">
        <Group grow>
          <Stepper label="Good" value={good} onChange={setGood} />
          <Stepper label="Scrap" value={scrap} onChange={setScrap} />
        </Group>
        {scrap > 0 && (
          <Stack gap="xs">
            <Text fw={600} size="lg">
              Why scrapped?
            </Text>
            <Group gap="sm">
              {(reasons.data ?? []).map((r) => (
                <Button
                  key={r.id}
                  size="lg"
                  variant={reasonId === r.id ? 'filled' : 'default'}
                  color="red"
                  onClick={() => setReasonId(r.id)}
                >
                  {r.name}
                </Button>
              ))}
            </Group>
            {touched && missingReason && <Text c="red">Choose a scrap reason.</Text>}
          </Stack>
        )}
        {touched && nothing && <Text c="red">Enter a good or a scrap quantity.</Text>}
        {error && <Alert color="red">{error}</Alert>}
        <Group grow>
          <Button size="xl" h={72} variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button size="xl" h={72} color={finishing ? 'teal' : 'blue'} loading={busy} onClick={submit}>
            {finishing ? 'Finish' : 'Book'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Stepper({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
}) {
  return (
    <Stack gap={4}>
      <Text fw={600} size="lg">
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Button
          size="xl"
          h={64}
          variant="default"
          onClick={() => onChange(Math.max(0, value - 1))}
          aria-label={`${label} minus one`}
          fz={30}
        >
          −
        </Button>
        <NumberInput
          aria-label={label}
          size="xl"
          min={0}
          value={value}
          onChange={(v) => onChange(typeof v === 'number' ? v : Number(v) || 0)}
          hideControls
          styles={{ input: { textAlign: 'center', height: 64 } }}
        />
        <Button
          size="xl"
          h={64}
          variant="default"
          onClick={() => onChange(value + 1)}
          aria-label={`${label} plus one`}
          fz={30}
        >
          +
        </Button>
      </Group>
    </Stack>
  );
}

function StopDialog({
  opened,
  machineCode,
  onClose,
}: {
  opened: boolean;
  machineCode: string;
  onClose: () => void;
}) {
  const reasons = useQuery(reasonCodesQuery('stop'));
  const queryClient = useQueryClient();
  const report = useMutation({
    mutationFn: (reasonId: string) => reportStop(machineCode, reasonId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['terminal', 'stops'] });
      onClose();
    },
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        <Text size="xl" fw={700}>
          {machineCode} stopped: why?
        </Text>
      }
    >
      <Stack>
        <SimpleGrid cols={2} spacing="sm">
          {(reasons.data ?? []).map((r) => (
            <Button
              key={r.id}
              size="lg"
              h={64}
              variant="default"
              loading={report.isPending && report.variables === r.id}
              onClick={() => report.mutate(r.id)}
            >
              {r.name}
            </Button>
          ))}
        </SimpleGrid>
        {report.error && <Alert color="red">{report.error.message}</Alert>}
      </Stack>
    </Modal>
  );
}
