/** A production job: what it makes, for whom, when, and its operations on the schedule. */
import { Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Fact } from '../../ui/fact';
import { formatDateTime, formatMinutes, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import { PeggingLink } from './insight/pegging-link';
import { jobQuery } from './jobs-api';
import { JobStatusBadge, LateBadge } from './jobs-page';

export function JobPage() {
  const { jobId } = useParams({ from: '/signed-in/jobs/$jobId' });
  const job = useQuery(jobQuery(jobId));
  const timeZone = usePlantTimeZone();
  if (job.isPending) return <PageLoader />;
  if (job.isError) return <ErrorNotice error={job.error} onRetry={() => job.refetch()} />;
  const j = job.data;
  const setup = j.operations.reduce((s, op) => s + op.setupMinutes, 0);
  const run = j.operations.reduce((s, op) => s + op.runMinutes, 0);
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/jobs" fz="xs" c="dimmed">
            Production jobs
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="job-number">
              {j.number}
            </span>{' '}
            <Text span inherit fw={400}>
              {formatQuantity(j.quantity)} × {j.itemNumber}
            </Text>
          </>
        }
        badges={
          <>
            <JobStatusBadge status={j.status} />
            {j.late && <LateBadge />}
          </>
        }
        subtitle={j.itemName}
        actions={<PeggingLink jobId={j.id} label="Orders it serves (pegging)" />}
      />
      <Stack gap="md">
        <Panel title="Job">
          <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} spacing="md">
            <Fact label="Item">
              <AnchorLink to="/items/$itemId" params={{ itemId: j.itemId }} className="takt-mono" fz="sm">
                {j.itemNumber}
              </AnchorLink>
            </Fact>
            <Fact label="Quantity">{formatQuantity(j.quantity)}</Fact>
            <Fact label="For">{j.salesOrderLineId ? 'a sales order line (make to order)' : 'stock'}</Fact>
            <Fact label="Planned start">{formatDateTime(j.plannedStart, timeZone)}</Fact>
            <Fact label="Planned end">{formatDateTime(j.plannedEnd, timeZone)}</Fact>
            <Fact label="Due">{formatDateTime(j.due, timeZone)}</Fact>
            <Fact label="Work content">
              {formatMinutes(setup)} setup · {formatMinutes(run)} run
            </Fact>
          </SimpleGrid>
        </Panel>
        <Panel title={`Operations · times in ${timeZone}`} padding={0}>
          {j.operations.length === 0 ? (
            <Text c="dimmed" fz="sm" p="md">
              This job has no operations (its item has no released routing).
            </Text>
          ) : (
            <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="job-operations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60}>Op</Table.Th>
                  <Table.Th>Operation</Table.Th>
                  <Table.Th w={110}>Work center</Table.Th>
                  <Table.Th w={80}>Machine</Table.Th>
                  <Table.Th w={90} className="takt-num">
                    Setup
                  </Table.Th>
                  <Table.Th w={100} className="takt-num">
                    Run
                  </Table.Th>
                  <Table.Th w={170}>Setup from</Table.Th>
                  <Table.Th w={170}>Planned start</Table.Th>
                  <Table.Th w={170}>Planned end</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {j.operations.map((op) => (
                  <Table.Tr key={op.id} data-testid="job-operation">
                    <Table.Td className="takt-mono">{op.number}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'normal' }}>
                      {op.name}
                      {op.rework && (
                        <Badge size="xs" color="orange" variant="light" ml={6}>
                          rework · {op.quantity} of {j.quantity}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/work-centers/$workCenterId"
                        params={{ workCenterId: op.workCenterId }}
                        className="takt-mono"
                        fz="sm"
                      >
                        {op.workCenterCode}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{op.machineIndex === null ? '—' : `#${op.machineIndex + 1}`}</Table.Td>
                    <Table.Td className="takt-num">{formatMinutes(op.setupMinutes)}</Table.Td>
                    <Table.Td className="takt-num">{formatMinutes(op.runMinutes)}</Table.Td>
                    <Table.Td>
                      {op.plannedSetupStart && op.plannedSetupStart !== op.plannedStart
                        ? formatDateTime(op.plannedSetupStart, timeZone)
                        : '—'}
                    </Table.Td>
                    <Table.Td>{formatDateTime(op.plannedStart, timeZone)}</Table.Td>
                    <Table.Td>{formatDateTime(op.plannedEnd, timeZone)}</Table.Td>
                    <Table.Td>
                      <Badge miw="max-content" size="sm" color="gray">
                        {op.status}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
      </Stack>
    </>
  );
}
