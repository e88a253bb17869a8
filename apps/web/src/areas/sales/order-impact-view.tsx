/**
 * The impact of a change or cancellation, as the server computed it: how each line's promise
 * moves, which jobs and requisitions go and which are planned anew, the stock set free, and
 * what is left for people to decide (work already started, purchase orders already placed).
 */
import { Alert, Badge, Box, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatQuantity } from '../../ui/format';
import type { OrderImpact } from './sales-order-api';

function Section({
  title,
  count,
  testId,
  children,
}: {
  title: string;
  count: number;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Box data-testid={testId} data-count={count}>
      <Group gap={6} mb={4}>
        <Text fz="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          {title}
        </Text>
        <Badge size="xs" color={count ? 'steel' : 'gray'} variant="light">
          {count}
        </Badge>
      </Group>
      {count === 0 ? (
        <Text fz="sm" c="dimmed">
          none
        </Text>
      ) : (
        children
      )}
    </Box>
  );
}

function Numbers({ items, testId }: { items: { number: string; detail?: string }[]; testId: string }) {
  return (
    <Group gap={4} wrap="wrap">
      {items.map((it) => (
        <Badge
          key={it.number}
          size="sm"
          variant="outline"
          color="gray"
          tt="none"
          fw={500}
          data-testid={testId}
          data-number={it.number}
          className="takt-mono"
        >
          {it.number}
          {it.detail && (
            <Text span fz={10} c="dimmed" ml={4}>
              {it.detail}
            </Text>
          )}
        </Badge>
      ))}
    </Group>
  );
}

export function OrderImpactView({ impact: m, timeZone }: { impact: OrderImpact; timeZone: string }) {
  const jobsOut = m.cancelledJobs.map((j) => ({ number: j.number, detail: j.itemNumber }));
  const reqsOut = m.cancelledRequisitions.map((n) => ({ number: n }));
  return (
    <Stack gap="md" data-testid="order-impact" data-applied={m.applied}>
      <Table
        className="takt-table"
        style={{ whiteSpace: 'nowrap' }}
        data-testid="impact-lines"
        withTableBorder
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th>Promised before → after</Table.Th>
            <Table.Th>P90 before → after</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {m.lines.map((l) => {
            const moved = l.before.promisedDate !== l.after.promisedDate;
            const later =
              !!l.before.promisedDate &&
              !!l.after.promisedDate &&
              l.after.promisedDate > l.before.promisedDate;
            return (
              <Table.Tr
                key={l.lineNo}
                data-testid="impact-line"
                data-line={l.lineNo}
                data-before={l.before.promisedDate ?? ''}
                data-after={l.after.promisedDate ?? ''}
              >
                <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
                <Table.Td className="takt-mono">{l.itemNumber}</Table.Td>
                <Table.Td>
                  {formatDate(l.before.promisedDate)} →{' '}
                  <Text
                    span
                    fz="sm"
                    fw={moved ? 600 : undefined}
                    c={later ? 'orange.8' : moved ? 'green.8' : undefined}
                  >
                    {l.after.promisedDate ? formatDate(l.after.promisedDate) : 'no longer promised'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {formatDateTime(l.before.p90At, timeZone)} →{' '}
                  {l.after.p90At ? formatDateTime(l.after.p90At, timeZone) : '—'}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={2} spacing="md">
        <Stack gap="sm">
          <Section title="Jobs cancelled" count={jobsOut.length} testId="impact-cancelled-jobs">
            <Numbers items={jobsOut} testId="impact-cancelled-job" />
          </Section>
          <Section
            title="Requisitions cancelled"
            count={reqsOut.length}
            testId="impact-cancelled-requisitions"
          >
            <Numbers items={reqsOut} testId="impact-cancelled-requisition" />
          </Section>
        </Stack>
        <Stack gap="sm">
          <Section title="Jobs planned" count={m.createdJobs.length} testId="impact-created-jobs">
            <Numbers items={m.createdJobs.map((n) => ({ number: n }))} testId="impact-created-job" />
          </Section>
          <Section
            title="Requisitions planned"
            count={m.createdRequisitions.length}
            testId="impact-created-requisitions"
          >
            <Numbers
              items={m.createdRequisitions.map((n) => ({ number: n }))}
              testId="impact-created-requisition"
            />
          </Section>
        </Stack>
      </SimpleGrid>
      <Text fz="sm" data-testid="impact-released">
        {m.releasedReservedQuantity > 0
          ? `Stock reservations released: ${formatQuantity(m.releasedReservedQuantity)} (quantities summed over the items set aside for the order).`
          : 'No stock reservation is released.'}
      </Text>
      {(m.keptJobs.length > 0 || m.orderedPurchases.length > 0) && (
        <Alert color="orange" variant="light" title="Left for you to decide" data-testid="impact-to-decide">
          <Stack gap={6}>
            {m.keptJobs.length > 0 && (
              <div data-testid="impact-kept-jobs">
                <Text fz="sm">
                  Work already started stays; the supervisor decides whether to finish or stop it:
                </Text>
                <Numbers
                  items={m.keptJobs.map((j) => ({
                    number: j.number,
                    detail: `${j.itemNumber} · ${j.status}`,
                  }))}
                  testId="impact-kept-job"
                />
              </div>
            )}
            {m.orderedPurchases.length > 0 && (
              <div data-testid="impact-ordered-purchases">
                <Text fz="sm">
                  Purchase order lines already placed: cancel them with the supplier, or keep the material in
                  stock:
                </Text>
                {m.orderedPurchases.map((p) => (
                  <Text
                    key={`${p.purchaseOrderNumber}/${p.lineNo}`}
                    fz="sm"
                    data-testid="impact-ordered-purchase"
                  >
                    <span className="takt-mono">
                      {p.purchaseOrderNumber}/{p.lineNo}
                    </span>{' '}
                    {p.itemNumber}, {formatQuantity(p.open)} open from {p.supplierName}
                  </Text>
                ))}
              </div>
            )}
          </Stack>
        </Alert>
      )}
      {m.otherOrdersMoved.length === 0 ? (
        <Text fz="sm" c="green.9" data-testid="impact-others">
          No other order moves: the change is fitted around the plan as it stands, so every other promise is
          kept.
        </Text>
      ) : (
        <Alert color="red" variant="light" data-testid="impact-others">
          Other orders move: {m.otherOrdersMoved.map((o) => `${o.orderNumber} line ${o.lineNo}`).join(', ')}
        </Alert>
      )}
    </Stack>
  );
}
