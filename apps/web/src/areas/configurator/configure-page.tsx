/**
 * The sales configurator of one configurable item: choose the options and see, on every
 * change, whether it can be built, the price line by line, the date the plan can promise for
 * this very configuration (P50/P90, on-time chance, what it hangs on), and what it costs us
 * and leaves as margin; then quote it or order it for a customer.
 */
import { Box, Grid, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { usePlantTimeZone } from '../../ui/plant-time-zone';
import { AnchorLink } from '../../ui/router-links';
import { useCan } from '../../ui/session';
import { addDays, todayIn } from '../../ui/zoned-time';
import { itemQuery } from '../engineering/catalog-api';
import { ConfigurationOptions } from './configuration-options';
import { type ConfiguratorModel, configuratorModelQuery } from './configurator-api';
import { ConfiguredCost } from './configured-cost';
import { ConfiguredLineActions } from './configured-line-actions';
import { ConfiguredPromise } from './configured-promise';
import { PriceBreakdown, QuantityBreaks } from './price-breakdown';
import { useConfiguration } from './use-configuration';
import { useConfiguredPromise } from './use-configured-promise';

/** A requested date a few weeks out, so the first promise means something. */
const DEFAULT_LEAD_DAYS = 28;

export function ConfigurePage() {
  const { itemId } = useParams({ from: '/signed-in/configure/$itemId' });
  const model = useQuery(configuratorModelQuery(itemId));
  if (model.isPending) return <PageLoader />;
  if (model.isError) return <ErrorNotice error={model.error} onRetry={() => model.refetch()} />;
  return <Configurator key={`${itemId}-${model.data.version}`} itemId={itemId} model={model.data} />;
}

function Configurator({ itemId, model }: { itemId: string; model: ConfiguratorModel }) {
  const timeZone = usePlantTimeZone();
  const today = todayIn(timeZone);
  const mayPromise = useCan('read', 'SalesOrder');
  const mayReadPortal = useCan('read', 'Portal');
  const item = useQuery(itemQuery(itemId));
  const state = useConfiguration(model, itemId);
  const [requestedDate, setRequestedDate] = useState(() => addDays(today, DEFAULT_LEAD_DAYS));
  const [optionErrors, setOptionErrors] = useState<Partial<Record<string, string>>>({});
  const promised = useConfiguredPromise(itemId, state, requestedDate, mayPromise);
  const uom = item.data?.uom;

  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/configure" fz="xs" c="dimmed">
            Configure
          </AnchorLink>
        }
        title={
          <>
            <span className="takt-mono" data-testid="configured-item">
              {model.itemNumber}
            </span>{' '}
            <Text span inherit fw={400}>
              {item.data?.name ?? ''}
            </Text>
          </>
        }
        subtitle="Choose the options: buildability, price, promise and margin follow every change. Nothing is saved until you create a quote or an order."
        actions={
          mayReadPortal && (
            <AnchorLink to="/portal/configure/$itemId" params={{ itemId }} fz="sm">
              As the customer sees it
            </AnchorLink>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Panel title="Options" testId="configurator-options">
              <ConfigurationOptions
                state={state}
                errors={optionErrors}
                onChange={(code) => setOptionErrors((e) => (e[code] ? { ...e, [code]: undefined } : e))}
              />
            </Panel>
            <Panel title="Quantity and date">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <NumberInput
                  label="Quantity"
                  name="quantity"
                  min={1}
                  value={state.quantity}
                  onChange={(v) => state.setQuantity(typeof v === 'number' ? v : '')}
                  rightSection={
                    <Text fz="xs" c="dimmed">
                      {uom}
                    </Text>
                  }
                  rightSectionWidth={40}
                  description={<QuantityBreaks model={model} />}
                />
                <TextInput
                  label="Requested date"
                  name="requestedDate"
                  type="date"
                  min={today}
                  value={requestedDate}
                  onChange={(e) => setRequestedDate(e.currentTarget.value)}
                  description="when the customer wants it delivered"
                />
              </SimpleGrid>
            </Panel>
            <Panel title="Quote or order it">
              <ConfiguredLineActions
                itemId={itemId}
                state={state}
                requestedDate={requestedDate}
                onOptionErrors={setOptionErrors}
              />
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Panel title="Price" padding={0} testId="price-panel">
              <PriceBreakdown state={state} />
            </Panel>
            <Panel title="Delivery promise" testId="promise-panel">
              {mayPromise ? (
                <ConfiguredPromise promised={promised} requestedDate={requestedDate} timeZone={timeZone} />
              ) : (
                <Text fz="sm" c="dimmed">
                  Your role may not ask the plan for a promise (sales orders).
                </Text>
              )}
            </Panel>
            <Panel title="Cost and margin" testId="cost-panel">
              <Box>
                <ConfiguredCost result={state.result} stale={state.stale} />
              </Box>
            </Panel>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
