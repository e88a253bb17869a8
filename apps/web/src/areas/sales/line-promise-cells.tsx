/**
 * The promise columns of an order or quote line: requested and promised date (late and at-risk
 * marked), the P50/P90 completion with the chance of being on time, and what the date hangs on.
 */
import { Group, Table, Text } from '@mantine/core';
import { formatDate, formatDateTime } from '../../ui/format';
import { formatPlantDate } from '../../ui/plant-time-zone';
import { BindingBadge, capitalize, daysBetween, formatProbability } from './line-promise';
import { lineAtRisk, type PromisedLine } from './sales-order-api';
import { AtRiskBadge } from './sales-order-status-badge';

export function PromiseHeadCells() {
  return (
    <>
      <Table.Th w={110}>Requested</Table.Th>
      <Table.Th w={130}>Promised</Table.Th>
      <Table.Th w={175}>P50 / P90 completion</Table.Th>
      <Table.Th miw={180}>What the date hangs on</Table.Th>
    </>
  );
}

export function PromiseCells({
  line: l,
  timeZone,
  notPromised,
  notPlanned,
}: {
  line: PromisedLine;
  timeZone: string;
  /** in place of the date while there is none, e.g. "on confirmation" */
  notPromised: string;
  /** in place of the explanation while there is none */
  notPlanned: string;
}) {
  const late = l.promisedDate !== null && l.requestedDate !== null && l.promisedDate > l.requestedDate;
  return (
    <>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(l.requestedDate)}</Table.Td>
      <Table.Td>
        {l.promisedDate ? (
          <Group gap={4} wrap="nowrap">
            <Text
              fz="sm"
              fw={600}
              c={late ? 'orange.8' : undefined}
              style={{ whiteSpace: 'nowrap' }}
              data-testid="line-promised-date"
            >
              {formatDate(l.promisedDate)}
            </Text>
            {lineAtRisk(l) && <AtRiskBadge size="xs" />}
          </Group>
        ) : (
          <Text fz="sm" c="dimmed">
            {notPromised}
          </Text>
        )}
        {late && (
          <Text fz="xs" c="orange.8" style={{ whiteSpace: 'nowrap' }}>
            {daysBetween(l.requestedDate!, l.promisedDate!)} d after requested
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {l.promise ? (
          <>
            <Text fz="sm">
              <Text span c="dimmed" fz="xs">
                P50{' '}
              </Text>
              {formatDateTime(l.promise.p50At, timeZone)}
            </Text>
            <Text fz="sm">
              <Text span c="dimmed" fz="xs">
                P90{' '}
              </Text>
              {formatDateTime(l.promise.p90At, timeZone)}
            </Text>
            <Text fz="xs" c="dimmed" data-testid="line-on-time">
              on time {formatProbability(l.promise.onTimeProbability)}
            </Text>
          </>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {l.promise ? (
          <>
            <Text fz="sm" data-testid="line-explanation">
              {capitalize(l.promise.explanation)}
            </Text>
            <Group gap={6} mt={2}>
              <BindingBadge binding={l.promise.binding} />
              <Text fz="xs" c="dimmed">
                computed {formatPlantDate(l.promise.computedAt, timeZone)}
              </Text>
            </Group>
          </>
        ) : (
          <Text fz="sm" c="dimmed">
            {notPlanned}
          </Text>
        )}
      </Table.Td>
    </>
  );
}
