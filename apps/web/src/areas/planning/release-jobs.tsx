/**
 * Releasing jobs to the shop floor from the jobs list: every planned job that starts within a
 * horizon the planner chooses (the frozen zone, 14 days unless changed) goes to the dispatch
 * lists (POST /api/jobs/release). What was released is said afterwards, with links to the jobs.
 */
import { Alert, Button, Group, NumberInput, Text } from '@mantine/core';
import { releasedJobs } from '@takt/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { api } from '../../ui/api-client';
import { AnchorLink } from '../../ui/router-links';

export const DEFAULT_RELEASE_HORIZON_DAYS = 14;

export interface ReleaseOutcome {
  horizonDays: number;
  released: z.infer<typeof releasedJobs>['released'];
}

/** The horizon and the button, for the page header; the outcome goes to `onReleased`. */
export function ReleaseJobsAction({
  onReleased,
  onError,
}: {
  onReleased: (outcome: ReleaseOutcome) => void;
  onError: (error: Error) => void;
}) {
  const queryClient = useQueryClient();
  const [horizonDays, setHorizonDays] = useState<number>(DEFAULT_RELEASE_HORIZON_DAYS);
  const release = useMutation({
    mutationFn: (days: number) =>
      api.post('/api/jobs/release', { horizonDays: days }, { schema: releasedJobs }),
    onSuccess: async (answer, days) => {
      onReleased({ horizonDays: days, released: answer.released });
      await queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
    onError,
  });
  return (
    <Group gap={6} wrap="nowrap" align="center">
      <Text fz="sm" c="dimmed">
        starting within
      </Text>
      <NumberInput
        aria-label="Release horizon in days"
        size="sm"
        w={96}
        min={0}
        max={365}
        suffix=" days"
        allowDecimal={false}
        value={horizonDays}
        onChange={(v) => setHorizonDays(typeof v === 'number' ? v : Number(v) || 0)}
      />
      <Button size="sm" loading={release.isPending} onClick={() => release.mutate(horizonDays)}>
        Release jobs
      </Button>
    </Group>
  );
}

/** What the last release did: the jobs now on the shop floor, or that there was nothing to release. */
export function ReleasedJobsNotice({ outcome, onClose }: { outcome: ReleaseOutcome; onClose: () => void }) {
  const count = outcome.released.length;
  const within = `within ${outcome.horizonDays} ${outcome.horizonDays === 1 ? 'day' : 'days'}`;
  return (
    <Alert
      color={count ? 'green' : 'gray'}
      variant="light"
      mb="md"
      withCloseButton
      onClose={onClose}
      data-testid="released-jobs"
      data-count={count}
      title={
        count ? `Released ${count} ${count === 1 ? 'job' : 'jobs'} to the shop floor` : 'Nothing to release'
      }
    >
      {count === 0 ? (
        `No planned job starts ${within}.`
      ) : (
        <Group gap="sm">
          <Text fz="sm">Starting {within}, now in the dispatch lists:</Text>
          {outcome.released.map((j) => (
            <AnchorLink
              key={j.id}
              to="/jobs/$jobId"
              params={{ jobId: j.id }}
              className="takt-mono"
              fz="sm"
              fw={600}
              data-testid="released-job"
            >
              {j.number}
            </AnchorLink>
          ))}
        </Group>
      )}
    </Alert>
  );
}
