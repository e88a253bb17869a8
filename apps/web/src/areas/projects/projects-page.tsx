/**
 * Engineer-to-order projects: each special machine being designed and built, the phase it is
 * in, the next milestone, the date promised and what the customer owes us now.
 */
import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { formatDate, formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { useSearchText } from '../../ui/use-search-text';
import { NewProjectModal } from './new-project-modal';
import { ProjectStatusBadge } from './project-status-badge';
import { type ProjectStatus, phaseLabels, projectListQuery, projectStatuses } from './projects-api';

const LIMIT = 50;

export function ProjectsPage() {
  const search = useSearch({ from: '/signed-in/projects' });
  const navigate = useNavigate({ from: '/projects' });
  const offset = search.offset ?? 0;
  const [text, setText] = useSearchText(search.q, (q) =>
    navigate({ search: (s) => ({ ...s, q, offset: undefined }), replace: true }),
  );
  const list = useQuery({
    ...projectListQuery({ q: search.q, status: search.status, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const canWrite = useCan('write', 'Project');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="ETO projects"
        subtitle="Special machines designed after the order: phase, next milestone, promise and payments due"
        actions={
          <>
            <AnchorLink to="/projects/estimate-accuracy" fz="sm">
              Estimate accuracy
            </AnchorLink>
            {canWrite && (
              <Button size="sm" onClick={() => setCreating(true)}>
                New project
              </Button>
            )}
          </>
        }
      />
      {creating && <NewProjectModal onClose={() => setCreating(false)} />}
      <Panel padding={0}>
        <Group p="sm" gap="sm">
          <TextInput
            placeholder="Search number, name, customer or item"
            aria-label="Search projects"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={320}
          />
          <Select
            placeholder="All statuses"
            aria-label="Status"
            clearable
            w={170}
            data={projectStatuses}
            value={search.status ?? null}
            onChange={(status) =>
              navigate({
                search: (s) => ({ ...s, status: (status as ProjectStatus) ?? undefined, offset: undefined }),
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
            <Table className="takt-table" data-testid="projects-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={120}>Number</Table.Th>
                  <Table.Th>Project</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                  <Table.Th w={120}>Phase</Table.Th>
                  <Table.Th>Next milestone</Table.Th>
                  <Table.Th w={120}>Promised</Table.Th>
                  <Table.Th w={120} className="takt-num">
                    Order value
                  </Table.Th>
                  <Table.Th w={110} className="takt-num">
                    Due now
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((p) => (
                  <Table.Tr key={p.id} data-testid="project-row" data-number={p.number}>
                    <Table.Td>
                      <AnchorLink
                        to="/projects/$projectId"
                        params={{ projectId: p.id }}
                        className="takt-mono"
                        fw={500}
                      >
                        {p.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{p.name}</Text>
                      <Text fz="xs" c="dimmed" className="takt-mono">
                        {p.itemNumber} · {p.salesOrderNumber ?? p.quoteNumber ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.customerName}</Table.Td>
                    <Table.Td>
                      <ProjectStatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td>{p.currentPhase ? phaseLabels[p.currentPhase] : 'all done'}</Table.Td>
                    <Table.Td>
                      {p.nextMilestone ? (
                        <>
                          {p.nextMilestone.name}
                          <Text span fz="xs" c="dimmed">
                            {' '}
                            {formatDate(p.nextMilestone.dueDate)}
                          </Text>
                        </>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(p.promisedDate)}</Table.Td>
                    <Table.Td className="takt-num">{formatMoney(p.orderValue)}</Table.Td>
                    <Table.Td className="takt-num" c={p.dueAmount > 0 ? 'orange.8' : undefined}>
                      {p.orderValue
                        ? formatMoney({ amount: p.dueAmount, currency: p.orderValue.currency })
                        : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={9}>
                      <Text c="dimmed" fz="sm" ta="center" py="lg">
                        {search.q || search.status
                          ? 'No projects match.'
                          : 'No projects yet. A project starts from a quote or order line of an ETO item: New project.'}
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
