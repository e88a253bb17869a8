/**
 * One order as the customer sees it: the promised date and how sure it is, the order
 * confirmation as a PDF, per line what it is (a configured one with its options in words), how
 * many are shipped, its own date and how far material, production and shipping have come; and
 * once something is shipped, its delivery notes as PDFs.
 */
import { Button, Grid, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Fact } from '../../ui/fact';
import { formatDate, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { ConfigurationWords } from './configuration-words';
import { delivered, formatConfidence, orderConfidence, orderProgress } from './order-progress';
import {
  deliveryNotePdf,
  deliveryNotesQuery,
  orderConfirmationPdf,
  type PortalOrder,
  type PortalOrderLine,
  portalOrderQuery,
} from './portal-api';
import { PortalOrderStatus } from './portal-order-status';
import { PortalScopeBar, type PortalView, usePortalView } from './portal-scope';
import { StageProgress } from './stage-progress';

export function PortalOrderPage() {
  const { orderId } = useParams({ from: '/signed-in/portal/orders/$orderId' });
  const view = usePortalView();
  const order = useQuery({ ...portalOrderQuery(view.customerId, orderId), enabled: view.ready });
  if (!view.ready)
    return (
      <>
        <PortalScopeBar view={view} />
        <Text fz="sm" c="dimmed">
          Choose the customer this order belongs to.
        </Text>
      </>
    );
  if (order.isPending) return <PageLoader />;
  if (order.isError) return <ErrorNotice error={order.error} onRetry={() => order.refetch()} />;
  return <OrderView order={order.data} view={view} />;
}

function OrderView({ order: o, view }: { order: PortalOrder; view: PortalView }) {
  const confidence = orderConfidence(o);
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/portal/orders" search={{ customerId: view.customerId }} fz="xs" c="dimmed">
            My orders
          </AnchorLink>
        }
        title={
          <span className="takt-mono" data-testid="portal-order-number">
            {o.number}
          </span>
        }
        badges={<PortalOrderStatus status={o.status} />}
        actions={
          <Button
            component="a"
            href={orderConfirmationPdf(view.customerId, o.id)}
            target="_blank"
            rel="noopener"
            variant="default"
            data-testid="confirmation-pdf"
          >
            Order confirmation (PDF)
          </Button>
        }
      />
      <PortalScopeBar view={view} />
      <Stack gap="md">
        <Panel>
          <Grid gap="md" align="center">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
                <Fact label="Promised for" testId="portal-promised-date">
                  <Text fw={700} fz="md" component="span">
                    {o.promisedDate ? formatDate(o.promisedDate) : 'being planned'}
                  </Text>
                </Fact>
                <Fact label="How sure" testId="portal-confidence">
                  {delivered(o.status) ? 'shipped' : formatConfidence(confidence)}
                </Fact>
                <Fact label="Your reference">{o.customerReference ?? '—'}</Fact>
                <Fact label="Order value">
                  {formatMoney({ amount: o.totalAmount, currency: o.currency })}
                </Fact>
              </SimpleGrid>
              <Text fz="xs" c="dimmed" mt="sm">
                {o.confirmedAt ? `Confirmed ${formatDate(o.confirmedAt)}. ` : ''}
                “How sure” is the share of simulated futures of our plan (machine stops, late deliveries) in
                which the promised date is met.
              </Text>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <StageProgress progress={orderProgress(o)} />
            </Grid.Col>
          </Grid>
        </Panel>
        <Panel title="Lines" padding="sm">
          <Stack gap="sm" data-testid="portal-order-lines">
            {o.lines.map((l) => (
              <LineCard key={l.lineNo} line={l} />
            ))}
          </Stack>
        </Panel>
        {o.lines.some((l) => l.shippedQuantity > 0) && <DeliveryNotes order={o} view={view} />}
      </Stack>
    </>
  );
}

function LineCard({ line: l }: { line: PortalOrderLine }) {
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="portal-order-line" data-line={l.lineNo}>
      <Grid gap="sm" align="center">
        <Grid.Col span={{ base: 12, sm: 7, lg: 5 }}>
          <Text fz="sm">
            <Text span className="takt-mono" c="dimmed">
              {l.lineNo}
            </Text>{' '}
            <Text span className="takt-mono" fw={600}>
              {l.itemNumber}
            </Text>
          </Text>
          <Text fz="sm">{l.itemName}</Text>
          <ConfigurationWords options={l.configuration} />
          <Text fz="xs" c="dimmed">
            {formatQuantity(l.shippedQuantity)} of {formatQuantity(l.quantity)} shipped
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5, lg: 3 }}>
          <Text fz="sm" fw={600} data-testid="line-promised-date">
            {l.promisedDate ? formatDate(l.promisedDate) : 'being planned'}
          </Text>
          <Text fz="xs" c="dimmed">
            {l.shippedQuantity >= l.quantity ? 'shipped' : formatConfidence(l.confidence)}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <StageProgress progress={l.progress} size="sm" />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

/** The delivery notes of what has been shipped, each as a PDF. */
function DeliveryNotes({ order: o, view }: { order: PortalOrder; view: PortalView }) {
  const notes = useQuery(deliveryNotesQuery(view.customerId, o.id));
  return (
    <Panel title="Delivery notes" padding={notes.data?.length ? 0 : 'md'} testId="delivery-notes">
      {notes.isPending ? (
        <PageLoader />
      ) : notes.isError ? (
        <ErrorNotice error={notes.error} onRetry={() => notes.refetch()} />
      ) : notes.data.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No delivery note yet.
        </Text>
      ) : (
        <Table className="takt-table" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Delivery note</Table.Th>
              <Table.Th>Shipped</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notes.data.map((n) => (
              <Table.Tr key={n.number} data-testid="delivery-note" data-number={n.number}>
                <Table.Td className="takt-mono">{n.number}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(n.shippedAt)}</Table.Td>
                <Table.Td>
                  {n.lines.map((l) => (
                    <Text key={`${l.lineNo}-${l.lotNumber ?? ''}`} fz="sm">
                      {formatQuantity(l.quantity)} × <span className="takt-mono">{l.itemNumber}</span>{' '}
                      <Text span c="dimmed" fz="xs">
                        line {l.lineNo}
                        {l.lotNumber ? `, lot ${l.lotNumber}` : ''}
                      </Text>
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <Button
                      size="xs"
                      variant="default"
                      component="a"
                      href={deliveryNotePdf(view.customerId, o.id, n.number)}
                      target="_blank"
                      rel="noopener"
                      data-testid="delivery-note-pdf"
                    >
                      PDF
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}
