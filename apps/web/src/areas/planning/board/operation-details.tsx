/**
 * The selected operation beside the board: its job, order, item and times, with links, and its
 * pin (re-plans keep a pinned operation's machine and start): who pinned it, and Pin / Unpin for
 * a planner.
 */
import { Alert, Badge, Button, CloseButton, Divider, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { BoardOperation } from '@takt/contracts';
import { ApiError } from '../../../ui/api-client';
import { Fact } from '../../../ui/fact';
import { formatDateTime, formatMinutes, formatQuantity } from '../../../ui/format';
import { AnchorLink } from '../../../ui/router-links';
import { PeggingLink } from '../insight/pegging-link';
import { statusColors } from './board-model';

export function OperationDetails({
  op,
  machine,
  workCenter,
  timeZone,
  onClose,
  pinning,
}: {
  op: BoardOperation;
  machine: string;
  workCenter: string;
  timeZone: string;
  onClose(): void;
  /** a planner may pin or unpin it (planned or released work) */
  pinning: { onPin(pinned: boolean): void; pending: boolean; error: unknown } | null;
}) {
  const hours = (Date.parse(op.plannedEnd) - Date.parse(op.plannedSetupStart)) / 3_600_000;
  return (
    <Stack gap="sm" data-testid="operation-details" data-operation-id={op.id} data-job-number={op.jobNumber}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
            Operation {op.operationNumber}
          </Text>
          <Text fw={600} fz="md" lh={1.3}>
            {op.name}
          </Text>
        </div>
        <CloseButton aria-label="Close details" onClick={onClose} />
      </Group>
      <Group gap={6}>
        <Badge size="sm" color="gray" variant="light" style={{ color: statusColors[op.status] }}>
          {op.status}
        </Badge>
        {op.late && (
          <Badge
            size="sm"
            color="red"
            variant="filled"
            title="the job is planned to finish after its due date"
          >
            late
          </Badge>
        )}
        <Badge size="sm" variant="outline" color="dark" className="takt-mono">
          {machine}
        </Badge>
        {op.pinnedAt && (
          <Badge size="sm" color="dark" variant="filled" data-testid="details-pinned">
            pinned
          </Badge>
        )}
      </Group>
      {(op.pinnedAt || pinning) && (
        <Group gap="xs" justify="space-between" wrap="nowrap" data-testid="details-pin">
          <Text fz="xs" c="dimmed">
            {op.pinnedAt
              ? `Pinned by ${op.pinnedBy ?? 'a planner'}, ${formatDateTime(op.pinnedAt, timeZone)}: re-plans keep its machine and start.`
              : 'Not pinned: a re-plan may move it.'}
          </Text>
          {pinning && (
            <Button
              size="compact-xs"
              variant={op.pinnedAt ? 'default' : 'light'}
              loading={pinning.pending}
              onClick={() => pinning.onPin(!op.pinnedAt)}
              data-testid={op.pinnedAt ? 'details-unpin' : 'details-pin-here'}
              style={{ flex: 'none' }}
            >
              {op.pinnedAt ? 'Unpin' : 'Pin here'}
            </Button>
          )}
        </Group>
      )}
      {pinning?.error != null && (
        <Alert color="red" variant="light" p="xs">
          <Text fz="xs">
            {pinning.error instanceof ApiError ? pinning.error.message : String(pinning.error)}
          </Text>
        </Alert>
      )}
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Fact label="Job" testId="details-job">
          <AnchorLink to="/jobs/$jobId" params={{ jobId: op.jobId }} className="takt-mono" fw={500}>
            {op.jobNumber}
          </AnchorLink>
        </Fact>
        <Fact label="Order" testId="details-order">
          {op.salesOrderId && op.orderNumber ? (
            <AnchorLink
              to="/sales-orders/$orderId"
              params={{ orderId: op.salesOrderId }}
              className="takt-mono"
              fw={500}
            >
              {op.orderNumber}
              {op.orderLineNo !== null ? `/${op.orderLineNo}` : ''}
            </AnchorLink>
          ) : (
            <Text span c="dimmed" fz="sm">
              stock
            </Text>
          )}
        </Fact>
      </SimpleGrid>
      {op.customerName && <Fact label="Customer">{op.customerName}</Fact>}
      <PeggingLink jobId={op.jobId} label="Pegging: the orders this job serves" />
      <Fact label="Item">
        <AnchorLink to="/items/$itemId" params={{ itemId: op.itemId }} className="takt-mono" fz="sm">
          {op.itemNumber}
        </AnchorLink>{' '}
        <Text span fz="sm" c="dimmed">
          {op.itemName} × {formatQuantity(op.quantity)}
        </Text>
      </Fact>
      <Divider />
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Fact label="Setup start">{formatDateTime(op.plannedSetupStart, timeZone)}</Fact>
        <Fact label="Start">{formatDateTime(op.plannedStart, timeZone)}</Fact>
        <Fact label="End">{formatDateTime(op.plannedEnd, timeZone)}</Fact>
        <Fact label="Job due">{formatDateTime(op.jobDue, timeZone)}</Fact>
        <Fact label="Setup">{formatMinutes(op.setupMinutes)}</Fact>
        <Fact label="On the machine">
          {hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`}
        </Fact>
        <Fact label="Work center">{workCenter}</Fact>
        <Fact label="Family">{op.family ?? '—'}</Fact>
      </SimpleGrid>
      <Text fz={11} c="dimmed">
        Times in {timeZone}.
      </Text>
    </Stack>
  );
}
