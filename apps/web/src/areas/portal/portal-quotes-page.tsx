/**
 * "My quotes": what the customer asked for and is still with sales (with the delivery our plan
 * can promise, indicative), and the offers we sent, with their prices, the dates we offered and
 * the PDF of each. Configured lines show their options in words.
 */
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatDate, formatMoney, formatQuantity } from '../../ui/format';
import { ListFooter } from '../../ui/list-footer';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { quoteStatusColors } from '../sales/quote-api';
import { ConfigurationWords } from './configuration-words';
import { IndicativePromise } from './indicative-promise';
import { type PortalQuote, type PortalScope, portalQuotesQuery, quotePdf } from './portal-api';
import { PortalScopeBar, usePortalView } from './portal-scope';
import { usePortalTimeZone } from './portal-time-zone';

const LIMIT = 20;

const statusLabels: Record<PortalQuote['status'], string> = {
  requested: 'Requested',
  draft: 'Draft',
  sent: 'Open offer',
  accepted: 'Ordered',
  rejected: 'Declined',
  expired: 'Expired',
  superseded: 'Replaced',
};

export function PortalQuotesPage() {
  const view = usePortalView();
  const search = useSearch({ from: '/signed-in/portal/quotes' });
  const navigate = useNavigate({ from: '/portal/quotes' });
  const offset = search.offset ?? 0;
  const quotes = useQuery({
    ...portalQuotesQuery(view.customerId, offset, LIMIT),
    enabled: view.ready,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="My quotes"
        subtitle="What you asked for, and the offers we sent you with prices, delivery dates and each as a PDF"
        actions={
          <AnchorLink to="/portal/request" search={{ customerId: view.customerId }} fz="sm">
            Ask for a quote
          </AnchorLink>
        }
      />
      <PortalScopeBar view={view} />
      {!view.ready ? (
        <Text fz="sm" c="dimmed">
          Choose a customer to see their quotes.
        </Text>
      ) : quotes.isPending ? (
        <PageLoader />
      ) : quotes.isError ? (
        <ErrorNotice error={quotes.error} onRetry={() => quotes.refetch()} />
      ) : quotes.data.items.length === 0 ? (
        <Paper withBorder p="lg" radius="sm">
          <Text fw={600}>No quotes yet.</Text>
          <Text fz="sm" c="dimmed">
            Your requests and the quotes we send you show here.{' '}
            <AnchorLink to="/portal/request" search={{ customerId: view.customerId }} fz="sm">
              Ask for a quote
            </AnchorLink>
          </Text>
        </Paper>
      ) : (
        <>
          <Stack gap="sm" data-testid="portal-quotes">
            {quotes.data.items.map((q) => (
              <QuoteCard key={q.id} quote={q} customerId={view.customerId} />
            ))}
          </Stack>
          <ListFooter
            total={quotes.data.total}
            limit={LIMIT}
            offset={offset}
            onOffset={(o) => navigate({ search: (s) => ({ ...s, offset: o || undefined }) })}
          />
        </>
      )}
    </>
  );
}

function QuoteCard({ quote: q, customerId }: { quote: PortalQuote; customerId: PortalScope }) {
  const timeZone = usePortalTimeZone();
  const money = (amount: number | null) =>
    amount === null ? '—' : formatMoney({ amount, currency: q.currency });
  const requested = q.status === 'requested';
  return (
    <Paper
      withBorder
      radius="sm"
      bg="white"
      data-testid="portal-quote"
      data-number={q.number}
      data-status={q.status}
    >
      <Group
        justify="space-between"
        p="sm"
        wrap="wrap"
        gap="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group gap="sm" wrap="wrap">
          <Text fw={700} className="takt-mono">
            {q.number}{' '}
            <Text span c="dimmed" fw={400}>
              rev {q.revision}
            </Text>
          </Text>
          <Badge size="sm" color={quoteStatusColors[q.status]} data-status={q.status}>
            {statusLabels[q.status]}
          </Badge>
          {q.requestedViaPortal && !requested && (
            <Badge size="sm" variant="outline" color="gray" tt="none" data-testid="portal-origin">
              you asked for it here
            </Badge>
          )}
          <Text fz="sm" c="dimmed">
            {requested
              ? `requested ${formatDate(q.createdAt)}, with our sales team`
              : `valid until ${formatDate(q.validUntil)}`}
            {q.customerReference ? ` · your reference ${q.customerReference}` : ''}
          </Text>
        </Group>
        <Group gap="md">
          {requested ? (
            <Text fz="sm" c="dimmed">
              price follows with the quote
            </Text>
          ) : (
            <>
              <Text fw={700} data-testid="portal-quote-total">
                {money(q.totalAmount)}
              </Text>
              <Button
                size="xs"
                variant="default"
                component="a"
                href={quotePdf(customerId, q.id)}
                target="_blank"
                rel="noopener"
                data-testid="quote-pdf"
              >
                PDF
              </Button>
            </>
          )}
        </Group>
      </Group>
      {requested && (
        <Alert color="gray" variant="light" radius={0} p="xs" data-testid="request-note">
          <Text fz="xs">
            Our sales team prepares the quote. The delivery shown is what our plan can do today, indicative
            until the quote confirms it.
          </Text>
        </Alert>
      )}
      <Table className="takt-table" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Line</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th className="takt-num">Qty</Table.Th>
            {!requested && <Table.Th className="takt-num">Unit price</Table.Th>}
            {!requested && <Table.Th className="takt-num">Net</Table.Th>}
            {requested && <Table.Th>Wanted by</Table.Th>}
            <Table.Th>{requested ? 'Delivery, indicative' : 'Delivery'}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.lines.map((l) => (
            <Table.Tr key={l.lineNo} data-testid="portal-quote-line" style={{ verticalAlign: 'top' }}>
              <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
              <Table.Td>
                <Text fz="sm" className="takt-mono">
                  {l.itemNumber}
                </Text>
                <Text fz="xs" c="dimmed" lineClamp={1}>
                  {l.itemName}
                </Text>
                <ConfigurationWords options={l.configuration} />
              </Table.Td>
              <Table.Td className="takt-num">{formatQuantity(l.quantity)}</Table.Td>
              {!requested && (
                <Table.Td className="takt-num">
                  {money(l.unitPrice)}
                  {l.discountPercent > 0 && (
                    <Text fz="xs" c="dimmed">
                      less {l.discountPercent} %
                    </Text>
                  )}
                </Table.Td>
              )}
              {!requested && <Table.Td className="takt-num">{money(l.netAmount)}</Table.Td>}
              {requested && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(l.requestedDate)}</Table.Td>
              )}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {requested ? (
                  <IndicativePromise promise={l.promise} timeZone={timeZone} />
                ) : l.promisedDate ? (
                  formatDate(l.promisedDate)
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
