/** Queries of the configurator: an item's model, the evaluation of a configuration, the items that have one. */
import {
  type ConfigurationResult,
  type ConfiguratorModel,
  type ConfiguratorOption,
  configurationResult,
  configuratorModel,
  item,
  type OptionValue,
  page,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../ui/api-client';

export type { ConfigurationResult, ConfiguratorModel, ConfiguratorOption, OptionValue };
export type Configuration = Record<string, OptionValue>;
export type BrokenRule = ConfigurationResult['brokenRules'][number];
export type DisabledChoice = ConfigurationResult['options'][number]['disabledChoices'][number];

export const configuratorModelQuery = (itemId: string) =>
  queryOptions({
    queryKey: ['configurator', itemId, 'model'],
    queryFn: ({ signal }) =>
      api.get(`/api/items/${itemId}/configurator`, { schema: configuratorModel, signal }),
    staleTime: 5 * 60_000,
  });

export interface ConfigureRequest {
  itemId: string;
  values: Configuration;
  quantity: number;
}

/** POST /api/items/:id/configure writes nothing: it is a query, cached by what was asked. */
export const configureQuery = (request: ConfigureRequest) =>
  queryOptions({
    queryKey: ['configurator', request.itemId, 'evaluation', request.values, request.quantity],
    queryFn: ({ signal }) =>
      api.post(
        `/api/items/${request.itemId}/configure`,
        { values: request.values, quantity: request.quantity },
        { schema: configurationResult, signal },
      ),
    staleTime: 60_000,
    retry: false,
  });

/**
 * The configurable items, for the configurator's start page. The items list has no
 * `configurable` filter, so this reads the active items (at most 500) and keeps those.
 */
export const configurableItemsQuery = queryOptions({
  queryKey: ['items', 'list', 'configurable'],
  queryFn: async ({ signal }) => {
    const found = await api.get('/api/items', {
      query: { limit: 500, active: 'true' },
      schema: page(item),
      signal,
    });
    return found.items.filter((i) => i.configurable);
  },
});

/** The model's defaults: where a new configuration starts. */
export const defaultsOf = (model: ConfiguratorModel): Configuration =>
  Object.fromEntries(model.options.map((o) => [o.code, o.default]));

/** "Ø80 mm" for a choice value, the value itself for numbers and texts. */
export function valueLabel(option: ConfiguratorOption, value: OptionValue | undefined): string {
  if (value === undefined || value === '') return '—';
  if (option.kind === 'choice') return option.choices.find((c) => c.value === value)?.label ?? String(value);
  if (option.kind === 'number') return option.unit ? `${value} ${option.unit}` : String(value);
  return String(value);
}
