/**
 * One non-conformance: what failed, where and how many; the disposition a supervisor decides
 * (scrap, rework with the operation it adds to the job, or use as is) and its cost; closing a
 * rework once its operation is done.
 */
import { Alert, Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { operationStatusColor, operationStatusLabel } from '../floor/terminal-format';
import { DispositionForm } from './disposition-form';
import { NonConformanceStatusBadge } from './non-conformance-status-badge';
import {
  closeNonConformance,
  dispositionLabels,
  type NonConformance,
  nonConformanceQuery,
} from './quality-api';

export function NonConformancePage() {
  const { nonConformanceId } = useParams({ from: '/signed-in/quality/non-conformances/$nonConformanceId' });
  const ncr = useQuery(nonConformanceQuery(nonConformanceId));
  if (ncr.isPending) return <PageLoader />;
  if (ncr.isError) return <ErrorNotice error={ncr.error} onRetry={() => ncr.refetch()} />;
  return <NonConformanceView ncr={ncr.data} />;
}

function NonConformanceView({ ncr }: { ncr: NonConformance }) {
  const timeZone = usePlantTimeZone();
  const canDecide = useCan('write', 'QualityDisposition');
  const queryClient = useQueryClient();
  const saved = async (next: NonConformance) => {
    queryClient.setQueryData(nonConformanceQuery(ncr.id).queryKey, next);
    await queryClient.invalidateQueries({ queryKey: ['quality', 'non-conformances', 'list'] });
  };
  const close = useMutation({ mutationFn: () => closeNonConformance(ncr), onSuccess: saved });
  const closeErrors = close.error ? formErrorsFrom(close.error, []) : noFormErrors;
  const rework = ncr.reworkOperation;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/quality/non-conformances" c="dimmed" fz="xs">
            Non-conformances
          </AnchorLink>
        }
        title={ncr.number}
        badges={<NonConformanceStatusBadge status={ncr.status} />}
        subtitle={`${formatQuantity(ncr.quantity)} of ${formatQuantity(ncr.jobQuantity)} parts of ${ncr.jobNumber} at ${ncr.operationNumber} ${ncr.operationName}`}
      />
      <Stack gap="md">
        <Panel title="What is wrong">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Fact label="Job">
              <AnchorLink to="/jobs/$jobId" params={{ jobId: ncr.jobId }} className="takt-mono">
                {ncr.jobNumber}
              </AnchorLink>{' '}
              <Text span c="dimmed" fz="xs">
                {ncr.jobStatus}
              </Text>
            </Fact>
            <Fact label="Operation">
              {ncr.operationNumber} {ncr.operationName} · {ncr.workCenterCode}
            </Fact>
            <Fact label="Item">
              <span className="takt-mono">{ncr.itemNumber}</span> {ncr.itemName}
            </Fact>
            <Fact label="Parts" testId="ncr-quantity">
              {formatQuantity(ncr.quantity)}
            </Fact>
            <Fact label="Reported">
              {formatDateTime(ncr.createdAt, timeZone)} by {ncr.reportedByName ?? '—'}
            </Fact>
          </SimpleGrid>
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }} data-testid="ncr-description">
            {ncr.description}
          </Text>
        </Panel>

        {ncr.disposition ? (
          <Panel title="Disposition" testId="ncr-disposition">
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
              <Fact label="Decided" testId="ncr-disposition-value">
                {dispositionLabels[ncr.disposition]}
              </Fact>
              <Fact label="Cost" testId="ncr-cost">
                {formatMoney({ amount: ncr.cost, currency: ncr.currency })}
              </Fact>
              {rework && (
                <Fact label="Rework operation" testId="ncr-rework-operation">
                  <span className="takt-mono">{rework.number}</span> {rework.name} · {rework.workCenterCode}{' '}
                  <Badge
                    size="sm"
                    color={operationStatusColor[rework.status as keyof typeof operationStatusColor] ?? 'gray'}
                  >
                    {operationStatusLabel[rework.status as keyof typeof operationStatusLabel] ??
                      rework.status}
                  </Badge>
                </Fact>
              )}
            </SimpleGrid>
            {ncr.status === 'dispositioned' && (
              <Stack gap="xs" mt="md">
                <FormErrorAlert errors={closeErrors} />
                <Group justify="space-between">
                  <Text fz="sm" c="dimmed">
                    {rework?.status === 'done'
                      ? 'The rework is done: check the parts and close the non-conformance.'
                      : 'Open until the rework operation is done; the operators see it in the dispatch list.'}
                  </Text>
                  {canDecide && (
                    <Button
                      size="xs"
                      disabled={rework?.status !== 'done'}
                      loading={close.isPending}
                      onClick={() => close.mutate()}
                    >
                      Close
                    </Button>
                  )}
                </Group>
              </Stack>
            )}
          </Panel>
        ) : canDecide ? (
          <Panel title="Disposition">
            <DispositionForm ncr={ncr} onSaved={saved} />
          </Panel>
        ) : (
          <Alert color="orange" variant="light">
            Waiting for a supervisor to decide: scrap, rework or use as is.
          </Alert>
        )}
      </Stack>
    </>
  );
}
