/**
 * One engineering change: what it proposes, its impact computed now (jobs, purchases, stock,
 * cost and each affected order line's promise), the price of a customer's change, approve or
 * reject, implement, and its history.
 */
import { Badge, Button, Group, NumberInput, SimpleGrid, Stack, Table, Text, Timeline } from '@mantine/core';
import {
  bom as bomSchema,
  type EngineeringChange,
  type EngineeringChangeImpact,
  engineeringChange,
} from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatDateTime, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { projectQuery } from '../projects/projects-api';
import { ecoImpactQuery, ecoQuery, ecoStatusColors } from './eco-api';
import {
  type ChangeRow,
  changesOfRows,
  describeChange,
  LineChangesTable,
  lineChangeInputs,
  rowsOfChanges,
} from './eco-line-changes';

export function EngineeringChangePage() {
  const { ecoId } = useParams({ from: '/signed-in/engineering-changes/$ecoId' });
  const queryClient = useQueryClient();
  const eco = useQuery(ecoQuery(ecoId));
  const open = eco.data && (eco.data.status === 'requested' || eco.data.status === 'approved');
  const impact = useQuery({ ...ecoImpactQuery(ecoId), enabled: !!open });
  const canWrite = useCan('write', 'EngineeringChange');
  const canDecide = useCan('write', 'EngineeringChangeApproval');
  const [margin, setMargin] = useState<number | string>(20);
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const [busy, setBusy] = useState(false);
  if (eco.isPending) return <PageLoader />;
  if (eco.isError) return <ErrorNotice error={eco.error} onRetry={() => eco.refetch()} />;
  const c = eco.data;
  const act = async (path: string, body: Record<string, unknown> = {}) => {
    setBusy(true);
    setErrors(noFormErrors);
    try {
      const next = await api.post(
        `/api/engineering-changes/${c.id}/${path}`,
        { version: c.version, ...body },
        { schema: engineeringChange },
      );
      // the change as it is now first: an implemented change has no impact to compute any more
      queryClient.setQueryData(ecoQuery(c.id).queryKey, next);
      await queryClient.invalidateQueries({
        queryKey: ['engineering-changes'],
        predicate: (q) => q.queryKey[1] !== c.id,
      });
      if (next.status === 'requested' || next.status === 'approved')
        await queryClient.invalidateQueries({ queryKey: ecoImpactQuery(c.id).queryKey });
      await queryClient.invalidateQueries({ queryKey: ['items'] });
      if (next.projectId) await queryClient.invalidateQueries({ queryKey: ['projects', next.projectId] });
    } catch (e) {
      setErrors(formErrorsFrom(e, []));
    } finally {
      setBusy(false);
    }
  };
  const shown: EngineeringChangeImpact | null | undefined = open ? impact.data : c.impact;
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/engineering-changes" fz="xs" c="dimmed">
            Engineering changes
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono">{c.number}</span>{' '}
            <Text span inherit fw={400}>
              {c.title}
            </Text>
          </>
        }
        badges={
          <Badge color={ecoStatusColors[c.status]} data-testid="eco-status">
            {c.status}
          </Badge>
        }
        actions={
          <Group gap="xs">
            {canDecide && c.status === 'requested' && (
              <>
                <Button size="sm" variant="default" color="red" loading={busy} onClick={() => act('reject')}>
                  Reject
                </Button>
                <Button size="sm" loading={busy} onClick={() => act('approve')}>
                  Approve
                </Button>
              </>
            )}
            {canWrite && c.status === 'approved' && (
              <Button size="sm" loading={busy} onClick={() => act('implement')} data-testid="eco-implement">
                Implement
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="md">
        <FormErrorAlert errors={errors} onReload={() => eco.refetch()} />
        <Panel title="Request">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Fact label="Item">
              <AnchorLink to="/items/$itemId" params={{ itemId: c.itemId }} className="takt-mono">
                {c.itemNumber}
              </AnchorLink>{' '}
              {c.itemName}
            </Fact>
            <Fact label="Revision">
              {c.baseBom ? `${c.baseBom.revision} (${c.baseBom.status})` : 'none'} → {c.proposedBom.revision}{' '}
              ({c.proposedBom.status})
            </Fact>
            <Fact label="Requested by">{c.requestedBy}</Fact>
            <Fact label="Reason">{c.reason}</Fact>
            {c.projectId && (
              <Fact label="Project">
                <ProjectLink projectId={c.projectId} />
              </Fact>
            )}
          </SimpleGrid>
        </Panel>
        {c.lineChanges && <LineChangesPanel change={c} canEdit={canWrite && c.status === 'requested'} />}
        {c.requestedBy === 'customer' && (
          <Panel title="Price of the customer's change" testId="eco-pricing">
            {c.pricing ? (
              <SimpleGrid cols={3}>
                <Fact label="Cost delta">
                  {formatMoney({ amount: c.pricing.costDelta, currency: c.pricing.currency })}
                </Fact>
                <Fact label="Margin">{c.pricing.marginPercent} %</Fact>
                <Fact label="Price delta">
                  {formatMoney({ amount: c.pricing.priceDelta, currency: c.pricing.currency })}
                </Fact>
              </SimpleGrid>
            ) : (
              <Text fz="sm" c="dimmed">
                Not priced yet: a customer's change is priced before it is approved.
              </Text>
            )}
            {canWrite && c.status === 'requested' && (
              <Group mt="sm" align="flex-end">
                <NumberInput
                  label="Margin on the cost delta (%)"
                  value={margin}
                  onChange={setMargin}
                  w={220}
                />
                <Button
                  variant="light"
                  loading={busy}
                  onClick={() => act('price', { marginPercent: Number(margin) })}
                >
                  Price it
                </Button>
              </Group>
            )}
          </Panel>
        )}
        <Panel
          title={open ? 'Impact if implemented now (computed, nothing changed)' : 'Impact as implemented'}
          testId="eco-impact"
        >
          {open && impact.isPending ? (
            <Text fz="sm" c="dimmed">
              Computing the impact with the planning engine…
            </Text>
          ) : open && impact.isError ? (
            <ErrorNotice error={impact.error} onRetry={() => impact.refetch()} />
          ) : shown ? (
            <ImpactView impact={shown} />
          ) : (
            <Text fz="sm" c="dimmed">
              No impact recorded.
            </Text>
          )}
        </Panel>
        <Panel title="History" testId="eco-history">
          <Timeline active={c.history.length} bulletSize={14} lineWidth={2}>
            {c.history.map((h) => (
              <Timeline.Item key={`${h.at}-${h.action}`} title={`${h.action} → ${h.toStatus}`}>
                <Text fz="xs" c="dimmed">
                  {formatDateTime(h.at)} · {h.actorName}
                  {h.note ? ` · ${h.note}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Panel>
      </Stack>
    </>
  );
}

function ImpactView({ impact: i }: { impact: EngineeringChangeImpact }) {
  const money = (amount: number) => formatMoney({ amount, currency: i.cost.currency });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label="Unit cost">
          {money(i.cost.unitBefore)} → {money(i.cost.unitAfter)}
        </Fact>
        <Fact label="Cost delta, affected lines">{money(i.cost.linesDelta)}</Fact>
        <Fact label="Jobs">
          {i.cancelledJobs.length} re-planned · {i.keptJobs.length} started (decide) · {i.createdJobs.length}{' '}
          new
        </Fact>
        <Fact label="Purchases">
          {i.cancelledRequisitions.length} requisitions cancelled · {i.createdRequisitions.length} new ·{' '}
          {i.purchasesOfRemovedItems.length + i.orderedPurchases.length} PO lines to decide
        </Fact>
      </SimpleGrid>
      <Text fw={600} fz="sm">
        BOM changes
      </Text>
      <Table fz="sm" withTableBorder>
        <Table.Tbody>
          {i.bomChanges
            .filter((b) => b.change !== 'unchanged')
            .map((b) => (
              <Table.Tr key={`${b.change}${b.position}${b.childNumber}`}>
                <Table.Td w={110}>
                  <Badge color={b.change === 'added' ? 'green' : b.change === 'removed' ? 'red' : 'orange'}>
                    {b.change}
                  </Badge>
                </Table.Td>
                <Table.Td w={60}>{b.position}</Table.Td>
                <Table.Td className="takt-mono">{b.childNumber}</Table.Td>
                <Table.Td>{b.childName}</Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(b.quantityBefore)} → {formatQuantity(b.quantityAfter)}
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} fz="sm">
        Order lines re-promised
      </Text>
      <Table fz="sm" withTableBorder data-testid="eco-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th>Promised</Table.Th>
            <Table.Th>New promise</Table.Th>
            <Table.Th ta="right">Days</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {i.lines.map((l) => (
            <Table.Tr key={l.salesOrderLineId}>
              <Table.Td className="takt-mono">
                {l.orderNumber}/{l.lineNo}
              </Table.Td>
              <Table.Td className="takt-mono">{l.itemNumber}</Table.Td>
              <Table.Td>{formatDate(l.before.promisedDate)}</Table.Td>
              <Table.Td>{formatDate(l.after.promisedDate)}</Table.Td>
              <Table.Td
                ta="right"
                c={
                  (l.promiseDeltaDays ?? 0) > 0 ? 'red' : (l.promiseDeltaDays ?? 0) < 0 ? 'green' : undefined
                }
              >
                {l.promiseDeltaDays === null
                  ? '—'
                  : `${l.promiseDeltaDays > 0 ? '+' : ''}${l.promiseDeltaDays}`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(i.stock.length > 0 || i.purchasesOfRemovedItems.length > 0 || i.keptJobs.length > 0) && (
        <Stack gap={4}>
          {i.stock.map((s) => (
            <Text key={s.itemNumber} fz="sm">
              Stock <b className="takt-mono">{s.itemNumber}</b> {formatQuantity(s.onHand)}: {s.status}
              {s.usedIn.length ? ` (used in ${s.usedIn.join(', ')})` : ''}
            </Text>
          ))}
          {i.purchasesOfRemovedItems.map((p) => (
            <Text key={`${p.purchaseOrderNumber}/${p.lineNo}`} fz="sm">
              Purchase order {p.purchaseOrderNumber}/{p.lineNo} {p.itemNumber}: {formatQuantity(p.open)} open
              at {p.supplierName}, no longer needed by this item
            </Text>
          ))}
          {i.keptJobs.map((j) => (
            <Text key={j.number} fz="sm">
              Job {j.number} ({j.itemNumber}) is {j.status}: it stays, to be modified or finished as is
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ProjectLink({ projectId }: { projectId: string }) {
  const canRead = useCan('read', 'Project');
  const project = useQuery({ ...projectQuery(projectId), enabled: canRead });
  if (!canRead) return <>—</>;
  return (
    <AnchorLink to="/projects/$projectId" params={{ projectId }} className="takt-mono">
      {project.data?.number ?? '…'}
    </AnchorLink>
  );
}

const bomQuery = (id: string) => ({
  queryKey: ['boms', id],
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get(`/api/boms/${id}`, { schema: bomSchema, signal }),
});

/**
 * The change's line changes against its base revision; while requested they can be edited: the
 * proposed draft is made again from them and the impact above is computed anew.
 */
function LineChangesPanel({ change: c, canEdit }: { change: EngineeringChange; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const base = useQuery({ ...bomQuery(c.baseBom?.id ?? ''), enabled: !!c.baseBom });
  const proposed = useQuery(bomQuery(c.proposedBom.id));
  const [rows, setRows] = useState<ChangeRow[] | null>(null);
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const baseLines = base.data?.lines ?? [];
  const saved = rowsOfChanges(c.lineChanges ?? [], proposed.data?.lines);
  const save = useMutation({
    mutationFn: (edited: ChangeRow[]) =>
      api.put(
        `/api/engineering-changes/${c.id}/line-changes`,
        { version: c.version, lineChanges: changesOfRows(edited) },
        { schema: engineeringChange },
      ),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async (next) => {
      queryClient.setQueryData(ecoQuery(c.id).queryKey, next);
      setRows(null);
      await queryClient.invalidateQueries({ queryKey: ['engineering-changes'] });
      await queryClient.invalidateQueries({ queryKey: ['boms', c.proposedBom.id] });
      await queryClient.invalidateQueries({ queryKey: ['items', c.itemId] });
    },
    onError: (error, edited) => setErrors(formErrorsFrom(error, lineChangeInputs(edited.length))),
  });
  return (
    <Panel
      title={`Line changes to revision ${c.baseBom?.revision ?? '(none)'} → ${c.proposedBom.revision}`}
      testId="eco-line-changes"
      actions={
        canEdit &&
        !rows && (
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => setRows(saved)}
            disabled={!proposed.data}
          >
            Edit line changes
          </Button>
        )
      }
    >
      {rows ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(rows);
          }}
        >
          <FormErrorAlert
            errors={errors}
            onReload={() => queryClient.invalidateQueries({ queryKey: ecoQuery(c.id).queryKey })}
          />
          <LineChangesTable rows={rows} onRows={setRows} base={baseLines} errors={errors} />
          <Group justify="flex-end" gap="xs" mt="sm">
            <Button size="xs" variant="default" onClick={() => setRows(null)}>
              Cancel
            </Button>
            <Button size="xs" type="submit" loading={save.isPending}>
              Save line changes
            </Button>
          </Group>
          <Text fz="xs" c="dimmed" mt={4}>
            Saving makes the proposed revision again from these changes; a price given before is void.
          </Text>
        </form>
      ) : (c.baseBom && !base.data) || !proposed.data ? (
        <Text fz="sm" c="dimmed">
          Loading the revisions…
        </Text>
      ) : (
        <Stack gap={2} data-testid="eco-line-change-list">
          {saved.map((r) => (
            <Text key={r.key} fz="sm" className="takt-mono">
              {describeChange(r, baseLines)}
            </Text>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
