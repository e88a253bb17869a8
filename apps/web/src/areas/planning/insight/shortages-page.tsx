/**
 * Material shortages: per bought item, what open jobs need and stock and purchase orders do not
 * cover in time, the jobs and customer orders it hits, and what could solve it: purchase order
 * lines in time or to expedite by N working days, requisitions to order, suppliers by lead time.
 */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { Shortage } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, formatQuantity } from '../../../ui/format';
import { PageHeader } from '../../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { usePlantTimeZone } from '../../../ui/plant-time-zone';
import { AnchorLink } from '../../../ui/router-links';
import { shortagesQuery } from './insight-api';

export function ShortagesPage() {
  const timeZone = usePlantTimeZone();
  const result = useQuery(shortagesQuery());
  if (result.isPending) return <PageLoader />;
  if (result.error) return <ErrorNotice error={result.error} onRetry={() => result.refetch()} />;
  const list = result.data.shortages;
  return (
    <>
      <PageHeader
        title="Material shortages"
        subtitle="What open jobs and order lines need that stock and purchase orders do not cover in time (requisitions not yet ordered do not count as cover)"
      />
      {list.length === 0 ? (
        <Panel>
          <Text c="dimmed" data-testid="no-shortages">
            No shortages: stock and ordered supply cover every need in time.
          </Text>
        </Panel>
      ) : (
        <Stack gap="md">
          {list.map((s) => (
            <ShortageCard key={s.itemId} shortage={s} timeZone={timeZone} />
          ))}
        </Stack>
      )}
    </>
  );
}

function ShortageCard({ shortage: s, timeZone }: { shortage: Shortage; timeZone: string }) {
  return (
    <Panel
      testId="shortage"
      padding={0}
      title={
        <Group gap={8} wrap="nowrap">
          <AnchorLink to="/items/$itemId" params={{ itemId: s.itemId }} className="takt-mono">
            {s.itemNumber}
          </AnchorLink>
          <span>{s.itemName}</span>
          <Badge color="red" variant="filled" size="sm" data-testid="short-quantity">
            short {formatQuantity(s.shortQuantity, s.uom)}
          </Badge>
          <Text span fz="sm" c="dimmed">
            from {formatDateTime(s.neededAt, timeZone)}
            {s.lateQuantity > 0 && ` · ${formatQuantity(s.lateQuantity, s.uom)} covered late`}
            {s.uncoveredQuantity > 0 && ` · ${formatQuantity(s.uncoveredQuantity, s.uom)} not covered`}
          </Text>
        </Group>
      }
    >
      <Group align="flex-start" gap="xl" p="md" wrap="wrap">
        <Stack gap={4} miw={260}>
          <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
            Hits
          </Text>
          {s.jobs.map((j) => (
            <Text key={j.id} fz="sm">
              <AnchorLink to="/jobs/$jobId" params={{ jobId: j.id }} className="takt-mono">
                {j.number}
              </AnchorLink>{' '}
              needs {formatQuantity(j.quantity, s.uom)} by {formatDateTime(j.neededAt, timeZone)}
            </Text>
          ))}
          {s.lines.map((l) => (
            <Text key={l.lineId} fz="sm" data-testid="shortage-line">
              <AnchorLink to="/sales-orders/$orderId" params={{ orderId: l.orderId }} className="takt-mono">
                {l.orderNumber}/{l.lineNo}
              </AnchorLink>{' '}
              {l.customerName}
              {l.promisedDate ? `, promised ${l.promisedDate}` : ''}
            </Text>
          ))}
        </Stack>
        <Stack gap={4} style={{ flex: 1 }} miw={420}>
          <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
            Could solve it
          </Text>
          <Table className="takt-table">
            <Table.Tbody>
              {s.solutions.map((o) => (
                <Table.Tr
                  key={`${o.kind}-${o.id}`}
                  data-testid="solution"
                  data-kind={o.kind}
                  data-in-time={o.inTime || undefined}
                >
                  <Table.Td w={110}>
                    <Badge
                      miw="max-content"
                      size="sm"
                      color={
                        o.kind === 'supplier' ? 'gray' : o.kind === 'purchase-order-line' ? 'steel' : 'yellow'
                      }
                    >
                      {o.kind === 'purchase-order-line'
                        ? 'PO line'
                        : o.kind === 'purchase-requisition'
                          ? 'requisition'
                          : 'supplier'}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="takt-mono">
                    {o.kind === 'purchase-order-line' && o.documentId ? (
                      <AnchorLink
                        to="/purchase-orders/$purchaseOrderId"
                        params={{ purchaseOrderId: o.documentId }}
                        fz="sm"
                      >
                        {o.label}
                      </AnchorLink>
                    ) : o.kind === 'purchase-requisition' ? (
                      <AnchorLink to="/requisitions" fz="sm">
                        {o.label}
                      </AnchorLink>
                    ) : (
                      o.label
                    )}
                  </Table.Td>
                  <Table.Td className="takt-num">
                    {o.quantity !== null ? formatQuantity(o.quantity, s.uom) : ''}
                  </Table.Td>
                  <Table.Td>
                    {o.kind === 'supplier' ? 'ordered today: ' : 'arrives '}
                    {formatDateTime(o.arrivesAt, timeZone)}
                  </Table.Td>
                  <Table.Td>
                    {o.inTime ? (
                      <Badge size="sm" miw="max-content" color="green" variant="light">
                        in time
                      </Badge>
                    ) : (
                      <Badge size="sm" miw="max-content" color="orange" variant="light">
                        expedite {o.expediteDays} working day{o.expediteDays === 1 ? '' : 's'}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Group>
    </Panel>
  );
}
