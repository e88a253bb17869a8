/** The BOM being designed (working draft against the revision in force) for the project pages. */
import { type DesignBom, designBom } from '@takt/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../ui/api-client';

export type { DesignBom };
export type DesignBomLine = DesignBom['lines'][number];

export const designBomQuery = (itemId: string) =>
  queryOptions({
    queryKey: ['items', itemId, 'design-bom'],
    queryFn: ({ signal }) => api.get(`/api/items/${itemId}/design-bom`, { schema: designBom, signal }),
  });
