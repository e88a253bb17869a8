/** Queries and changes of demand forecasts (Planning area). */
import {
  type ForecastInput,
  forecastChange,
  forecast as forecastSchema,
  page,
  type UpdateForecastBody,
} from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../ui/api-client';

export const forecastListQuery = (filter: { past: boolean; offset: number; limit: number }) =>
  queryOptions({
    queryKey: ['planning', 'forecasts', filter],
    queryFn: ({ signal }) =>
      api.get('/api/planning/forecasts', {
        query: { past: String(filter.past), offset: filter.offset, limit: filter.limit },
        schema: page(forecastSchema),
        signal,
      }),
  });

export const createForecast = (body: ForecastInput) =>
  api.post('/api/planning/forecasts', body, { schema: forecastChange });

export const updateForecast = (id: string, body: UpdateForecastBody) =>
  api.patch(`/api/planning/forecasts/${id}`, body, { schema: forecastChange });

export const deleteForecast = async (id: string, version: number) =>
  forecastChange.parse(await api.delete(`/api/planning/forecasts/${id}?version=${version}`));
