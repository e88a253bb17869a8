/**
 * MRP's exception messages over the plant as it stands, with the orders they touch and the
 * one-click answers: expedite or reschedule a purchase order line, requisition or job to the
 * need date, cancel a requisition nothing needs. Each click asks to confirm, runs as one
 * transaction on the server (which checks the situation again) and says what changed.
 */
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { ExceptionAction, ExceptionActionResult, MrpExceptionMessage } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, formatQuantity } from '../../../ui/format';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { usePlantTimeZone } from '../../../ui/plant-time-zone';
import { AnchorLink } from '../../../ui/router-links';
import { useCan } from '../../../ui/session';
import { actOnException, exceptionsQuery } from './insight-api';
import { LatePurchasesPanel } from './late-purchases-panel';

const kindColors: Record<MrpExceptionMessage['kind'], string> = {
  late: 'red',
  shortage: 'red',
  expedite: 'orange',
  defer: 'blue',
  cancel: 'gray',
};
const fieldLabels: Record<string, string> = {
  dueAt: 'due',
  neededAt: 'needed',
  due: 'due',
  status: 'status',
};
const actionLabels: Record<ExceptionAction, string> = {
  expedite: 'Expedite',
  reschedule: 'Reschedule',
  cancel: 'Cancel requisition',
};

export function ExceptionsPage() {
  const timeZone = usePlantTimeZone();
  const client = useQueryClient();
  const mayAct = useCan('write', 'Requisition');
  const result = useQuery(exceptionsQuery());
  const [pending, setPending] = useState<{ exception: MrpExceptionMessage; action: ExceptionAction } | null>(
    null,
  );
  const [done, setDone] = useState<ExceptionActionResult | null>(null);
  const act = useMutation({
    mutationFn: (p: { exception: MrpExceptionMessage; action: ExceptionAction }) =>
      actOnException({
        action: p.action,
        key: p.exception.key,
        version: p.exception.version ?? 1,
        date: p.exception.date,
      }),
    onSuccess: (r) => {
      setDone(r);
      setPending(null);
      void client.invalidateQueries({ queryKey: ['planning'] });
      void client.invalidateQueries({ queryKey: ['purchase-orders'] });
    },
  });
  if (result.isPending) return <PageLoader />;
  if (result.error) return <ErrorNotice error={result.error} onRetry={() => result.refetch()} />;
  const list = result.data.exceptions;
  return (
    <>
      <PageHeader
        title="MRP exceptions"
        subtitle="What MRP says about the plan as it stands: supply to bring forward, push back or cancel, and what cannot be in time"
      />
      {done && (
        <Alert
          mb="md"
          color={done.resolved ? 'green' : 'yellow'}
          title={done.resolved ? 'Done: the exception is gone' : 'Done, but MRP still reports it'}
          withCloseButton
          onClose={() => setDone(null)}
          data-testid="action-result"
        >
          <Stack gap={2}>
            {done.changes.map((c) => (
              <Text key={`${c.document}-${c.field}`} fz="sm">
                {c.document}: {fieldLabels[c.field] ?? c.field}{' '}
                {c.from ? formatDateTime(c.from, timeZone) || c.from : '—'} →{' '}
                {c.to ? formatDateTime(c.to, timeZone) || c.to : '—'}
              </Text>
            ))}
            <Text fz="sm" c="dimmed">
              Exceptions {done.exceptionsBefore} → {done.exceptionsAfter}.{' '}
              {done.promises.length > 0
                ? `Promises moved: ${done.promises.map((p) => `${p.orderNumber}/${p.lineNo} P90 ${formatDateTime(p.p90Before, timeZone)} → ${formatDateTime(p.p90After, timeZone)}`).join('; ')}`
                : 'No promise moved.'}
            </Text>
          </Stack>
        </Alert>
      )}
      <LatePurchasesPanel timeZone={timeZone} />
      <Panel title="Exception messages" padding={0}>
        {list.length === 0 ? (
          <Text c="dimmed" p="md">
            MRP has nothing to report.
          </Text>
        ) : (
          <Table className="takt-table" data-testid="exceptions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>Kind</Table.Th>
                <Table.Th>Item</Table.Th>
                <Table.Th w={130}>Supply</Table.Th>
                <Table.Th w={90} className="takt-num">
                  Quantity
                </Table.Th>
                <Table.Th w={160}>Due now</Table.Th>
                <Table.Th w={160}>Needed / possible</Table.Th>
                <Table.Th>Orders</Table.Th>
                <Table.Th w={170} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((e) => (
                <Table.Tr
                  key={e.key}
                  data-testid="exception"
                  data-kind={e.kind}
                  data-supply-kind={e.supplyKind ?? ''}
                >
                  <Table.Td>
                    <Badge size="sm" miw="max-content" color={kindColors[e.kind]}>
                      {e.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink
                      to="/items/$itemId"
                      params={{ itemId: e.itemId }}
                      className="takt-mono"
                      fz="sm"
                    >
                      {e.itemNumber}
                    </AnchorLink>
                    <Text fz="xs" c="dimmed">
                      {e.message}
                    </Text>
                  </Table.Td>
                  <Table.Td className="takt-mono">
                    {e.supplyKind === 'purchase-order-line' && e.documentId ? (
                      <AnchorLink
                        to="/purchase-orders/$purchaseOrderId"
                        params={{ purchaseOrderId: e.documentId }}
                        fz="sm"
                      >
                        {e.supplyNumber}
                      </AnchorLink>
                    ) : e.supplyKind === 'job' && e.documentId ? (
                      <AnchorLink to="/jobs/$jobId" params={{ jobId: e.documentId }} fz="sm">
                        {e.supplyNumber}
                      </AnchorLink>
                    ) : (
                      (e.supplyNumber ?? '—')
                    )}
                  </Table.Td>
                  <Table.Td className="takt-num">{formatQuantity(e.quantity)}</Table.Td>
                  <Table.Td>{e.supplyDueAt ? formatDateTime(e.supplyDueAt, timeZone) : ''}</Table.Td>
                  <Table.Td fw={600}>{formatDateTime(e.date, timeZone)}</Table.Td>
                  <Table.Td>
                    {e.lines.map((l) => (
                      <AnchorLink
                        key={l.lineId}
                        to="/sales-orders/$orderId"
                        params={{ orderId: l.orderId }}
                        fz="sm"
                        mr={6}
                        className="takt-mono"
                      >
                        {l.orderNumber}/{l.lineNo}
                      </AnchorLink>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {mayAct &&
                        e.actions.map((a) => (
                          <Button
                            key={a}
                            size="compact-xs"
                            variant={a === 'cancel' ? 'light' : 'filled'}
                            color={a === 'cancel' ? 'red' : undefined}
                            onClick={() => {
                              act.reset();
                              setPending({ exception: e, action: a });
                            }}
                            data-testid={`action-${a}`}
                          >
                            {actionLabels[a]}
                          </Button>
                        ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${actionLabels[pending.action]} ${pending.exception.supplyNumber ?? ''}` : ''}
      >
        {pending && (
          <Stack gap="sm" data-testid="confirm-action">
            <Text fz="sm">
              {pending.action === 'cancel'
                ? `Cancel ${pending.exception.supplyNumber}: nothing needs its ${formatQuantity(pending.exception.quantity)} ${pending.exception.itemNumber}.`
                : `Move ${pending.exception.supplyNumber} from ${formatDateTime(pending.exception.supplyDueAt, timeZone)} to ${formatDateTime(pending.exception.date, timeZone)}, when it is needed.`}
            </Text>
            {act.error && <ErrorNotice error={act.error} />}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setPending(null)}>
                Back
              </Button>
              <Button
                loading={act.isPending}
                onClick={() => act.mutate(pending)}
                data-testid="confirm-action-button"
              >
                {actionLabels[pending.action]}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
