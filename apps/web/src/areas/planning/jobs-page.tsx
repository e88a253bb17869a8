import { Alert, Badge, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { formatDateTime, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { useSearchText } from '../../ui/use-search-text';
import { type JobStatus, jobListQuery, jobStatusColors, jobStatuses } from './jobs-api';
import { ReleasedJobsNotice, ReleaseJobsAction, type ReleaseOutcome } from './release-jobs';

const LIMIT = 50;

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge
      miw="max-content"
      size="sm"
      color={jobStatusColors[status]}
      data-testid="job-status"
      data-status={status}
    >
      {status.replace('-', ' ')}
    </Badge>
  );
}

export function LateBadge() {
  return (
    <Badge
      miw="max-content"
      size="xs"
      color="red"
      variant="filled"
      title="planned to finish after its due date"
    >
      late
    </Badge>
  );
}

export function JobsPage() {
  const search = useSearch({ from: '/signed-in/jobs' });
  const navigate = useNavigate({ from: '/jobs' });
  const offset = search.offset ?? 0;
  const timeZone = usePlantTimeZone();
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...jobListQuery({ q: search.q, status: search.status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const canRelease = useCan('write', 'ProductionJob');
  const [released, setReleased] = useState<ReleaseOutcome | null>(null);
  const [releaseError, setReleaseError] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Production jobs"
        subtitle={`What the shop makes, by due date: planned start and end on the schedule · times in ${timeZone}`}
        actions={
          canRelease && (
            <ReleaseJobsAction
              onReleased={(outcome) => {
                setReleaseError(null);
                setReleased(outcome);
              }}
              onError={(error) => {
                setReleased(null);
                setReleaseError(error.message);
              }}
            />
          )
        }
      />
      {released && <ReleasedJobsNotice outcome={released} onClose={() => setReleased(null)} />}
      {releaseError && (
        <Alert color="red" variant="light" mb="md" role="alert" title="Not released">
          {releaseError}
        </Alert>
      )}
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search job or item number"
            aria-label="Search jobs"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={300}
          />
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={170}
            data={jobStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({
                  ...s,
                  status: (status as JobStatus | null) ?? undefined,
                  offset: undefined,
                }),
              })
            }
          />
        </Group>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={120}>Job</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th w={100} className="takt-num">
                    Quantity
                  </Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th w={160}>Planned start</Table.Th>
                  <Table.Th w={190}>Planned end</Table.Th>
                  <Table.Th w={160}>Due</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((j) => (
                  <Table.Tr key={j.id} data-testid="job-row" data-number={j.number}>
                    <Table.Td>
                      <AnchorLink to="/jobs/$jobId" params={{ jobId: j.id }} className="takt-mono" fw={500}>
                        {j.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <AnchorLink
                          to="/items/$itemId"
                          params={{ itemId: j.itemId }}
                          className="takt-mono"
                          fz="sm"
                          c="inherit"
                        >
                          {j.itemNumber}
                        </AnchorLink>
                        <Text fz="sm" c="dimmed" truncate maw={240}>
                          {j.itemName}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td className="takt-num">{formatQuantity(j.quantity)}</Table.Td>
                    <Table.Td>
                      <JobStatusBadge status={j.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(j.plannedStart, timeZone)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <span>{formatDateTime(j.plannedEnd, timeZone)}</span>
                        {j.late && <LateBadge />}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDateTime(j.due, timeZone)}</Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.q || search.status
                          ? 'No jobs match.'
                          : 'No jobs yet: confirming a sales order plans them.'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
              <ListFooter
                total={list.data.total}
                limit={LIMIT}
                offset={offset}
                onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
              />
            </div>
          </>
        )}
      </Panel>
    </>
  );
}
