/**
 * The configurator as a customer uses it: the same options, rules and live price as the sales
 * configurator, without our cost, margin or plan; then 'Ask for a quote' with the date wanted.
 * The delivery date (the plan's P50/P90 for this very configuration, indicative until sales
 * sends the quote) shows live as the options change, without what it hangs on or costs us.
 */
import { Grid, NumberInput, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { PageHeader } from '../../ui/page-header';
import { ErrorNotice, PageLoader } from '../../ui/page-state';
import { Panel } from '../../ui/panel';
import { AnchorLink } from '../../ui/router-links';
import { ConfigurationOptions } from '../configurator/configuration-options';
import { type ConfiguratorModel, configuratorModelQuery, valueLabel } from '../configurator/configurator-api';
import { PriceBreakdown, QuantityBreaks } from '../configurator/price-breakdown';
import { type ConfigurationState, useConfiguration } from '../configurator/use-configuration';
import { QuoteRequestForm } from './quote-request-form';

export function PortalConfigurePage() {
  const { itemId } = useParams({ from: '/signed-in/portal/configure/$itemId' });
  const model = useQuery(configuratorModelQuery(itemId));
  if (model.isPending) return <PageLoader />;
  if (model.isError) return <ErrorNotice error={model.error} onRetry={() => model.refetch()} />;
  return <CustomerConfigurator key={`${itemId}-${model.data.version}`} itemId={itemId} model={model.data} />;
}

function CustomerConfigurator({ itemId, model }: { itemId: string; model: ConfiguratorModel }) {
  const state = useConfiguration(model, itemId);
  const [optionErrors, setOptionErrors] = useState<Partial<Record<string, string>>>({});
  const { result, stale, evaluated } = state;
  const blocked = !result
    ? 'Checking your configuration…'
    : stale || !evaluated
      ? 'Checking the latest change…'
      : !result.valid
        ? 'The configuration breaks a rule (see the options): change it to ask for a quote'
        : null;
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/portal/request" fz="xs" c="dimmed">
            Ask for a quote
          </AnchorLink>
        }
        title={
          <span className="takt-mono" data-testid="configured-item">
            {model.itemNumber}
          </span>
        }
        subtitle="Choose the options; we check that it can be built and price it as you go"
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
            <Panel title="Quantity">
              <NumberInput
                label="How many"
                name="quantity"
                maw={340}
                min={1}
                value={state.quantity}
                onChange={(v) => state.setQuantity(typeof v === 'number' ? v : '')}
                description={<QuantityBreaks model={model} />}
              />
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Panel title="Your price" padding={0} testId="price-panel">
              <PriceBreakdown state={state} />
            </Panel>
            <Panel title="Your configuration">
              <ConfigurationSummary state={state} />
            </Panel>
            <Panel title="Ask for a quote" testId="request-panel">
              <QuoteRequestForm
                itemId={itemId}
                quantity={evaluated?.quantity ?? state.quantity}
                configuration={blocked ? undefined : result?.values}
                blocked={blocked}
                onOptionErrors={setOptionErrors}
              />
            </Panel>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** The options as chosen (hidden ones left out), in words, to pass on. */
function ConfigurationSummary({ state }: { state: ConfigurationState }) {
  const { model, result, values } = state;
  const shown = new Map(result?.options.map((o) => [o.code, o.visible]));
  return (
    <Table className="takt-table" data-testid="configuration-summary">
      <Table.Tbody>
        {model.options
          .filter((o) => shown.get(o.code) !== false)
          .map((o) => (
            <Table.Tr key={o.code}>
              <Table.Td c="dimmed" w="45%">
                {o.label}
              </Table.Td>
              <Table.Td>{valueLabel(o, (result?.values ?? values)[o.code])}</Table.Td>
            </Table.Tr>
          ))}
      </Table.Tbody>
    </Table>
  );
}
