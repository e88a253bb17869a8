import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { page, type Role, roles, user } from '@takt/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../ui/api-client';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { useCan } from '../../ui/session';

const usersPage = page(user);
const LIMIT = 50;

export function UsersPage() {
  const canWrite = useCan('write', 'User');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [creating, { open, close }] = useDisclosure(false);
  const users = useQuery({
    queryKey: ['users', { q, offset }],
    queryFn: ({ signal }) =>
      api.get('/api/users', { query: { q, offset, limit: LIMIT }, schema: usersPage, signal }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="People who sign in to Takt, and the roles that decide what they see and change"
        actions={
          canWrite && (
            <Button size="sm" onClick={open}>
              New user
            </Button>
          )
        }
      />
      <Panel padding={0}>
        <Group p="sm">
          <TextInput
            placeholder="Search name or email"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setOffset(0);
            }}
            w={320}
            aria-label="Search users"
          />
        </Group>
        {users.isPending ? (
          <PageLoader />
        ) : users.isError ? (
          <ErrorNotice error={users.error} onRetry={() => users.refetch()} />
        ) : (
          <>
            <Table className="takt-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Roles</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.items.map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row">
                    <Table.Td fw={500}>{u.name}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.roles.map((r) => (
                          <Badge key={r} size="sm" color="gray">
                            {r}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {u.active ? (
                        <Badge size="sm" color="green">
                          active
                        </Badge>
                      ) : (
                        <Badge size="sm" color="gray">
                          inactive
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {users.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Text c="dimmed" fz="sm" ta="center" py="md">
                        No users match.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
            <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
              <ListFooter total={users.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          </>
        )}
      </Panel>
      <Modal opened={creating} onClose={close} title="New user" size="md">
        <CreateUserForm onDone={close} />
      </Modal>
    </>
  );
}

const inputs = ['email', 'name', 'password', 'roles'] as const;
type Input = (typeof inputs)[number];

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [chosenRoles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<FormErrors<Input>>(noFormErrors);
  const create = useMutation({
    mutationFn: () => api.post('/api/users', { email, name, password, roles: chosenRoles }, { schema: user }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
    onError: (error) => setErrors(formErrorsFrom(error, inputs)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(noFormErrors);
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="user-create-form">
      <Stack gap="sm">
        {errors.form && (
          <Alert color="red" variant="light">
            {errors.form}
          </Alert>
        )}
        <TextInput
          label="Name"
          name="name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.fields.name}
          data-autofocus
        />
        <TextInput
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.fields.email}
        />
        <PasswordInput
          label="Initial password"
          name="password"
          description="At least 8 characters; the user can change it later"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.fields.password}
        />
        <MultiSelect
          label="Roles"
          name="roles"
          data={roles.map((r) => ({ value: r, label: r }))}
          value={chosenRoles}
          onChange={(v) => setRoles(v as Role[])}
          error={errors.fields.roles}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
