/**
 * "My orders": the customer's placed orders, newest first, each with the date we promised, how
 * sure the plan is of it (the share of simulated futures that make it) and how far it has
 * come: material in, production done, shipped.
 */
import { Box, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatDate, formatMoney } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { formatConfidence, orderConfidence, orderProgress } from './order-progress';
import { type PortalOrder, type PortalScope, portalOrdersQuery } from './portal-api';
import { PortalOrderStatus } from './portal-order-status';
import { PortalScopeBar, usePortalView } from './portal-scope';
import { StageProgress } from './stage-progress';

const LIMIT = 20;

export function PortalOrdersPage() {
  const view = usePortalView();
  const search = useSearch({ from: '/signed-in/portal/orders' });
  const navigate = useNavigate({ from: '/portal/orders' });
  const offset = search.offset ?? 0;
  const orders = useQuery({
    ...portalOrdersQuery(view.customerId, offset, LIMIT),
    enabled: view.ready,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="My orders"
        subtitle="What you ordered, the date we promised, how sure we are of it, and how far each order has come"
      />
      <PortalScopeBar view={view} />
      {!view.ready ? (
        <Text fz="sm" c="dimmed">
          Choose a customer to see their orders.
        </Text>
      ) : orders.isPending ? (
        <PageLoader />
      ) : orders.isError ? (
        <ErrorNotice error={orders.error} onRetry={() => orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Paper withBorder p="lg" radius="sm">
          <Text fw={600}>No orders yet.</Text>
          <Text fz="sm" c="dimmed">
            Orders show here once we have confirmed them.
          </Text>
        </Paper>
      ) : (
        <>
          <Stack gap="sm" data-testid="portal-orders">
            {orders.data.items.map((o) => (
              <OrderCard key={o.id} order={o} customerId={view.customerId} />
            ))}
          </Stack>
          <ListFooter
            total={orders.data.total}
            limit={LIMIT}
            offset={offset}
            onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
          />
        </>
      )}
    </>
  );
}

function OrderCard({ order: o, customerId }: { order: PortalOrder; customerId: PortalScope }) {
  const confidence = orderConfidence(o);
  const items = o.lines.map((l) => l.itemNumber);
  return (
    <Paper withBorder radius="sm" p="md" bg="white" data-testid="portal-order" data-number={o.number}>
      <Grid gap="md" align="center">
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <Group gap="xs" wrap="nowrap">
            <AnchorLink
              to="/portal/orders/$orderId"
              params={{ orderId: o.id }}
              search={{ customerId }}
              fw={700}
              className="takt-mono"
              data-testid="portal-order-number"
            >
              {o.number}
            </AnchorLink>
            <PortalOrderStatus status={o.status} />
          </Group>
          <Text fz="sm" mt={2} data-testid="portal-order-reference">
            {o.customerReference ? `Your reference ${o.customerReference}` : 'No reference given'}
          </Text>
          <Text fz="xs" c="dimmed" lineClamp={1}>
            {formatMoney({ amount: o.totalAmount, currency: o.currency })} · {o.lines.length}{' '}
            {o.lines.length === 1 ? 'line' : 'lines'}: {items.slice(0, 3).join(', ')}
            {items.length > 3 ? ` and ${items.length - 3} more` : ''}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <Text fz={11} c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
            Promised delivery
          </Text>
          <Group gap="xs" align="baseline" wrap="nowrap">
            <Text fz="lg" fw={700} data-testid="portal-promised-date" data-date={o.promisedDate ?? ''}>
              {o.promisedDate ? formatDate(o.promisedDate) : 'being planned'}
            </Text>
            {confidence !== null && (
              <Text fz="sm" c={confidence >= 0.85 ? 'green.8' : 'orange.8'} data-testid="portal-confidence">
                {formatConfidence(confidence)}
              </Text>
            )}
          </Group>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Box>
            <StageProgress progress={orderProgress(o)} />
          </Box>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
