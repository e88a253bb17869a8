/**
 * The operator terminal: a touch-first page for a tablet at the machine. Sign in by badge,
 * choose the work center (remembered on this device), work the dispatch list; open an
 * operation by tapping it or scanning its QR code from the job traveler.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../ui/api-client';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { sessionQuery } from '../../ui/session';
import { workCenterLookupQuery } from '../planning/resources-api';
import { OpenStops } from './open-stops';
import { OperationScreen } from './operation-screen';
import { type DispatchOperation, dispatchListQuery, scannedOperationId, signInByBadge } from './terminal-api';
import { operationStatusColor, operationStatusLabel, shortTime } from './terminal-format';

const WORK_CENTER_KEY = 'takt.terminal.workCenter';

export function TerminalPage() {
  const search = useSearch({ from: '/terminal' });
  const navigate = useNavigate({ from: '/terminal' });
  const queryClient = useQueryClient();
  const sessionState = useQuery({ ...sessionQuery, retry: false });
  const workCenterId = search.wc ?? localStorage.getItem(WORK_CENTER_KEY) ?? undefined;

  if (sessionState.isPending)
    return (
      <Center h="100vh">
        <Loader size="xl" />
      </Center>
    );
  const signedIn = sessionState.data;
  if (!signedIn) return <BadgeScreen />;

  const signOut = async () => {
    await api.post('/api/auth/logout', undefined).catch(() => {});
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    await queryClient.resetQueries({ queryKey: sessionQuery.queryKey });
    await navigate({ search: { wc: workCenterId } });
  };
  const chooseWorkCenter = (id: string | undefined) => {
    if (id) localStorage.setItem(WORK_CENTER_KEY, id);
    else localStorage.removeItem(WORK_CENTER_KEY);
    void navigate({ search: { wc: id } });
  };

  return (
    <Box mih="100vh" bg="gray.1">
      <Group justify="space-between" px="lg" py="sm" bg="steel.9" c="white">
        <Group gap="lg">
          <Title order={3} style={{ letterSpacing: '0.06em' }}>
            TAKT
          </Title>
          <Text size="lg" fw={600}>
            Terminal
          </Text>
        </Group>
        <Group gap="md">
          <Text size="lg" data-testid="operator-name">
            {signedIn.user.name}
          </Text>
          <Button size="lg" variant="white" color="steel" onClick={signOut}>
            Sign out
          </Button>
        </Group>
      </Group>
      <Box p="lg">
        {!workCenterId ? (
          <WorkCenterPicker onChoose={chooseWorkCenter} />
        ) : search.op ? (
          <OperationScreen
            operationId={search.op}
            onBack={() => void navigate({ search: { wc: workCenterId } })}
          />
        ) : (
          <DispatchScreen
            workCenterId={workCenterId}
            onOpen={(op) => void navigate({ search: { wc: workCenterId, op } })}
            onChangeWorkCenter={() => chooseWorkCenter(undefined)}
          />
        )}
      </Box>
    </Box>
  );
}

function BadgeScreen() {
  const queryClient = useQueryClient();
  const [badge, setBadge] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn(event?: FormEvent) {
    event?.preventDefault();
    if (!badge.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await signInByBadge(badge);
      // keep the session query (the page observes it); forget what the previous operator saw
      queryClient.setQueryData(sessionQuery.queryKey, signedIn);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBadge('');
    } finally {
      setBusy(false);
    }
  }
  const press = (key: string) => setBadge((b) => (key === '⌫' ? b.slice(0, -1) : b + key));

  return (
    <Center mih="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" w={440} radius="md">
        <form onSubmit={signIn}>
          <Stack gap="md">
            <Title order={2} c="steel.9">
              Scan your badge
            </Title>
            <TextInput
              aria-label="Badge code"
              size="xl"
              autoFocus
              value={badge}
              onChange={(e) => setBadge(e.currentTarget.value)}
              placeholder="badge code"
              autoComplete="off"
            />
            <SimpleGrid cols={3} spacing="sm">
              {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0'].map((key) => (
                <Button key={key} size="xl" h={64} variant="default" onClick={() => press(key)}>
                  {key}
                </Button>
              ))}
              <Button size="lg" h={64} type="submit" loading={busy}>
                Sign in
              </Button>
            </SimpleGrid>
            {error && (
              <Alert color="red" title="Not signed in">
                {error}
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

function WorkCenterPicker({ onChoose }: { onChoose: (id: string) => void }) {
  const { data, error } = useQuery(workCenterLookupQuery());
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!data) return <Loader size="xl" />;
  return (
    <Stack>
      <Title order={2}>Which work center is this terminal at?</Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="md">
        {[...data.values()]
          .filter((wc) => wc.active)
          .map((wc) => (
            <Button key={wc.id} h={96} size="xl" variant="default" onClick={() => onChoose(wc.id)}>
              <Stack gap={0} align="center">
                <Text size="xl" fw={700}>
                  {wc.code}
                </Text>
                <Text size="sm" c="dimmed">
                  {wc.name}
                </Text>
              </Stack>
            </Button>
          ))}
      </SimpleGrid>
    </Stack>
  );
}

function DispatchScreen({
  workCenterId,
  onOpen,
  onChangeWorkCenter,
}: {
  workCenterId: string;
  onOpen: (operationId: string) => void;
  onChangeWorkCenter: () => void;
}) {
  const { data, error } = useQuery(dispatchListQuery(workCenterId));
  const [scan, setScan] = useState('');
  const [scanError, setScanError] = useState<string>();
  const timeZone = usePlantTimeZone();

  const submitScan = (event: FormEvent) => {
    event.preventDefault();
    const id = scannedOperationId(scan);
    setScan('');
    if (id) onOpen(id);
    else setScanError('That is not an operation code from a job traveler.');
  };

  if (error)
    return (
      <Stack>
        <Alert color="red">{error.message}</Alert>
        <Button size="lg" onClick={onChangeWorkCenter}>
          Choose another work center
        </Button>
      </Stack>
    );
  if (!data) return <Loader size="xl" />;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Box>
          <Title order={2} data-testid="work-center">
            {data.workCenterCode} · {data.workCenterName}
          </Title>
          <Text c="dimmed">
            {data.operations.length} operation{data.operations.length === 1 ? '' : 's'} to do ·{' '}
            {data.machines} machine{data.machines === 1 ? '' : 's'}
          </Text>
        </Box>
        <Group>
          <form onSubmit={submitScan}>
            <TextInput
              aria-label="Scan an operation"
              size="lg"
              placeholder="scan a traveler QR code"
              value={scan}
              onChange={(e) => {
                setScan(e.currentTarget.value);
                setScanError(undefined);
              }}
              error={scanError}
            />
          </form>
          <Button size="lg" variant="default" onClick={onChangeWorkCenter}>
            Change work center
          </Button>
        </Group>
      </Group>
      <OpenStops workCenterId={workCenterId} />
      {data.operations.length === 0 && (
        <Paper p="xl" withBorder>
          <Text size="xl" c="dimmed" ta="center">
            Nothing released for this work center. Ask your planner to release the next jobs.
          </Text>
        </Paper>
      )}
      {data.operations.map((op) => (
        <DispatchCard key={op.id} op={op} timeZone={timeZone} onOpen={() => onOpen(op.id)} />
      ))}
    </Stack>
  );
}

function DispatchCard({
  op,
  timeZone,
  onOpen,
}: {
  op: DispatchOperation;
  timeZone: string;
  onOpen: () => void;
}) {
  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      component="button"
      onClick={onOpen}
      style={{ textAlign: 'left', cursor: 'pointer', width: '100%' }}
      data-testid="dispatch-operation"
    >
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Text size="xl" fw={700}>
              {op.jobNumber} · {op.number} {op.name}
            </Text>
            <Badge size="xl" color={operationStatusColor[op.status]}>
              {operationStatusLabel[op.status]}
            </Badge>
            {op.rework && (
              <Badge size="xl" color="orange" variant="light" data-testid="rework-badge">
                rework
              </Badge>
            )}
            {op.late && (
              <Badge size="xl" color="red" variant="filled">
                late
              </Badge>
            )}
          </Group>
          <Text size="lg">
            {op.itemNumber} {op.itemName}
          </Text>
          <Text c="dimmed">
            {op.machineCode ?? 'any machine'} · planned {shortTime(op.plannedSetupStart, timeZone)} ·{' '}
            {op.goodQuantity} of {op.quantity} good
            {op.scrapQuantity > 0 ? ` · ${op.scrapQuantity} scrap` : ''}
            {op.operators.length > 0 ? ` · ${op.operators.map((o) => o.name).join(', ')}` : ''}
          </Text>
        </Stack>
        {op.waitingFor.length > 0 && (
          <Badge size="lg" color="yellow" variant="outline">
            waits for {op.waitingFor.join(', ')}
          </Badge>
        )}
      </Group>
    </Card>
  );
}
