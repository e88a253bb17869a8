/**
 * A quote revision: its header, its lines with the promise each got (date, P50/P90, what it
 * hangs on) and the preliminary cost and margin of each, the other revisions of the number, and
 * what can be done with it next: send, revise, promise again, accept (a draft sales order) or
 * reject. Every step carries the version the user saw (409 when someone else moved first).
 */
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { acceptQuoteAnswer, quote as quoteSchema } from '@takt/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../ui/api-client';
import { Fact } from '../../ui/fact';
import { FormErrorAlert } from '../../ui/form-error-alert';
import { formatDate, formatMoney, formatQuantity } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { formatPlantDate, usePlantTimeZone } from '../../ui/plant-time-zone';
import { type FormErrors, formErrorsFrom, noFormErrors } from '../../ui/problem-form-errors';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { todayIn } from '../../ui/zoned-time';
import { PromiseCells, PromiseHeadCells } from './line-promise-cells';
import { LOW_MARGIN_PERCENT, MarginText, marginPercentOf } from './margin-text';
import { PortalOriginBadge } from './portal-origin-badge';
import {
  type Quote,
  type QuoteLine,
  quoteLabel,
  quoteOpen,
  quoteQuery,
  quoteRevisionsQuery,
} from './quote-api';
import { QuoteStatusBadge } from './quote-status-badge';
import { salesOrderQuery } from './sales-order-api';

export function QuotePage() {
  const { quoteId } = useParams({ from: '/signed-in/quotes/$quoteId' });
  const quote = useQuery(quoteQuery(quoteId));
  const timeZone = usePlantTimeZone();
  if (quote.isPending) return <PageLoader />;
  if (quote.isError) return <ErrorNotice error={quote.error} onRetry={() => quote.refetch()} />;
  return <QuoteView quote={quote.data} timeZone={timeZone} />;
}

type Step = 'send' | 'reject' | 'repromise';
const stepLabels: Record<Step, string> = { send: 'Sent', reject: 'Rejected', repromise: 'Promised again' };

/** Preliminary cost of the whole quote, when every line has one in the quote's currency. */
function quoteCost(q: Quote): number | null {
  let total = 0;
  for (const l of q.lines) {
    if (!l.costEstimate || l.costEstimate.currency !== q.currency) return null;
    total += l.costEstimate.total;
  }
  return total;
}

function QuoteView({ quote: q, timeZone }: { quote: Quote; timeZone: string }) {
  const canWrite = useCan('write', 'Quote');
  const mayReadOrders = useCan('read', 'SalesOrder');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<never>>(noFormErrors);
  const [done, setDone] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const refreshLists = () => queryClient.invalidateQueries({ queryKey: ['quotes', 'list'] });
  const step = useMutation({
    mutationFn: (s: Step) =>
      api.post(`/api/quotes/${q.id}/${s}`, { version: q.version }, { schema: quoteSchema }),
    onMutate: () => {
      setErrors(noFormErrors);
      setDone(null);
    },
    onSuccess: async (after, s) => {
      queryClient.setQueryData(quoteQuery(q.id).queryKey, after);
      setRejecting(false);
      setDone(`${stepLabels[s]} ${quoteLabel(after)}.`);
      await refreshLists();
    },
    onError: (error) => {
      setRejecting(false);
      setErrors(formErrorsFrom(error, []));
    },
  });
  const accept = useMutation({
    mutationFn: () =>
      api.post(`/api/quotes/${q.id}/accept`, { version: q.version }, { schema: acceptQuoteAnswer }),
    onMutate: () => setErrors(noFormErrors),
    onSuccess: async ({ quote: accepted, order }) => {
      queryClient.setQueryData(quoteQuery(q.id).queryKey, accepted);
      queryClient.setQueryData(salesOrderQuery(order.id).queryKey, order);
      await Promise.all([
        refreshLists(),
        queryClient.invalidateQueries({ queryKey: ['sales-orders', 'list'] }),
      ]);
      await navigate({ to: '/sales-orders/$orderId', params: { orderId: order.id } });
    },
    onError: (error) => setErrors(formErrorsFrom(error, [])),
  });
  const order = useQuery({
    ...salesOrderQuery(q.salesOrderId ?? ''),
    enabled: !!q.salesOrderId && mayReadOrders,
  });
  const revisions = useQuery(quoteRevisionsQuery(q.number));
  const newest = revisions.data?.[0];
  const busy = step.isPending || accept.isPending;
  const open = quoteOpen(q.status);
  const lapsed = open && q.validUntil < todayIn(timeZone);
  const cost = quoteCost(q);
  const margin = cost === null ? null : marginPercentOf(q.totalAmount, cost);
  const latest = q.lines
    .map((l) => l.promisedDate)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/quotes" fz="xs" c="dimmed">
            Quotes
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="quote-number">
              {q.number}
            </span>{' '}
            <Text span inherit fw={400} c="dimmed" data-testid="quote-revision" data-revision={q.revision}>
              rev {q.revision}
            </Text>{' '}
            <Text span inherit fw={400}>
              {q.customerName}
            </Text>
          </>
        }
        badges={
          <>
            <QuoteStatusBadge status={q.status} />
            {q.status !== 'requested' && <PortalOriginBadge quote={q} />}
          </>
        }
        actions={
          <>
            <Button
              size="sm"
              variant="default"
              component="a"
              href={`/api/quotes/${q.id}/pdf`}
              target="_blank"
              rel="noopener"
            >
              PDF
            </Button>
            {canWrite && open && (
              <>
                <Button size="sm" variant="default" disabled={busy} onClick={() => setRejecting(true)}>
                  Reject
                </Button>
                <Button
                  size="sm"
                  variant="default"
                  disabled={busy}
                  loading={step.isPending && step.variables === 'repromise'}
                  onClick={() => step.mutate('repromise')}
                >
                  Promise again
                </Button>
                <Button
                  size="sm"
                  variant="default"
                  disabled={busy}
                  onClick={() => navigate({ to: '/quotes/$quoteId/revise', params: { quoteId: q.id } })}
                >
                  Revise
                </Button>
                {(q.status === 'draft' || q.status === 'requested') && (
                  <Button
                    size="sm"
                    variant={lapsed ? 'default' : 'filled'}
                    disabled={busy}
                    loading={step.isPending && step.variables === 'send'}
                    onClick={() => step.mutate('send')}
                  >
                    Send
                  </Button>
                )}
                {q.status !== 'requested' && (
                  <Button
                    size="sm"
                    variant={q.status === 'sent' ? 'filled' : 'default'}
                    disabled={busy}
                    loading={accept.isPending}
                    onClick={() => accept.mutate()}
                  >
                    Accept
                  </Button>
                )}
              </>
            )}
          </>
        }
      />
      <Stack gap="md">
        <FormErrorAlert
          errors={errors}
          onReload={async () => {
            setErrors(noFormErrors);
            await queryClient.invalidateQueries({ queryKey: quoteQuery(q.id).queryKey });
          }}
        />
        {done && (
          <Alert
            color="green"
            variant="light"
            data-testid="quote-step-result"
            withCloseButton
            onClose={() => setDone(null)}
          >
            {done}
          </Alert>
        )}
        {q.status === 'requested' && (
          <Alert color="orange" variant="light" data-testid="quote-requested-by-customer">
            The customer asked for this in the portal and sees the promised dates as indicative, without
            prices. Price the lines (Revise; a standard item comes in at the customer's last price for it,
            else at 0), then Send: the customer sees the quote once it is sent.
          </Alert>
        )}
        {q.status === 'superseded' && newest && newest.id !== q.id && (
          <Alert color="gray" variant="light" data-testid="quote-superseded">
            Superseded by{' '}
            <AnchorLink to="/quotes/$quoteId" params={{ quoteId: newest.id }} fz="sm">
              {quoteLabel(newest)}
            </AnchorLink>{' '}
            ({newest.status}).
          </Alert>
        )}
        {lapsed && (
          <Alert color="orange" variant="light">
            The offer lapsed on {formatDate(q.validUntil)}. Revise it with a new validity before the customer
            accepts.
          </Alert>
        )}
        {q.status === 'accepted' && q.salesOrderId && (
          <Alert color="green" variant="light" data-testid="quote-order">
            Accepted: the customer ordered.{' '}
            {mayReadOrders ? (
              <AnchorLink to="/sales-orders/$orderId" params={{ orderId: q.salesOrderId }} fz="sm">
                Open sales order {order.data?.number ?? ''}
              </AnchorLink>
            ) : null}
          </Alert>
        )}
        <Panel title="Quote">
          <SimpleGrid cols={{ base: 2, md: 4, lg: 8 }} spacing="md">
            <Fact label="Customer">
              <AnchorLink to="/customers/$customerId" params={{ customerId: q.customerId }} fz="sm">
                {q.customerName}
              </AnchorLink>
            </Fact>
            <Fact label="Customer reference">{q.customerReference ?? '—'}</Fact>
            <Fact label="Net value" testId="quote-total">
              {formatMoney({ amount: q.totalAmount, currency: q.currency })}
            </Fact>
            <Fact label="Preliminary cost">
              {cost === null ? '—' : formatMoney({ amount: cost, currency: q.currency })}
            </Fact>
            <Fact label="Margin">
              <MarginText percent={margin} testId="quote-margin" />
            </Fact>
            <Fact label="Promised" testId="quote-promised">
              {latest ? formatDate(latest) : '—'}
            </Fact>
            <Fact label="Valid until">{formatDate(q.validUntil)}</Fact>
            <Fact label="Created">{formatPlantDate(q.createdAt, timeZone)}</Fact>
          </SimpleGrid>
        </Panel>
        <Panel
          title="Lines"
          padding={0}
          actions={
            <Text fz="xs" c="dimmed">
              margin under {LOW_MARGIN_PERCENT} % is marked
            </Text>
          }
        >
          <QuoteLinesTable quote={q} timeZone={timeZone} />
        </Panel>
        <RevisionsPanel quote={q} timeZone={timeZone} />
      </Stack>
      <Modal
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title={`Reject ${quoteLabel(q)}?`}
        size="sm"
      >
        <Text fz="sm">
          The customer declined the offer. A rejected quote cannot be sent, revised or accepted again.
        </Text>
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setRejecting(false)}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={step.isPending && step.variables === 'reject'}
            onClick={() => step.mutate('reject')}
          >
            Reject quote
          </Button>
        </Group>
      </Modal>
    </>
  );
}

function QuoteLinesTable({ quote: q, timeZone }: { quote: Quote; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={1100} type="native">
      <Table className="takt-table" data-testid="quote-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Line</Table.Th>
            <Table.Th miw={160}>Item</Table.Th>
            <Table.Th w={50} className="takt-num">
              Qty
            </Table.Th>
            <Table.Th w={100} className="takt-num">
              Net
            </Table.Th>
            <PromiseHeadCells />
            <Table.Th w={130} className="takt-num" title="Preliminary cost from the BOM and routing">
              Cost · margin
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.lines.map((l) => (
            <QuoteLineRow key={l.id} line={l} currency={q.currency} timeZone={timeZone} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function QuoteLineRow({
  line: l,
  currency,
  timeZone,
}: {
  line: QuoteLine;
  currency: string;
  timeZone: string;
}) {
  const cost = l.costEstimate;
  return (
    <Table.Tr data-testid="quote-line-row" data-line={l.lineNo} style={{ verticalAlign: 'top' }}>
      <Table.Td className="takt-mono">{l.lineNo}</Table.Td>
      <Table.Td>
        <AnchorLink to="/items/$itemId" params={{ itemId: l.itemId }} className="takt-mono" fz="sm">
          {l.itemNumber}
        </AnchorLink>
        <Text fz="xs" c="dimmed">
          {l.itemName}
        </Text>
      </Table.Td>
      <Table.Td className="takt-num" data-testid="line-quantity">
        {formatQuantity(l.quantity)}
      </Table.Td>
      <Table.Td className="takt-num">
        {formatMoney({ amount: l.netAmount, currency })}
        <Text fz="xs" c="dimmed">
          {formatMoney({ amount: l.unitPrice, currency })} each
          {l.discountPercent > 0 ? ` less ${l.discountPercent} %` : ''}
        </Text>
      </Table.Td>
      <PromiseCells
        line={l}
        timeZone={timeZone}
        notPromised="no promise"
        notPlanned="No promise: promise the quote again."
      />
      <Table.Td className="takt-num">
        {cost ? (
          <>
            <Text fz="sm" data-testid="line-cost">
              {formatMoney({ amount: cost.total, currency: cost.currency })}
            </Text>
            <Text fz="sm">
              <MarginText percent={l.marginPercent} testId="line-margin" />
            </Text>
            <Text fz="xs" c="dimmed">
              material {formatMoney({ amount: cost.material, currency: cost.currency })}
            </Text>
            <Text fz="xs" c="dimmed">
              work {formatMoney({ amount: cost.setup + cost.machine + cost.labour, currency: cost.currency })}
            </Text>
          </>
        ) : (
          <Text fz="sm" c="dimmed">
            no estimate
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RevisionsPanel({ quote: q, timeZone }: { quote: Quote; timeZone: string }) {
  const revisions = useQuery(quoteRevisionsQuery(q.number));
  if (!revisions.data || revisions.data.length < 2) return null;
  return (
    <Panel title="Revisions" padding={0}>
      <Table className="takt-table" style={{ whiteSpace: 'nowrap' }} data-testid="quote-revisions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>Revision</Table.Th>
            <Table.Th w={120}>Status</Table.Th>
            <Table.Th w={130} className="takt-num">
              Total
            </Table.Th>
            <Table.Th w={130}>Promised</Table.Th>
            <Table.Th w={130}>Valid until</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {revisions.data.map((r) => (
            <Table.Tr
              key={r.id}
              data-testid="quote-revision-row"
              data-revision={r.revision}
              data-status={r.status}
              bg={r.id === q.id ? 'steel.0' : undefined}
            >
              <Table.Td>
                {r.id === q.id ? (
                  <Text fz="sm" fw={600}>
                    rev {r.revision}
                  </Text>
                ) : (
                  <AnchorLink to="/quotes/$quoteId" params={{ quoteId: r.id }} fz="sm">
                    rev {r.revision}
                  </AnchorLink>
                )}
              </Table.Td>
              <Table.Td>
                <QuoteStatusBadge status={r.status} size="xs" />
              </Table.Td>
              <Table.Td className="takt-num">
                {formatMoney({ amount: r.totalAmount, currency: r.currency })}
              </Table.Td>
              <Table.Td>{formatDate(r.promisedDate)}</Table.Td>
              <Table.Td>{formatDate(r.validUntil)}</Table.Td>
              <Table.Td>{formatPlantDate(r.createdAt, timeZone)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Panel>
  );
}
