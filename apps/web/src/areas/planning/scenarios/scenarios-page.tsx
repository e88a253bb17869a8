/**
 * The planner's what-if scenarios: each a copy of the live plan with changes, computed apart
 * from it. A new scenario starts empty; its changes are added on its own page.
 */
import { Badge, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { FormErrorAlert } from '../../../ui/form-error-alert';
import { formatDateTime } from '../../../ui/format';
import { ListFooter } from '../../../ui/list-footer';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../../ui/problem-form-errors';
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';
import { createScenario, scenarioListQuery, scenarioStatusColors } from './scenario-api';

const LIMIT = 50;

const percent = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} %`);

export function ScenariosPage() {
  const search = useSearch({ from: '/signed-in/planning/scenarios' });
  const navigate = useNavigate({ from: '/planning/scenarios' });
  const offset = search.offset ?? 0;
  const mayPlan = useCan('write', 'ProductionJob');
  const queryClient = useQueryClient();
  const list = useQuery({
    ...scenarioListQuery({ offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const [name, setName] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: () => createScenario({ name, changes: [] }, `${key}:${name}`),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['planning', 'scenarios'] });
      await navigate({ to: '/planning/scenarios/$scenarioId', params: { scenarioId: created.id } });
    },
  });
  const errors: FormErrors<'name'> = create.error
    ? formErrorsFrom(create.error, ['name'] as const)
    : noFormErrors;

  return (
    <>
      <PageHeader
        title="What-if scenarios"
        subtitle="Copy the plan, change it (a shift, an order, a machine down, a late supplier), re-plan and compare; the live plan changes only when a scenario is adopted"
        actions={
          <AnchorLink to="/planning/board" fz="sm">
            Planning board
          </AnchorLink>
        }
      />
      {mayPlan && (
        <Panel title="New scenario">
          <FormErrorAlert errors={errors} />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <Group align="flex-end">
              <TextInput
                label="Name"
                name="name"
                placeholder="e.g. FP16 maintenance next week"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.fields.name}
                w={360}
                data-testid="scenario-name"
              />
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!name.trim()}
                data-testid="scenario-create"
              >
                Create scenario
              </Button>
            </Group>
          </form>
        </Panel>
      )}
      <div style={{ height: 12 }} />
      <Panel padding={0}>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Text p="md" c="dimmed" fz="sm">
            No scenarios yet.
          </Text>
        ) : (
          <>
            <Table className="takt-table" data-testid="scenarios-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th w={100} className="takt-num">
                    Changes
                  </Table.Th>
                  <Table.Th w={130} className="takt-num">
                    On time live
                  </Table.Th>
                  <Table.Th w={150} className="takt-num">
                    On time scenario
                  </Table.Th>
                  <Table.Th w={180}>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((s) => (
                  <Table.Tr key={s.id} data-testid="scenario-row">
                    <Table.Td>
                      <AnchorLink to="/planning/scenarios/$scenarioId" params={{ scenarioId: s.id }}>
                        {s.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={scenarioStatusColors[s.status]} variant="light">
                        {s.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td className="takt-num">{s.changeCount}</Table.Td>
                    <Table.Td className="takt-num">{percent(s.onTimePercentLive)}</Table.Td>
                    <Table.Td className="takt-num">{percent(s.onTimePercentScenario)}</Table.Td>
                    <Table.Td>
                      {formatDateTime(s.createdAt)} · {s.createdBy}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <ListFooter
              total={list.data.total}
              offset={offset}
              limit={LIMIT}
              onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
            />
          </>
        )}
      </Panel>
    </>
  );
}
