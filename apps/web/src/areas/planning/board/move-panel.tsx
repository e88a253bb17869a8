/**
 * Beside the board while a dragged operation's move is previewed: where it goes (on another work
 * center: how long it runs there), which order lines' planned completion and P90 change (late
 * ones red), which other operations move, and Apply / Discard. Nothing is written before Apply;
 * Apply pins the operation where it goes.
 */
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Divider,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import type { MovePreview } from '@takt/contracts';
import { ApiError } from '../../../ui/api-client';
import { formatMinutes } from '../../../ui/format';
import { formatPlantTime, type PlantClock } from './plant-clock';

export interface PendingMove {
  operationId: string;
  jobNumber: string;
  operationNumber: string;
  workCenterId: string;
  machineIndex: number;
  machineCode: string;
  setupStartMs: number;
  endMs: number;
}

/** "+2 h 30 min", "−1 d 4 h": how far something moves. */
export function formatShift(minutes: number): string {
  if (minutes === 0) return '±0';
  const sign = minutes > 0 ? '+' : '−';
  let m = Math.abs(Math.round(minutes));
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', m && !d ? `${m} min` : ''].filter(Boolean);
  return `${sign}${parts.join(' ') || '0 min'}`;
}

export function MovePanel({
  move,
  preview,
  error,
  previewing,
  applying,
  clock,
  onApply,
  onDiscard,
  onRetry,
}: {
  move: PendingMove;
  preview: MovePreview | undefined;
  error: unknown;
  previewing: boolean;
  applying: boolean;
  clock: PlantClock;
  onApply(): void;
  onDiscard(): void;
  onRetry(): void;
}) {
  const t = (iso: string) => formatPlantTime(clock, Date.parse(iso));
  const at = preview ? Date.parse(preview.operation.after.setupStart) : move.setupStartMs;
  const machine = preview ? preview.operation.after.machineCode : move.machineCode;
  const problem = error instanceof ApiError ? error : null;
  const stale = problem?.status === 409;
  return (
    <Stack gap="sm" data-testid="move-panel" data-operation-id={move.operationId}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
            Move preview · nothing written yet
          </Text>
          <Text fw={600} fz="md" lh={1.3} data-testid="move-title">
            Move {move.jobNumber} {move.operationNumber} to {machine}, {formatPlantTime(clock, at)}
          </Text>
        </div>
        <CloseButton aria-label="Discard the move" onClick={onDiscard} />
      </Group>
      {previewing && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text fz="sm" c="dimmed">
            Re-planning around the move…
          </Text>
        </Group>
      )}
      {error != null && (
        <Alert color={stale ? 'orange' : 'red'} variant="light" p="xs" data-testid="move-error">
          <Text fz="sm">{problem ? problem.message : String(error)}</Text>
          {stale && (
            <Button size="compact-xs" variant="light" mt={6} onClick={onRetry}>
              Preview again
            </Button>
          )}
        </Alert>
      )}
      {preview && !previewing && (
        <>
          {preview.placement === 'later' && (
            <Text fz="xs" c="orange.8" data-testid="move-placement">
              Placed at the earliest feasible time after the one asked for: {preview.placementReason}
            </Text>
          )}
          <Text fz="xs" c="dimmed">
            {t(preview.operation.before.setupStart)} on {preview.operation.before.machineCode} →{' '}
            {t(preview.operation.after.setupStart)} on {preview.operation.after.machineCode}, ends{' '}
            {t(preview.operation.after.end)} ({formatShift(preview.operation.shiftMinutes)})
          </Text>
          {preview.workCenterChange && (
            <Text fz="xs" data-testid="move-work-center">
              On {preview.workCenterChange.toCode}
              {preview.workCenterChange.speedFactor === 1
                ? ', its routing’s own work center'
                : `, an alternative at ×${preview.workCenterChange.speedFactor} speed`}
              : runs <b>{formatMinutes(preview.workCenterChange.runMinutesAfter)}</b> instead of{' '}
              {formatMinutes(preview.workCenterChange.runMinutesBefore)} on{' '}
              {preview.workCenterChange.fromCode} (setup not included)
            </Text>
          )}
          <Divider label={`Orders (${preview.lines.length})`} labelPosition="left" />
          {preview.lines.length === 0 ? (
            <Text fz="sm" c="dimmed">
              No order’s planned completion changes.
            </Text>
          ) : (
            <Stack gap={6} data-testid="move-lines">
              {preview.lines.map((l) => (
                <div
                  key={l.lineId}
                  data-testid="move-line"
                  data-order-number={l.orderNumber}
                  data-late={l.lateAfter}
                  style={{
                    borderLeft: `3px solid ${l.lateAfter ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-4)'}`,
                    paddingLeft: 8,
                  }}
                >
                  <Group gap={6} justify="space-between" wrap="nowrap">
                    <Text fz="sm" fw={600} className="takt-mono">
                      {l.orderNumber}/{l.lineNo}
                    </Text>
                    {l.lateAfter ? (
                      <Badge size="xs" color="red" variant={l.lateBefore ? 'light' : 'filled'}>
                        {l.lateBefore ? 'still late' : 'becomes late'}
                      </Badge>
                    ) : l.lateBefore ? (
                      <Badge size="xs" color="green" variant="light">
                        on time again
                      </Badge>
                    ) : null}
                  </Group>
                  <Text fz={11} c="dimmed" truncate>
                    {l.customerName ?? ''}
                    {l.promisedDate ? ` · promised ${l.promisedDate}` : ''}
                  </Text>
                  <Text fz="xs">
                    planned {t(l.plannedBefore)} → <b>{t(l.plannedAfter)}</b>{' '}
                    <span style={{ color: 'var(--mantine-color-dimmed)' }}>
                      ({formatShift(l.plannedShiftMinutes)})
                    </span>
                  </Text>
                  <Text fz="xs" c={l.lateAfter ? 'red.7' : undefined}>
                    P90 {t(l.p90Before)} → <b>{t(l.p90After)}</b> ({formatShift(l.p90ShiftMinutes)})
                  </Text>
                </div>
              ))}
            </Stack>
          )}
          <Divider label={`Other operations that move (${preview.moved.length})`} labelPosition="left" />
          {preview.moved.length === 0 ? (
            <Text fz="sm" c="dimmed">
              None: the move fits without pushing other work.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={220} type="auto">
              <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} data-testid="move-operations">
                <Table.Tbody>
                  {preview.moved.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td className="takt-mono" style={{ whiteSpace: 'nowrap' }}>
                        {m.jobNumber} {m.operationNumber}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{m.after.machineCode}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(m.after.setupStart).slice(4)}</Table.Td>
                      <Table.Td
                        c={m.shiftMinutes > 0 ? 'orange.8' : 'teal.8'}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {formatShift(m.shiftMinutes)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
        </>
      )}
      <Group gap="xs" mt={4}>
        <Button
          size="sm"
          onClick={onApply}
          disabled={!preview || previewing || stale}
          loading={applying}
          data-testid="move-apply"
        >
          Apply
        </Button>
        <Button size="sm" variant="default" onClick={onDiscard} data-testid="move-discard">
          Discard
        </Button>
        <Text fz={11} c="dimmed">
          Esc discards
        </Text>
      </Group>
      {error == null && (
        <Text fz={11} c="dimmed">
          Apply pins it there: later re-plans keep its machine and start until it is unpinned.
        </Text>
      )}
    </Stack>
  );
}
