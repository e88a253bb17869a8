import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { StockPage } from './stock-page';

export const stockRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/stock',
  validateSearch: z.object({
    q: z.string().optional(),
    offset: z.coerce.number().int().min(0).optional(),
    /** the item whose ledger is shown */
    itemId: z.string().uuid().optional(),
  }),
  component: StockPage,
});

export const inventoryRoutes = [stockRoute] as const;
