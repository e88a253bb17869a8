/**
 * One engineer-to-order project: what is being built for whom, the order's promise (with the
 * design on engineering capacity in it), the phases on a timeline (people's dates, the plan's,
 * the actual ones), the milestones with Complete, the engineering tasks as planned on the
 * engineers, and the payment plan with what is due, invoiced and paid.
 */
import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatDateTime, formatMinutes, formatMoney } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { DesignBomPanel } from '../engineering/design-bom-panel';
import { BindingBadge } from '../sales/line-promise';
import { EngineeringTasksModal } from './engineering-tasks-modal';
import { MilestoneModal } from './milestone-modal';
import { PaymentPlanModal } from './payment-plan-modal';
import { PhaseTimeline } from './phase-timeline';
import { ProjectCostPanel, SimilarProjectsPanel } from './project-cost-panel';
import { PaymentStatusBadge, ProjectStatusBadge } from './project-status-badge';
import {
  type Project,
  type ProjectMilestone,
  type ProjectPhase,
  phaseLabels,
  projectPeopleQuery,
  projectQuery,
  projectSchema,
} from './projects-api';

export function ProjectPage() {
  const { projectId } = useParams({ from: '/signed-in/projects/$projectId' });
  const project = useQuery(projectQuery(projectId));
  const timeZone = usePlantTimeZone();
  if (project.isPending) return <PageLoader />;
  if (project.isError) return <ErrorNotice error={project.error} onRetry={() => project.refetch()} />;
  return <ProjectView project={project.data} timeZone={timeZone} />;
}

/** the phase modal's inputs: a phase's refusal lands on them */
const phaseInputs = [
  'plannedStart',
  'plannedEnd',
  'actualStart',
  'actualEnd',
  'status',
  'ownerId',
  'note',
] as const;
type PhaseInput = (typeof phaseInputs)[number];

/** A change to the project: the answer is the whole project again. */
function useProjectChange(p: Project, onDone?: () => void) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<PhaseInput>>(noFormErrors);
  const mutation = useMutation({
    mutationFn: (change: { method: 'post' | 'patch' | 'put'; path: string; body: object }) =>
      api[change.method](`/api/projects/${p.id}${change.path}`, change.body, { schema: projectSchema }),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (next) => {
      queryClient.setQueryData(projectQuery(p.id).queryKey, next);
      await queryClient.invalidateQueries({ queryKey: ['projects', 'list'] });
      onDone?.();
    },
    onError: (error) => setErrors(formErrorsFrom(error, phaseInputs)),
  });
  const reload = () => queryClient.invalidateQueries({ queryKey: projectQuery(p.id).queryKey });
  return { mutation, errors, reload };
}

function ProjectView({ project: p, timeZone }: { project: Project; timeZone: string }) {
  const canWrite = useCan('write', 'Project');
  const { mutation, errors, reload } = useProjectChange(p);
  const [editing, setEditing] = useState<ProjectPhase | null>(null);
  const [planOpen, setPlanOpen] = useState(false);
  const [tasksOpen, setTasksOpen] = useState(false);
  const [milestone, setMilestone] = useState<ProjectMilestone | null>(null);
  const open = p.status === 'quoting' || p.status === 'active';
  const [invoicing, setInvoicing] = useState<{ id: string; version: number; number: string } | null>(null);
  const money = (amount: number) => formatMoney({ amount, currency: p.orderValue?.currency ?? 'EUR' });
  const paymentsOf = (milestoneId: string) => p.payments.filter((x) => x.milestoneId === milestoneId);

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/projects" fz="xs" c="dimmed">
            ETO projects
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="project-number">
              {p.number}
            </span>{' '}
            <Text span inherit fw={400}>
              {p.name}
            </Text>
          </>
        }
        badges={<ProjectStatusBadge status={p.status} />}
        subtitle={p.description || undefined}
      />
      {!editing && <FormErrorAlert errors={errors} onReload={reload} />}
      <Stack gap="md">
        <Panel>
          <SimpleGrid cols={{ base: 2, md: 6 }} spacing="md">
            <Fact label="Customer">
              <AnchorLink to="/customers/$customerId" params={{ customerId: p.customerId }} c="inherit">
                {p.customerName}
              </AnchorLink>
            </Fact>
            <Fact label="Item being designed">
              <AnchorLink to="/items/$itemId" params={{ itemId: p.itemId }} className="takt-mono" c="inherit">
                {p.itemNumber}
              </AnchorLink>
              <Text fz="xs" c="dimmed" truncate>
                {p.itemName}
              </Text>
            </Fact>
            <Fact label="Order">
              {p.salesOrderId ? (
                <AnchorLink
                  to="/sales-orders/$orderId"
                  params={{ orderId: p.salesOrderId }}
                  className="takt-mono"
                >
                  {p.salesOrderNumber}
                </AnchorLink>
              ) : p.quoteId ? (
                <AnchorLink to="/quotes/$quoteId" params={{ quoteId: p.quoteId }} className="takt-mono">
                  {p.quoteNumber}
                </AnchorLink>
              ) : (
                '—'
              )}
              {p.orderStatus && (
                <Text fz="xs" c="dimmed">
                  {p.orderStatus}
                </Text>
              )}
            </Fact>
            <Fact label="Order value">{formatMoney(p.orderValue)}</Fact>
            <Fact label="Promised" testId="project-promised">
              {formatDate(p.promisedDate)}
              <Text fz="xs" c="dimmed">
                requested {formatDate(p.requestedDate)}
              </Text>
            </Fact>
            <Fact label="Plan: P50 / P90">
              {p.promise ? (
                <>
                  {formatDate(p.promise.p50At)} / {formatDate(p.promise.p90At)}
                  <Group gap={4} mt={2}>
                    <BindingBadge binding={p.promise.binding} />
                  </Group>
                </>
              ) : (
                '—'
              )}
            </Fact>
          </SimpleGrid>
          {p.promise && (
            <Text fz="xs" c="dimmed" mt="sm" data-testid="promise-explanation">
              {p.promise.explanation}. The design below is planned on the engineers first; production waits
              for it and {p.approvalDays} days of customer approval.
            </Text>
          )}
        </Panel>

        <Panel title="Phases: set by people, from the plan, actual">
          <PhaseTimeline phases={p.phases} />
          <Table className="takt-table" mt="md" data-testid="phases-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Phase</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Set by people</Table.Th>
                <Table.Th>From the plan</Table.Th>
                <Table.Th>Actual</Table.Th>
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.phases.map((ph) => (
                <Table.Tr key={ph.id} data-testid="phase-row" data-kind={ph.kind}>
                  <Table.Td>
                    {ph.name}
                    {ph.note && (
                      <Text fz="xs" c="dimmed">
                        {ph.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{ph.status}</Table.Td>
                  <Table.Td>{ph.ownerName ?? '—'}</Table.Td>
                  <Table.Td>{range(ph.plannedStart, ph.plannedEnd)}</Table.Td>
                  <Table.Td>{ph.scheduled ? range(ph.scheduled.start, ph.scheduled.end) : '—'}</Table.Td>
                  <Table.Td>{range(ph.actualStart, ph.actualEnd)}</Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(ph)}>
                        Edit
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Panel>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Panel title="Milestones" padding={0} testId="milestones">
            <Table className="takt-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Milestone</Table.Th>
                  <Table.Th w={110}>Due</Table.Th>
                  <Table.Th>Triggers</Table.Th>
                  <Table.Th w={170}>Completed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.milestones.map((m) => (
                  <Table.Tr key={m.id} data-testid="milestone-row" data-kind={m.kind}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td>
                      {canWrite && !m.completedAt ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          px={4}
                          fw={400}
                          title="Change the milestone's name and due date"
                          aria-label={`Edit ${m.name}`}
                          onClick={() => setMilestone(m)}
                        >
                          {m.dueDate ? formatDate(m.dueDate) : 'set date'}
                        </Button>
                      ) : (
                        formatDate(m.dueDate)
                      )}
                    </Table.Td>
                    <Table.Td>
                      {paymentsOf(m.id).map((x) => (
                        <Text key={x.id} fz="xs">
                          {x.label} · {x.percent} %
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      {m.completedAt ? (
                        <Text fz="xs" data-testid="milestone-completed">
                          {formatDateTime(m.completedAt, timeZone)}
                          <Text span fz="xs" c="dimmed">
                            {' '}
                            {m.completedBy}
                          </Text>
                        </Text>
                      ) : canWrite ? (
                        <Button
                          size="compact-xs"
                          variant="light"
                          loading={mutation.isPending}
                          onClick={() =>
                            mutation.mutate({
                              method: 'post',
                              path: `/milestones/${m.id}/complete`,
                              body: { version: m.version },
                            })
                          }
                        >
                          Complete
                        </Button>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Panel>

          <Panel
            title="Payment plan"
            padding={0}
            testId="payment-plan"
            actions={
              canWrite && (
                <Button size="compact-xs" variant="default" onClick={() => setPlanOpen(true)}>
                  Edit plan
                </Button>
              )
            }
          >
            <Table className="takt-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Payment</Table.Th>
                  <Table.Th w={60} className="takt-num">
                    %
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    Amount
                  </Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                  <Table.Th w={150} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.payments.map((x) => (
                  <Table.Tr key={x.id} data-testid="payment-row" data-status={x.status}>
                    <Table.Td>
                      {x.label}
                      <Text fz="xs" c="dimmed">
                        at {x.milestoneName}
                        {x.invoiceNumber ? ` · invoice ${x.invoiceNumber}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td className="takt-num">{x.percent}</Table.Td>
                    <Table.Td className="takt-num">{money(x.amount)}</Table.Td>
                    <Table.Td>
                      <PaymentStatusBadge status={x.status} />
                    </Table.Td>
                    <Table.Td>
                      {canWrite && x.status === 'due' && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => setInvoicing({ id: x.id, version: x.version, number: '' })}
                        >
                          Invoiced…
                        </Button>
                      )}
                      {canWrite && x.status === 'invoiced' && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="green"
                          onClick={() =>
                            mutation.mutate({
                              method: 'post',
                              path: `/payments/${x.id}/paid`,
                              body: { version: x.version },
                            })
                          }
                        >
                          Paid
                        </Button>
                      )}
                      {x.paidAt && (
                        <Text fz="xs" c="dimmed">
                          paid {formatDate(x.paidAt)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Td fw={600}>Total</Table.Td>
                  <Table.Td className="takt-num" fw={600}>
                    {p.paymentTotals.percent}
                  </Table.Td>
                  <Table.Td className="takt-num" fw={600}>
                    {money(p.paymentTotals.amount)}
                  </Table.Td>
                  <Table.Td colSpan={2}>
                    <Text fz="xs" c="dimmed" data-testid="payment-totals">
                      due {money(p.paymentTotals.due)} · invoiced {money(p.paymentTotals.invoiced)} · paid{' '}
                      {money(p.paymentTotals.paid)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Panel>
        </SimpleGrid>

        <Panel
          title="Engineering tasks on engineering capacity"
          padding={0}
          testId="engineering-tasks"
          actions={
            canWrite &&
            open && (
              <Button size="compact-xs" variant="default" onClick={() => setTasksOpen(true)}>
                Edit tasks
              </Button>
            )
          }
        >
          <Table.ScrollContainer minWidth={1000}>
            <Table className="takt-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Task</Table.Th>
                  <Table.Th>Design work</Table.Th>
                  <Table.Th>Work center</Table.Th>
                  <Table.Th w={70} className="takt-num">
                    Hours
                  </Table.Th>
                  <Table.Th>After</Table.Th>
                  <Table.Th>Owner · engineer</Table.Th>
                  <Table.Th>Planned</Table.Th>
                  <Table.Th>Actual</Table.Th>
                  <Table.Th w={90}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.engineeringTasks.map((task) => {
                  const op = task.operation;
                  return (
                    <Table.Tr key={task.id} data-testid="engineering-task" data-number={task.number}>
                      <Table.Td className="takt-mono">{task.number}</Table.Td>
                      <Table.Td>{task.name}</Table.Td>
                      <Table.Td>
                        <Text fz="sm">{task.workCenterName}</Text>
                        <Text fz="xs" c="dimmed" className="takt-mono">
                          {task.workCenterCode}
                        </Text>
                      </Table.Td>
                      <Table.Td className="takt-num">{task.hours}</Table.Td>
                      <Table.Td className="takt-mono">{task.predecessors.join(', ') || '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text fz="sm">{task.ownerName ?? '—'}</Text>
                        <Text fz="xs" c="dimmed" className="takt-mono">
                          {op?.engineer ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {op
                          ? `${shortTime(op.plannedStart, timeZone)} – ${shortTime(op.plannedEnd, timeZone)}`
                          : 'not planned yet'}
                      </Table.Td>
                      <Table.Td>
                        {op?.actualStart ? (
                          <>
                            {formatDate(op.actualStart)} – {op.actualEnd ? formatDate(op.actualEnd) : 'now'}
                            <Text fz="xs" c="dimmed">
                              {formatMinutes(Math.round(op.bookedMinutes))} booked
                            </Text>
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        {op ? (
                          <Badge
                            miw="max-content"
                            size="xs"
                            variant="light"
                            color={op.status === 'done' ? 'green' : op.status === 'running' ? 'blue' : 'gray'}
                          >
                            {op.status}
                          </Badge>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {p.engineeringTasks.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={9}>
                      <Text c="dimmed" fz="sm" ta="center" py="md">
                        No engineering tasks: the promise has no design work in it.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {p.engineeringTasks[0]?.operation && (
            <Text fz="xs" c="dimmed" p="sm">
              Operations of {p.engineeringTasks[0].operation.jobNumber}, scheduled with the plant on the
              engineering work centers’ calendars (each machine is an engineer); see them on the{' '}
              <AnchorLink to="/planning/board" fz="xs">
                planning board
              </AnchorLink>
              .
            </Text>
          )}
        </Panel>
        <DesignBomPanel itemId={p.itemId} projectId={p.id} />
        <ProjectCostPanel projectId={p.id} />
        <SimilarProjectsPanel projectId={p.id} />
      </Stack>

      {editing && (
        <PhaseModal
          phase={editing}
          onClose={() => setEditing(null)}
          onSave={(body) =>
            mutation.mutate(
              { method: 'patch', path: `/phases/${editing.id}`, body: { version: editing.version, ...body } },
              { onSuccess: () => setEditing(null) },
            )
          }
          pending={mutation.isPending}
          errors={errors}
        />
      )}
      <Modal opened={invoicing !== null} onClose={() => setInvoicing(null)} title="Payment invoiced">
        <TextInput
          label="Invoice number (from accounting)"
          data-autofocus
          value={invoicing?.number ?? ''}
          onChange={(e) => {
            const number = e.currentTarget.value;
            setInvoicing((v) => (v ? { ...v, number } : v));
          }}
        />
        <Group justify="flex-end" mt="md">
          <Button
            disabled={!invoicing?.number.trim()}
            loading={mutation.isPending}
            onClick={() =>
              invoicing &&
              mutation.mutate(
                {
                  method: 'post',
                  path: `/payments/${invoicing.id}/invoice`,
                  body: { version: invoicing.version, invoiceNumber: invoicing.number.trim() },
                },
                { onSuccess: () => setInvoicing(null) },
              )
            }
          >
            Save
          </Button>
        </Group>
      </Modal>
      {planOpen && <PaymentPlanModal project={p} onClose={() => setPlanOpen(false)} />}
      {tasksOpen && <EngineeringTasksModal project={p} onClose={() => setTasksOpen(false)} />}
      {milestone && <MilestoneModal project={p} milestone={milestone} onClose={() => setMilestone(null)} />}
    </>
  );
}

/** "8 Dec, 12:36": when an engineer starts or ends a task, in the plant's zone. */
function shortTime(iso: string | null, timeZone: string) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

function range(start: string | null, end: string | null) {
  if (!start && !end) return '—';
  return `${formatDate(start)} – ${formatDate(end)}`;
}

function PhaseModal({
  phase,
  onClose,
  onSave,
  pending,
  errors,
}: {
  phase: ProjectPhase;
  onClose: () => void;
  onSave: (body: object) => void;
  pending: boolean;
  errors: FormErrors<PhaseInput>;
}) {
  const [status, setStatus] = useState(phase.status);
  const [dates, setDates] = useState({
    plannedStart: phase.plannedStart ?? '',
    plannedEnd: phase.plannedEnd ?? '',
    actualStart: phase.actualStart ?? '',
    actualEnd: phase.actualEnd ?? '',
  });
  const [note, setNote] = useState(phase.note);
  const [ownerId, setOwnerId] = useState(phase.ownerId);
  const people = useQuery(projectPeopleQuery());
  const field = (key: keyof typeof dates, label: string) => (
    <TextInput
      type="date"
      label={label}
      name={key}
      value={dates[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setDates((d) => ({ ...d, [key]: value }));
      }}
      error={errors.fields[key]}
    />
  );
  return (
    <Modal opened onClose={onClose} title={`${phaseLabels[phase.kind]}: ${phase.name}`}>
      <FormErrorAlert errors={errors} />
      <Stack gap="sm" data-testid="phase-form">
        <Select
          label="Status"
          data={['not-started', 'in-progress', 'done']}
          value={status}
          onChange={(v) => v && setStatus(v as ProjectPhase['status'])}
        />
        <SimpleGrid cols={2}>
          {field('plannedStart', 'Planned start')}
          {field('plannedEnd', 'Planned end')}
          {field('actualStart', 'Actual start')}
          {field('actualEnd', 'Actual end')}
        </SimpleGrid>
        <Select
          label="Owner"
          placeholder="—"
          clearable
          searchable
          data={(people.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={ownerId}
          onChange={setOwnerId}
        />
        <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button
            loading={pending}
            onClick={() =>
              onSave({
                status,
                note,
                ownerId,
                plannedStart: dates.plannedStart || null,
                plannedEnd: dates.plannedEnd || null,
                actualStart: dates.actualStart || null,
                actualEnd: dates.actualEnd || null,
              })
            }
          >
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
