/**
 * "Ask for a quote": the products we offer the customer (our end products and what it bought
 * from us before), searched by number or name. A standard product is asked for right here
 * (quantity, date wanted, reference); a configurable one is configured first, on its own page,
 * and asked for there. The answer carries the delivery the plan can promise, indicative until
 * sales sends the quote.
 */
import {
  Badge,
  Button,
  Grid,
  NumberInput,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { formatMoney } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { type PortalItem, portalItemsQuery } from './portal-api';
import { PortalScopeBar, usePortalView } from './portal-scope';
import { QuoteRequestForm } from './quote-request-form';

export function PortalRequestPage() {
  const view = usePortalView();
  const search = useSearch({ from: '/signed-in/portal/request' });
  const navigate = useNavigate({ from: '/portal/request' });
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const items = useQuery({
    ...portalItemsQuery(view.customerId, q),
    enabled: view.ready,
    placeholderData: keepPreviousData,
  });
  // the chosen product stays chosen while a search no longer lists it
  const [picked, setPicked] = useState<PortalItem | null>(null);
  const chosen =
    items.data?.items.find((i) => i.id === search.itemId) ??
    (picked?.id === search.itemId ? picked : undefined);
  return (
    <>
      <PageHeader
        title="Ask for a quote"
        subtitle="Choose a product, tell us how many and when: you see at once the delivery our plan can promise, and sales sends you the quote"
      />
      <PortalScopeBar view={view} />
      {!view.ready ? (
        <Text fz="sm" c="dimmed">
          Choose a customer to see the products offered to them.
        </Text>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Panel title="Our products" testId="portal-items">
              <TextInput
                placeholder="Search by number or name"
                aria-label="Search products"
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                mb="sm"
              />
              {items.isPending ? (
                <PageLoader />
              ) : items.isError ? (
                <ErrorNotice error={items.error} onRetry={() => items.refetch()} />
              ) : items.data.items.length === 0 ? (
                <Text fz="sm" c="dimmed">
                  {q ? 'No product matches.' : 'No products are offered here yet: ask our sales team.'}
                </Text>
              ) : (
                <ScrollArea.Autosize mah={520}>
                  <Stack gap={6}>
                    {items.data.items.map((item) => (
                      <ItemRow
                        key={item.id}
                        item={item}
                        chosen={item.id === search.itemId}
                        onChoose={() => {
                          setPicked(item);
                          navigate({ search: (s) => ({ ...s, itemId: item.id }) });
                        }}
                      />
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              )}
            </Panel>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {chosen ? (
              <ChosenItem key={chosen.id} item={chosen} />
            ) : (
              <Paper withBorder radius="sm" p="lg" bg="white">
                <Text fw={600}>Choose a product on the left.</Text>
                <Text fz="sm" c="dimmed">
                  Standard products are asked for here; configurable ones are configured to your needs first.
                </Text>
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}

function ItemRow({ item, chosen, onChoose }: { item: PortalItem; chosen: boolean; onChoose: () => void }) {
  return (
    <UnstyledButton
      onClick={onChoose}
      p="xs"
      data-testid="portal-item"
      data-number={item.number}
      aria-pressed={chosen}
      style={{
        borderRadius: 4,
        border: `1px solid var(--mantine-color-${chosen ? 'steel-5' : 'gray-3'})`,
        background: chosen ? 'var(--mantine-color-steel-0)' : 'white',
      }}
    >
      <Text fz="sm" className="takt-mono" fw={600}>
        {item.number}{' '}
        {item.configurable && (
          <Badge size="xs" variant="light" color="indigo" ml={4}>
            configurable
          </Badge>
        )}
      </Text>
      <Text fz="sm">{item.name}</Text>
      {item.unitPrice && (
        <Text fz="xs" c="dimmed" data-testid="portal-item-price">
          your last price {formatMoney(item.unitPrice)} / {item.uom}
        </Text>
      )}
    </UnstyledButton>
  );
}

function ChosenItem({ item }: { item: PortalItem }) {
  const navigate = useNavigate();
  const [quantity, setQuantity] = useState<number | ''>(1);
  return (
    <Panel
      title={
        <>
          <span className="takt-mono">{item.number}</span> {item.name}
        </>
      }
      testId="chosen-item"
    >
      {item.configurable ? (
        <Stack gap="sm" align="flex-start">
          <Text fz="sm">
            This product is made to your configuration: choose its options, see the price as you go, and ask
            for the quote there.
          </Text>
          <Button
            onClick={() => navigate({ to: '/portal/configure/$itemId', params: { itemId: item.id } })}
            data-testid="configure-item"
          >
            Configure it
          </Button>
        </Stack>
      ) : (
        <Stack gap="sm">
          <NumberInput
            label="How many"
            name="quantity"
            maw={220}
            min={1}
            value={quantity}
            onChange={(v) => setQuantity(typeof v === 'number' ? v : '')}
            rightSection={
              <Text fz="xs" c="dimmed">
                {item.uom}
              </Text>
            }
            rightSectionWidth={40}
          />
          <Text fz="sm" data-testid="chosen-item-price">
            {item.unitPrice
              ? `Your last price: ${formatMoney(item.unitPrice)} per ${item.uom}; the quote confirms it.`
              : 'We price it in the quote we send you.'}
          </Text>
          <QuoteRequestForm itemId={item.id} quantity={quantity} />
        </Stack>
      )}
    </Panel>
  );
}
