/**
 * The next revision of a quote: the line editor prefilled with this revision's lines. The units
 * of the items come from the catalog, since a quote line does not carry them.
 */
import { Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { AnchorLink } from '../../ui/router-links';
import { itemQuery } from '../engineering/catalog-api';
import { lineDraftOf } from './order-lines-editor';
import { quoteLabel, quoteOpen, quoteQuery } from './quote-api';
import { QuoteForm } from './quote-form';

export function QuoteRevisePage() {
  const { quoteId } = useParams({ from: '/signed-in/quotes/$quoteId/revise' });
  const quote = useQuery(quoteQuery(quoteId));
  const itemIds = [...new Set(quote.data?.lines.map((l) => l.itemId) ?? [])];
  const items = useQueries({ queries: itemIds.map((id) => itemQuery(id)) });
  if (quote.isPending || items.some((i) => i.isPending)) return <PageLoader />;
  if (quote.isError) return <ErrorNotice error={quote.error} onRetry={() => quote.refetch()} />;
  const q = quote.data;
  const uomOf = new Map(items.flatMap((i) => (i.data ? [[i.data.id, i.data.uom] as const] : [])));
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/quotes/$quoteId" params={{ quoteId: q.id }} fz="xs" c="dimmed">
            {quoteLabel(q)}
          </AnchorLink>
        }
        title={`Revise ${q.number}`}
        subtitle={`${q.customerName} · change quantities, dates or prices; every line is promised and costed again`}
      />
      {quoteOpen(q.status) ? (
        <QuoteForm
          mode={{
            kind: 'revise',
            quote: q,
            lines: q.lines.map((l) =>
              lineDraftOf({
                ...l,
                item: {
                  id: l.itemId,
                  number: l.itemNumber,
                  name: l.itemName,
                  uom: uomOf.get(l.itemId) ?? '',
                },
              }),
            ),
          }}
        />
      ) : (
        <Text fz="sm" c="dimmed">
          {quoteLabel(q)} is {q.status}; only a requested, draft or sent quote can be revised.
        </Text>
      )}
    </>
  );
}
