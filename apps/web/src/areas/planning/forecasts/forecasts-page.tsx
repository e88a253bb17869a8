/**
 * Demand forecasts: what is expected to be ordered of assemble-to-order and make-to-stock items
 * per period, how much orders already consumed and what planning still plans to. Adding,
 * changing or deleting one plans (or takes back) its supply at once; the page says what.
 */
import { Alert, Badge, Button, Group, Modal, Progress, Stack, Switch, Table, Text } from '@mantine/core';
import type { Forecast, ForecastChange } from '@takt/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatQuantity } from '../../../ui/format';
import { ListFooter } from '../../../ui/list-footer';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';
import { ForecastForm } from './forecast-form';
import { deleteForecast, forecastListQuery } from './forecasts-api';

const LIMIT = 50;

const dateLabel = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

export function ForecastsPage() {
  const canWrite = useCan('write', 'Requisition');
  const client = useQueryClient();
  const [past, setPast] = useState(false);
  const [offset, setOffset] = useState(0);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Forecast | null>(null);
  const [changed, setChanged] = useState<{ verb: string; change: ForecastChange } | null>(null);
  const list = useQuery({
    ...forecastListQuery({ past, offset, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const done = async (verb: string, change: ForecastChange) => {
    setChanged({ verb, change });
    setAdding(false);
    setEditing(null);
    setDeleting(null);
    await Promise.all([
      client.invalidateQueries({ queryKey: ['planning'] }),
      client.invalidateQueries({ queryKey: ['requisitions'] }),
    ]);
  };
  const remove = useMutation({
    mutationFn: (f: Forecast) => deleteForecast(f.id, f.version),
    onSuccess: (change) => done('Deleted', change),
  });

  return (
    <>
      <PageHeader
        title="Forecasts"
        subtitle="Orders expected per period: an ATO item's components, an MTS item itself, are bought and made to them; orders in the period consume them"
        actions={
          canWrite &&
          !adding && (
            <Button size="sm" onClick={() => setAdding(true)} data-testid="add-forecast">
              Add forecast
            </Button>
          )
        }
      />
      <Stack gap="md">
        {changed && (
          <Alert
            color="green"
            withCloseButton
            onClose={() => setChanged(null)}
            title={`${changed.verb}${changed.change.forecast ? `: ${changed.change.forecast.itemNumber}` : ''}`}
            data-testid="forecast-change"
          >
            <Text fz="sm">{supplySentence(changed.change)}</Text>
          </Alert>
        )}
        {adding && (
          <Panel title="New forecast">
            <ForecastForm onDone={(c) => done('Planned', c)} onCancel={() => setAdding(false)} />
          </Panel>
        )}
        <Panel padding={0}>
          <Group p="sm" justify="space-between">
            <Switch
              size="sm"
              label="Show ended periods"
              checked={past}
              onChange={(e) => {
                setPast(e.currentTarget.checked);
                setOffset(0);
              }}
            />
          </Group>
          {list.isPending ? (
            <PageLoader />
          ) : list.isError ? (
            <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <>
              <Table className="takt-table" data-testid="forecasts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Item</Table.Th>
                    <Table.Th w={230}>Period</Table.Th>
                    <Table.Th w={110} className="takt-num">
                      Forecast
                    </Table.Th>
                    <Table.Th w={210}>Ordered</Table.Th>
                    <Table.Th w={120} className="takt-num">
                      Still planned
                    </Table.Th>
                    <Table.Th>Note</Table.Th>
                    <Table.Th w={130} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((f) =>
                    editing === f.id ? (
                      <Table.Tr key={f.id} bg="gray.0">
                        <Table.Td colSpan={7} py="sm">
                          <Text fz="sm" fw={600} mb={6}>
                            {f.itemNumber} · {f.itemName}
                          </Text>
                          <ForecastForm
                            forecast={f}
                            onDone={(c) => done('Re-planned', c)}
                            onCancel={() => setEditing(null)}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ) : (
                      <ForecastRow
                        key={f.id}
                        forecast={f}
                        canWrite={canWrite}
                        onEdit={() => setEditing(f.id)}
                        onDelete={() => {
                          remove.reset();
                          setDeleting(f);
                        }}
                      />
                    ),
                  )}
                  {list.data.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={7}>
                        <Text c="dimmed" fz="sm" ta="center" py="lg">
                          {past ? 'No forecasts yet.' : 'No forecast for a current or future period.'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
              <div style={{ padding: '0 var(--mantine-spacing-sm) var(--mantine-spacing-sm)' }}>
                <ListFooter total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
              </div>
            </>
          )}
        </Panel>
      </Stack>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete the forecast of ${deleting.itemNumber}` : ''}
      >
        {deleting && (
          <Stack gap="sm">
            <Text fz="sm">
              {formatQuantity(deleting.quantity, deleting.uom)} for {dateLabel(deleting.periodStart)} –{' '}
              {dateLabel(deleting.periodEnd)}. The requisitions and planned jobs that serve only this forecast
              are cancelled; what orders already use stays.
            </Text>
            {remove.error && <ErrorNotice error={remove.error} />}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Back
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting)}>
                Delete forecast
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function ForecastRow({
  forecast: f,
  canWrite,
  onEdit,
  onDelete,
}: {
  forecast: Forecast;
  canWrite: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const share = f.quantity > 0 ? Math.min(100, (f.consumedQuantity / f.quantity) * 100) : 0;
  return (
    <Table.Tr data-testid="forecast" data-item={f.itemNumber} c={f.past ? 'dimmed' : undefined}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <AnchorLink to="/items/$itemId" params={{ itemId: f.itemId }} className="takt-mono" fz="sm">
            {f.itemNumber}
          </AnchorLink>
          <Badge size="xs" variant="light" color={f.strategy === 'ATO' ? 'grape' : 'steel'}>
            {f.strategy}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed" truncate maw={320}>
          {f.itemName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text fz="sm">
          {dateLabel(f.periodStart)} – {dateLabel(f.periodEnd)}
        </Text>
        {f.past && (
          <Badge size="xs" color="gray">
            ended
          </Badge>
        )}
      </Table.Td>
      <Table.Td className="takt-num">{formatQuantity(f.quantity, f.uom)}</Table.Td>
      <Table.Td>
        <Group gap={8} wrap="nowrap">
          <Progress value={share} w={80} size="sm" color={share >= 100 ? 'green' : 'steel'} />
          <Text fz="sm" data-testid="consumed">
            {formatQuantity(f.consumedQuantity)}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td className="takt-num" fw={600} data-testid="remaining">
        {formatQuantity(f.remainingQuantity)}
      </Table.Td>
      <Table.Td>
        <Text fz="sm" truncate maw={260}>
          {f.note}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        {canWrite && !f.past && (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <Button size="compact-xs" variant="default" onClick={onEdit}>
              Edit
            </Button>
            <Button size="compact-xs" variant="light" color="red" onClick={onDelete}>
              Delete
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** "3 requisitions planned (PR-000012 …), 1 planned job cancelled". */
function supplySentence(c: ForecastChange): string {
  const parts = [
    [c.createdRequisitions, 'requisition', 'planned'],
    [c.createdJobs, 'job', 'planned'],
    [c.cancelledRequisitions, 'requisition', 'cancelled'],
    [c.cancelledJobs, 'planned job', 'cancelled'],
  ] as const;
  const said = parts
    .filter(([numbers]) => numbers.length > 0)
    .map(
      ([numbers, what, verb]) =>
        `${numbers.length} ${what}${numbers.length === 1 ? '' : 's'} ${verb} (${numbers.slice(0, 4).join(', ')}${numbers.length > 4 ? ' …' : ''})`,
    );
  return said.length > 0
    ? `${said.join('; ')}.`
    : 'Nothing to buy or make: stock, open supply and what orders consumed cover it.';
}
