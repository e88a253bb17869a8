/**
 * The promise for a configuration in words: the date we can give the customer, how it stands
 * to the requested date, P50/P90 completion, the chance of being on time and what the date
 * hangs on (the binding machine or material), with the jobs and purchases it would take.
 */
import { Group, Loader, Stack, Text } from '@mantine/core';
import { Fact } from '../../ui/fact';
import { formatDate, formatDateTime } from '../../ui/format';
import { BindingBadge, capitalize, daysBetween, formatProbability } from '../sales/line-promise';
import type { ConfiguredPromise as Promised } from './use-configured-promise';

export function ConfiguredPromise({
  promised,
  requestedDate,
  timeZone,
}: {
  promised: Promised;
  requestedDate: string;
  timeZone: string;
}) {
  const { answer, answered, waitingFor, fetching, error } = promised;
  if (waitingFor && !answer)
    return (
      <Text fz="sm" c="dimmed" data-testid="promise-waiting">
        {waitingFor}
      </Text>
    );
  if (error)
    return (
      <Text fz="sm" c="red.7" role="alert">
        No promise: {error.message}
      </Text>
    );
  if (!answer)
    return (
      <Group gap={6} fz="sm" c="dimmed">
        <Loader size={12} /> Asking the plan…
      </Group>
    );
  const { promisedDate, promise, jobs, requisitions } = answer;
  const asked = answered?.requestedDate ?? requestedDate;
  const late = promisedDate > asked;
  // a broken configuration keeps the last date on screen, struck through: it is not a promise
  const outdated = !!waitingFor;
  return (
    <Stack
      gap="sm"
      data-testid="configured-promise"
      data-promised-date={outdated ? undefined : promisedDate}
      data-settled={!fetching && !outdated ? 'true' : undefined}
      style={{ opacity: fetching || outdated ? 0.5 : 1, transition: 'opacity 120ms' }}
    >
      {outdated && (
        <Text fz="xs" c="dimmed">
          {waitingFor}
        </Text>
      )}
      <div>
        <Text
          fz={22}
          fw={700}
          lh={1.2}
          c={late ? 'orange.8' : 'green.8'}
          td={outdated ? 'line-through' : undefined}
          data-testid="promised-date"
        >
          {formatDate(promisedDate)}
        </Text>
        <Text fz="sm" c={late ? 'orange.8' : 'green.8'}>
          {late
            ? `${daysBetween(asked, promisedDate)} d after the requested ${formatDate(asked)}`
            : `meets the requested ${formatDate(asked)}`}
        </Text>
      </div>
      <Group gap="xl" wrap="wrap">
        <Fact label="P50 completion">{formatDateTime(promise.p50At, timeZone)}</Fact>
        <Fact label="P90 completion">{formatDateTime(promise.p90At, timeZone)}</Fact>
        <Fact label="On time" testId="on-time">
          {formatProbability(promise.onTimeProbability)}
        </Fact>
      </Group>
      <div>
        <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
          What the date hangs on
        </Text>
        <Group gap="xs" mt={2} wrap="wrap">
          <BindingBadge binding={promise.binding} />
          <Text fz="sm" data-testid="promise-explanation">
            {capitalize(promise.explanation)}
          </Text>
        </Group>
        <Text fz="xs" c="dimmed" mt={2}>
          needs {jobs} {jobs === 1 ? 'job' : 'jobs'} and {requisitions}{' '}
          {requisitions === 1 ? 'purchase' : 'purchases'}; nothing is planned until an order is confirmed
        </Text>
      </div>
    </Stack>
  );
}
