/**
 * Editing a project's engineering tasks: number, design work, work center, hours, what it waits
 * for and who answers for it. The list is sent whole (PUT …/engineering-tasks); once the design is
 * in the plan the server revises the job's operations with it and re-times the plan, refusing what
 * the floor already did (a started task cannot be removed or moved, a finished one keeps its
 * hours): each refusal comes back at the task's field.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { type FormErrors, formErrorsFrom, noFormErrors, rowInputs } from '../../ui/problem-form-errors';
import { workCenterListQuery } from '../planning/resources-api';
import { type Project, projectPeopleQuery, projectQuery, projectSchema } from './projects-api';

interface Row {
  key: string;
  number: string;
  name: string;
  workCenterId: string | null;
  hours: number | string;
  predecessors: string[];
  description: string;
  ownerId: string | null;
  /** the operation's status on the floor, when planned */
  status: string | null;
}

const cells = ['number', 'name', 'workCenterId', 'hours', 'predecessors', 'ownerId'] as const;
const STARTED = new Set(['setup', 'running', 'paused', 'done']);
let newKeys = 0;

const rowsOf = (p: Project): Row[] =>
  p.engineeringTasks.map((t) => ({
    key: t.id,
    number: t.number,
    name: t.name,
    workCenterId: t.workCenterId,
    hours: t.hours,
    predecessors: t.predecessors,
    description: t.description,
    ownerId: t.ownerId,
    status: t.operation?.status ?? null,
  }));

/** E010, E020, …: the next free ten. */
function nextNumber(rows: Row[]): string {
  const highest = rows.reduce((m, r) => Math.max(m, Number(r.number.slice(1)) || 0), 0);
  return `E${String(Math.floor(highest / 10) * 10 + 10).padStart(3, '0')}`;
}

export function EngineeringTasksModal({ project: p, onClose }: { project: Project; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(p));
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const centers = useQuery(workCenterListQuery({ offset: 0, limit: 500 }));
  const people = useQuery(projectPeopleQuery());
  const planned = p.engineeringTasks.some((t) => t.operation);
  const save = useMutation({
    mutationFn: () =>
      api.put(
        `/api/projects/${p.id}/engineering-tasks`,
        {
          version: p.version,
          tasks: rows.map((r) => ({
            number: r.number.trim(),
            name: r.name,
            workCenterId: r.workCenterId ?? '',
            hours: r.hours === '' ? 0 : Number(r.hours),
            predecessors: r.predecessors,
            description: r.description,
            ownerId: r.ownerId,
          })),
        },
        { schema: projectSchema },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (next) => {
      queryClient.setQueryData(projectQuery(p.id).queryKey, next);
      await queryClient.invalidateQueries({ queryKey: ['projects', p.id, 'cost'] });
      onClose();
    },
    onError: (error) => setErrors(formErrorsFrom(error, rowInputs('tasks', rows.length, cells))),
  });
  const set = (x: number, change: Partial<Row>) => {
    setRows((rs) => rs.map((r, i) => (i === x ? { ...r, ...change } : r)));
    // what the server said about a cell no longer holds once it is edited
    setErrors((e) => ({
      ...e,
      fields: Object.fromEntries(
        Object.entries(e.fields).filter(
          ([field]) => !Object.keys(change).some((c) => field === `tasks.${x}.${c}`),
        ),
      ),
    }));
  };
  const errorOf = (x: number, cell: (typeof cells)[number]) => errors.fields[`tasks.${x}.${cell}`];
  // design work centers first (TD-…), then the rest of the plant
  const centerOptions = [...(centers.data?.items ?? [])]
    .sort(
      (a, b) =>
        Number(b.code.startsWith('TD-')) - Number(a.code.startsWith('TD-')) || a.code.localeCompare(b.code),
    )
    .map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }));
  const peopleOptions = (people.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title="Engineering tasks" size={1180}>
      <form onSubmit={submit} noValidate data-testid="engineering-tasks-editor">
        {planned && (
          <Text fz="xs" c="dimmed" mb="xs">
            The design is in the plan as operations of{' '}
            {p.engineeringTasks.find((t) => t.operation)?.operation?.jobNumber}: saving changes them and
            re-times the plan. Started tasks stay on their work center, finished ones keep their hours.
          </Text>
        )}
        <FormErrorAlert
          errors={errors}
          onReload={() => queryClient.invalidateQueries({ queryKey: projectQuery(p.id).queryKey })}
        />
        <Table className="takt-table" verticalSpacing={4} highlightOnHover={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Task</Table.Th>
              <Table.Th>Design work</Table.Th>
              <Table.Th w={230}>Work center</Table.Th>
              <Table.Th w={90}>Hours</Table.Th>
              <Table.Th w={170}>After</Table.Th>
              <Table.Th w={170}>Owner</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, x) => {
              const started = r.status !== null && STARTED.has(r.status);
              return (
                <Table.Tr
                  key={r.key}
                  data-testid="task-edit-row"
                  data-number={r.number}
                  style={{ verticalAlign: 'top' }}
                >
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Number of task ${x + 1}`}
                      value={r.number}
                      disabled={r.status !== null}
                      onChange={(e) => set(x, { number: e.currentTarget.value })}
                      error={errorOf(x, 'number')}
                    />
                    {r.status && (
                      <Badge size="xs" variant="light" color={started ? 'blue' : 'gray'} mt={4}>
                        {r.status}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Design work of task ${x + 1}`}
                      value={r.name}
                      onChange={(e) => set(x, { name: e.currentTarget.value })}
                      error={errorOf(x, 'name')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={`Work center of task ${x + 1}`}
                      data={centerOptions}
                      value={r.workCenterId}
                      onChange={(v) => set(x, { workCenterId: v })}
                      allowDeselect={false}
                      searchable
                      error={errorOf(x, 'workCenterId')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      aria-label={`Hours of task ${x + 1}`}
                      value={r.hours}
                      min={0}
                      decimalScale={2}
                      onChange={(v) => set(x, { hours: v })}
                      error={errorOf(x, 'hours')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      size="xs"
                      aria-label={`Predecessors of task ${x + 1}`}
                      data={rows
                        .filter((o) => o.key !== r.key && o.number.trim())
                        .map((o) => o.number.trim())}
                      value={r.predecessors}
                      onChange={(v) => set(x, { predecessors: v })}
                      error={errorOf(x, 'predecessors')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={`Owner of task ${x + 1}`}
                      placeholder="—"
                      data={peopleOptions}
                      value={r.ownerId}
                      onChange={(v) => set(x, { ownerId: v })}
                      clearable
                      searchable
                      error={errorOf(x, 'ownerId')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={2}
                      aria-label={`Remove task ${r.number}`}
                      title={started ? `${r.number} is ${r.status}: it stays` : `Remove ${r.number}`}
                      disabled={started}
                      onClick={() =>
                        setRows((rs) =>
                          rs
                            .filter((_, i) => i !== x)
                            .map((o) => ({
                              ...o,
                              predecessors: o.predecessors.filter((n) => n !== r.number),
                            })),
                        )
                      }
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group justify="space-between" mt="sm">
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              setRows((rs) => {
                const last = rs.at(-1);
                return [
                  ...rs,
                  {
                    key: `new-${++newKeys}`,
                    number: nextNumber(rs),
                    name: '',
                    workCenterId: last?.workCenterId ?? centerOptions[0]?.value ?? null,
                    hours: 8,
                    predecessors: last ? [last.number] : [],
                    description: '',
                    ownerId: null,
                    status: null,
                  },
                ];
              })
            }
          >
            Add task
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save tasks
            </Button>
          </Group>
        </Group>
      </form>
    </Modal>
  );
}
