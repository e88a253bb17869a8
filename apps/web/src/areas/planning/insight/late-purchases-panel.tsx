/**
 * Late purchase orders on the exceptions page: open lines past their due date or confirmed by
 * the supplier for a later date, with how late, what waits for them and the orders they hit
 * (their P90 now, red when it passed the promised date). The supplier's date is entered on the
 * purchase order.
 */
import { Badge, Box, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { LatePurchaseLine } from '@takt/contracts';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, formatQuantity } from '../../../ui/format';
import { ErrorNotice, PageLoader } from '../../../ui/page-state';
import { Panel } from '../../../ui/panel';
import { formatPlantDate } from '../../../ui/plant-time-zone';
import { AnchorLink } from '../../../ui/router-links';
import { latePurchasesQuery } from './insight-api';

const reasonLabels: Record<LatePurchaseLine['reason'], string> = {
  'confirmed-later': 'confirmed later',
  overdue: 'overdue',
};

export function LatePurchasesPanel({ timeZone }: { timeZone: string }) {
  const late = useQuery(latePurchasesQuery());
  return (
    <Box mb="md">
      <Panel title="Late purchase orders" padding={0} testId="late-purchases-panel">
        {late.isPending ? (
          <PageLoader />
        ) : late.isError ? (
          <ErrorNotice error={late.error} onRetry={() => late.refetch()} />
        ) : late.data.lines.length === 0 ? (
          <Text c="dimmed" fz="sm" p="md">
            No purchase order line is late.
          </Text>
        ) : (
          <Table className="takt-table" data-testid="late-purchases" style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>Purchase order</Table.Th>
                <Table.Th>Item</Table.Th>
                <Table.Th w={90} className="takt-num">
                  Open
                </Table.Th>
                <Table.Th w={110}>Due</Table.Th>
                <Table.Th w={170}>Expected</Table.Th>
                <Table.Th w={90}>Waiting</Table.Th>
                <Table.Th>Orders hit (90 % by)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {late.data.lines.map((l) => (
                <Table.Tr key={l.purchaseOrderLineId} data-testid="late-purchase" data-reason={l.reason}>
                  <Table.Td className="takt-mono">
                    <AnchorLink
                      to="/purchase-orders/$purchaseOrderId"
                      params={{ purchaseOrderId: l.purchaseOrderId }}
                      fz="sm"
                    >
                      {l.purchaseOrderNumber}/{l.lineNo}
                    </AnchorLink>
                    <Text fz="xs" c="dimmed" truncate maw={160}>
                      {l.supplierName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink
                      to="/items/$itemId"
                      params={{ itemId: l.itemId }}
                      className="takt-mono"
                      fz="sm"
                    >
                      {l.itemNumber}
                    </AnchorLink>
                    <Text fz="xs" c="dimmed" truncate maw={220}>
                      {l.itemName}
                    </Text>
                  </Table.Td>
                  <Table.Td className="takt-num">{formatQuantity(l.openQuantity)}</Table.Td>
                  <Table.Td>{formatPlantDate(l.dueAt, timeZone)}</Table.Td>
                  <Table.Td>
                    <Text fz="sm" fw={600}>
                      {l.reason === 'overdue' ? 'not received' : formatPlantDate(l.expectedAt, timeZone)}
                    </Text>
                    <Badge size="xs" miw="max-content" color={l.reason === 'overdue' ? 'red' : 'orange'}>
                      {reasonLabels[l.reason]} · {formatQuantity(l.daysLate)} d
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label="Scheduled operations that cannot start before it arrives">
                      <Text fz="sm" span>
                        {l.heldOperations} op.
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    {l.lines.length === 0 ? (
                      <Text fz="xs" c="dimmed">
                        no order waits for it
                      </Text>
                    ) : (
                      <Stack gap={2}>
                        {l.lines.map((s) => (
                          <Group key={s.lineId} gap={6} wrap="nowrap">
                            <AnchorLink
                              to="/sales-orders/$orderId"
                              params={{ orderId: s.orderId }}
                              fz="sm"
                              className="takt-mono"
                            >
                              {s.orderNumber}/{s.lineNo}
                            </AnchorLink>
                            <Text fz="xs" c={s.atRisk ? 'red.7' : 'dimmed'} fw={s.atRisk ? 600 : undefined}>
                              {formatDateTime(s.p90At, timeZone)}
                            </Text>
                            {s.atRisk && s.promisedDate && (
                              <Badge size="xs" color="red" variant="light" miw="max-content">
                                after promised {formatPlantDate(`${s.promisedDate}T12:00:00Z`, timeZone)}
                              </Badge>
                            )}
                          </Group>
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </Box>
  );
}
