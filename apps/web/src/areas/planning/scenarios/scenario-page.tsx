/**
 * One what-if scenario: its changes, computing it (a progress bar fed by the run's server-sent
 * events, with Cancel; the rest of the app stays usable), the live plan and the scenario side
 * by side, the order lines whose completion moves, then Adopt or Discard.
 */
import { Alert, Badge, Button, Group, List, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import type { AdoptScenarioResult, PlanningRun, Scenario, ScenarioChange } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { formatDateTime } from '../../../ui/format';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../../ui/plant-time-zone';
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';
import { workCenterLookupQuery } from '../resources-api';
import { KpiCompare } from './kpi-compare';
import {
  addScenarioChange,
  adoptScenario,
  cancelRun,
  computeScenario,
  discardScenario,
  removeScenarioChange,
  scenarioQuery,
  scenarioStatusColors,
  useRunProgress,
} from './scenario-api';
import { ScenarioChangeForm } from './scenario-change-form';

const phaseLabels: Record<PlanningRun['phase'], string> = {
  reading: 'Reading the plan',
  mrp: 'MRP',
  scheduling: 'Scheduling',
  'monte-carlo': 'Monte Carlo',
  writing: 'Saving',
  finished: 'Done',
};

function useDescribe() {
  const timeZone = usePlantTimeZone();
  const workCenters = useQuery(workCenterLookupQuery());
  return (c: ScenarioChange): string => {
    const wc = 'workCenterId' in c ? workCenters.data?.get(c.workCenterId) : undefined;
    const code = wc?.code ?? 'work center';
    switch (c.kind) {
      case 'machine-down':
        return `${c.machineIndex === null ? code : `${code}-${c.machineIndex + 1}`} down from ${formatDateTime(c.from, timeZone)} to ${formatDateTime(c.to, timeZone)}`;
      case 'add-shift':
        return `Extra shift ${c.start}–${c.end} on ${code}, ${c.from} to ${c.to}${c.weekdays ? ` (${c.weekdays.map((d) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d - 1]).join(', ')})` : ''}`;
      case 'add-order':
        return `Hypothetical order line: ${c.quantity} × ${c.note ?? 'item'}, due ${c.dueDate}`;
      case 'delay-supplier':
        return `${c.note ?? 'Supplier'}: open purchase order${c.purchaseOrderId ? '' : 's'} ${c.days} day(s) later`;
    }
  };
}

export function ScenarioPage() {
  const { scenarioId } = useParams({ from: '/signed-in/planning/scenarios/$scenarioId' });
  const queryClient = useQueryClient();
  const query = useQuery(scenarioQuery(scenarioId));
  const mayPlan = useCan('write', 'ProductionJob');
  const describe = useDescribe();
  const timeZone = usePlantTimeZone();
  const [confirm, setConfirm] = useState<'adopt' | 'discard' | null>(null);
  const [adopted, setAdopted] = useState<AdoptScenarioResult | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['planning', 'scenarios'] });
  const set = (s: Scenario) => {
    queryClient.setQueryData(scenarioQuery(scenarioId).queryKey, s);
    void refresh();
  };

  const add = useMutation({
    mutationFn: (change: Parameters<typeof addScenarioChange>[2]) =>
      addScenarioChange(scenarioId, query.data!.version, change),
    onSuccess: set,
  });
  const remove = useMutation({
    mutationFn: (changeId: string) => removeScenarioChange(scenarioId, query.data!.version, changeId),
    onSuccess: () => refresh(),
  });
  const compute = useMutation({
    mutationFn: () => computeScenario(scenarioId, query.data!.version),
    onSuccess: (r) => set(r.scenario),
  });
  const adopt = useMutation({
    mutationFn: () => adoptScenario(scenarioId, query.data!.version),
    onSuccess: (r) => {
      setAdopted(r);
      setConfirm(null);
      set(r.scenario);
      void queryClient.invalidateQueries({ queryKey: ['planning', 'board'] });
      void queryClient.invalidateQueries({ queryKey: ['planning', 'load'] });
    },
  });
  const discard = useMutation({
    mutationFn: () => discardScenario(scenarioId, query.data!.version),
    onSuccess: (s) => {
      setConfirm(null);
      set(s);
    },
  });
  const runId = query.data?.status === 'computing' ? query.data.runId : null;
  const run = useRunProgress(runId, () => void refresh());
  const cancel = useMutation({ mutationFn: () => cancelRun(runId!), onSuccess: () => refresh() });

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  const s = query.data;
  const editable = mayPlan && (s.status === 'draft' || s.status === 'computed' || s.status === 'failed');
  const result = s.result;
  const hypothetical = s.changes.some((c) => c.kind === 'add-order');

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/planning/scenarios" fz="xs">
            What-if scenarios
          </AnchorLink>
        }
        title={s.name}
        badges={
          <Badge color={scenarioStatusColors[s.status]} variant="light" data-testid="scenario-status">
            {s.status}
          </Badge>
        }
        subtitle={`Created ${formatDateTime(s.createdAt, timeZone)} by ${s.createdBy}${s.computedAt ? ` · computed ${formatDateTime(s.computedAt, timeZone)}` : ''}${s.adoptedAt ? ` · adopted ${formatDateTime(s.adoptedAt, timeZone)} by ${s.adoptedBy}` : ''}`}
        actions={
          mayPlan && (
            <>
              {editable && (
                <Button
                  onClick={() => compute.mutate()}
                  loading={compute.isPending}
                  data-testid="scenario-compute"
                  variant={s.status === 'computed' ? 'default' : 'filled'}
                >
                  {s.status === 'computed' ? 'Compute again' : 'Compute'}
                </Button>
              )}
              {s.status === 'computed' && (
                <Button color="teal" onClick={() => setConfirm('adopt')} data-testid="scenario-adopt">
                  Adopt…
                </Button>
              )}
              {s.status !== 'adopted' && s.status !== 'discarded' && (
                <Button
                  variant="default"
                  color="red"
                  onClick={() => setConfirm('discard')}
                  data-testid="scenario-discard"
                >
                  Discard…
                </Button>
              )}
            </>
          )
        }
      />
      <Stack gap="sm">
        {compute.error && <ErrorNotice error={compute.error} />}
        {s.status === 'failed' && s.error && (
          <Alert color="red" title="Computing failed" data-testid="scenario-error">
            {s.error}
          </Alert>
        )}
        {adopted && (
          <Alert color="green" title="Adopted into the live plan" data-testid="adopt-result">
            <Text fz="sm">
              {adopted.operationsMoved} operation(s) re-planned, {adopted.rePromised} line(s) re-promised
              {adopted.atRisk > 0 ? `, ${adopted.atRisk} now at risk` : ''}.
            </Text>
            <List fz="sm" mt={4}>
              {[...adopted.applied, ...adopted.notApplied].map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {s.status === 'computing' && (
          <Panel title="Computing" testId="run-progress">
            <Stack gap={6}>
              <Group justify="space-between">
                <Text fz="sm" fw={600} data-testid="run-phase">
                  {run ? phaseLabels[run.phase] : 'Starting'}
                </Text>
                <Text fz="sm" c="dimmed" data-testid="run-percent">
                  {run?.percent ?? 0} %
                </Text>
              </Group>
              <Progress value={run?.percent ?? 0} animated size="lg" data-testid="run-bar" />
              <Group justify="space-between">
                <Text fz="xs" c="dimmed">
                  {run?.message ?? 'waiting for the planner'} · you can keep working elsewhere meanwhile
                </Text>
                {mayPlan && runId && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => cancel.mutate()}
                    loading={cancel.isPending}
                    data-testid="run-cancel"
                  >
                    Cancel
                  </Button>
                )}
              </Group>
            </Stack>
          </Panel>
        )}
        <Panel title={`Changes (${s.changes.length})`} testId="scenario-changes">
          {s.changes.length === 0 ? (
            <Text fz="sm" c="dimmed" mb="sm">
              No changes: computing shows what a full re-plan of the live plan would do.
            </Text>
          ) : (
            <List spacing={4} mb="sm">
              {s.changes.map((c) => (
                <List.Item key={c.id} data-testid="scenario-change">
                  <Group gap="xs">
                    <Text fz="sm">{describe(c)}</Text>
                    {editable && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => remove.mutate(c.id)}
                      >
                        Remove
                      </Button>
                    )}
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          {editable && (
            <ScenarioChangeForm onAdd={(c) => add.mutate(c)} pending={add.isPending} error={add.error} />
          )}
        </Panel>
        {result && (
          <>
            <Panel title="Live plan and scenario" padding={0} testId="scenario-compare">
              <KpiCompare live={result.live} replanned={result.replanned} scenario={result.scenario} />
              <Text fz="xs" c="dimmed" p="md">
                {result.operationsMoved} operation(s) of the live plan move
                {result.hypotheticalOperations
                  ? `, ${result.hypotheticalOperations} hypothetical operation(s) added`
                  : ''}{' '}
                · {result.stats.operations} operations planned in{' '}
                {(result.stats.scheduleMs / 1000).toFixed(1)} s ({result.stats.searchIterations} search
                iterations) · adopting writes the scenario: what re-planning alone changes comes with it
              </Text>
            </Panel>
            <Panel
              title={`Order lines that move (${result.lines.length})`}
              padding={0}
              testId="scenario-lines"
            >
              {result.lines.length === 0 ? (
                <Text fz="sm" c="dimmed" p="md">
                  No order line’s completion changes.
                </Text>
              ) : (
                <Table className="takt-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Order line</Table.Th>
                      <Table.Th>Customer</Table.Th>
                      <Table.Th w={120}>Promised</Table.Th>
                      <Table.Th w={200}>Planned: live → scenario</Table.Th>
                      <Table.Th w={200}>P90: live → scenario</Table.Th>
                      <Table.Th w={150}>Promise</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.lines.map((l) => {
                      const later =
                        l.plannedLive !== null && Date.parse(l.plannedScenario) > Date.parse(l.plannedLive);
                      return (
                        <Table.Tr
                          key={l.lineId ?? l.changeId}
                          data-testid="scenario-line"
                          data-order-number={l.orderNumber ?? 'hypothetical'}
                        >
                          <Table.Td>
                            {l.orderNumber ? `${l.orderNumber}/${l.lineNo}` : 'hypothetical'}
                          </Table.Td>
                          <Table.Td>{l.customerName ?? '—'}</Table.Td>
                          <Table.Td>{l.promisedDate ?? l.dueDate ?? '—'}</Table.Td>
                          <Table.Td>
                            <Text
                              span
                              fz="sm"
                              c={l.plannedLive === null ? undefined : later ? 'red.7' : 'teal.7'}
                            >
                              {l.plannedLive ? `${formatPlantDate(l.plannedLive, timeZone)} → ` : ''}
                              {formatPlantDate(l.plannedScenario, timeZone)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {l.p90Live ? `${formatPlantDate(l.p90Live, timeZone)} → ` : ''}
                            {formatPlantDate(l.p90Scenario, timeZone)}
                          </Table.Td>
                          <Table.Td>
                            {l.lateScenario ? (
                              <Badge color="red" variant="light">
                                {l.lateLive ? 'still late' : 'becomes late'}
                              </Badge>
                            ) : l.lateLive ? (
                              <Badge color="teal" variant="light">
                                on time again
                              </Badge>
                            ) : l.promiseChanged ? (
                              <Badge color="gray" variant="light">
                                date moves
                              </Badge>
                            ) : (
                              '—'
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              )}
            </Panel>
            {(result.pinsReleased ?? []).length > 0 && (
              <Panel title="Pins the scenario let go (the live pins stay)">
                <List fz="sm" spacing={2} data-testid="scenario-pins-released">
                  {result.pinsReleased.map((p) => (
                    <List.Item key={p.operationId}>
                      {p.jobNumber} operation {p.operationNumber} on {p.workCenterCode}, pinned{' '}
                      {formatPlantDate(p.pinnedStart, timeZone)}: {p.reason}
                      {p.scenarioStart
                        ? `; planned ${formatPlantDate(p.scenarioStart, timeZone)} instead`
                        : ''}
                    </List.Item>
                  ))}
                </List>
              </Panel>
            )}
            {result.notes.length > 0 && (
              <Panel title="What the scenario assumed">
                <List fz="sm" spacing={2}>
                  {result.notes.map((n) => (
                    <List.Item key={n}>{n}</List.Item>
                  ))}
                </List>
              </Panel>
            )}
          </>
        )}
      </Stack>

      <Modal
        opened={confirm === 'adopt'}
        onClose={() => setConfirm(null)}
        title="Adopt this scenario?"
        size="lg"
      >
        <Stack gap="sm" data-testid="adopt-confirm">
          <Text fz="sm">
            The live plan takes the scenario’s planned times ({result?.operationsMoved ?? 0} operations) and
            the lines are re-promised. Real changes are written too: calendar days of the work centers (a work
            center that shares its calendar gets its own copy), purchase order due dates.
          </Text>
          {hypothetical && (
            <Alert color="yellow" variant="light">
              Hypothetical order lines are not adopted: enter them as sales orders (confirming one plans and
              promises it).
            </Alert>
          )}
          {adopt.error && <ErrorNotice error={adopt.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Keep the live plan
            </Button>
            <Button
              color="teal"
              onClick={() => adopt.mutate()}
              loading={adopt.isPending}
              data-testid="adopt-confirm-button"
            >
              Adopt
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={confirm === 'discard'} onClose={() => setConfirm(null)} title="Discard this scenario?">
        <Stack gap="sm">
          <Text fz="sm">The scenario is kept as discarded; the live plan does not change.</Text>
          {discard.error && <ErrorNotice error={discard.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              onClick={() => discard.mutate()}
              loading={discard.isPending}
              data-testid="discard-confirm-button"
            >
              Discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
