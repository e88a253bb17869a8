/**
 * The delivery our plan could promise while the customer fills in a request: asks POST
 * /api/portal/promise-preview (which writes nothing) once quantity, date wanted and a valid
 * configuration are there and the typing has paused, and shows it as the answer to a request
 * would (P50/P90, indicative). What the server refuses shows in place of the date.
 */
import { Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { formatDate } from '../../ui/format';
import { IndicativePromise } from './indicative-promise';
import { type PortalPromisePreview, portalPromiseQuery } from './portal-api';
import { usePortalView } from './portal-scope';

const PAUSE_MS = 400;
const EMPTY: PortalPromisePreview = { itemId: '', quantity: 1, requestedDate: '' };

export function PromisePreview({
  request,
  waitingFor,
  timeZone,
}: {
  /** the request as filled in so far; null while something is missing */
  request: PortalPromisePreview | null;
  /** what is missing, in the customer's words */
  waitingFor: string | null;
  timeZone: string;
}) {
  const view = usePortalView();
  // a string key, so a re-render with the same request does not restart the pause
  const key = request ? JSON.stringify(request) : '';
  const [pausedKey] = useDebouncedValue(key, PAUSE_MS);
  const settled = request && pausedKey === key ? request : null;
  const answer = useQuery({
    ...portalPromiseQuery(view.customerId, settled ?? EMPTY),
    enabled: view.ready && settled !== null,
  });
  const state = !request
    ? 'waiting'
    : !settled || answer.isPending
      ? 'loading'
      : answer.isError
        ? 'invalid'
        : 'ready';
  return (
    <Stack gap={4} data-testid="promise-preview" data-state={state} aria-live="polite">
      <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        Delivery we can promise today, indicative
      </Text>
      {state === 'waiting' ? (
        <Text fz="sm" c="dimmed">
          {waitingFor ?? 'Tell us how many and when to see the delivery our plan can promise.'}
        </Text>
      ) : state === 'loading' ? (
        <Group gap={6} fz="sm" c="dimmed">
          <Loader size={12} /> Asking our plan…
        </Group>
      ) : state === 'invalid' ? (
        <Text fz="sm" c="red.7" role="alert" data-testid="promise-preview-error">
          No delivery date for this request: {answer.error?.message}
        </Text>
      ) : (
        answer.data &&
        settled && (
          <Group
            gap="xl"
            align="flex-start"
            wrap="wrap"
            data-promised-date={answer.data.promisedDate}
            style={{ opacity: answer.isFetching ? 0.6 : 1 }}
          >
            <IndicativePromise promise={answer.data.promise} timeZone={timeZone} />
            <div>
              <Text fz="sm" fw={600} data-testid="preview-promised-date">
                we could offer {formatDate(answer.data.promisedDate)}
              </Text>
              <Text fz="xs" c={answer.data.promisedDate > settled.requestedDate ? 'orange.8' : 'dimmed'}>
                {answer.data.promisedDate > settled.requestedDate
                  ? `later than the ${formatDate(settled.requestedDate)} you want`
                  : `meets the ${formatDate(settled.requestedDate)} you want`}
              </Text>
            </div>
          </Group>
        )
      )}
    </Stack>
  );
}
