import { itemKinds, strategies } from '@takt/contracts';
import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { EngineeringChangePage } from './engineering-change-page';
import { EngineeringChangesPage } from './engineering-changes-page';
import { ItemPage } from './item-page';
import { ItemsPage } from './items-page';

export const itemsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/items',
  validateSearch: z.object({
    q: z.string().optional(),
    kind: z.enum(itemKinds).optional().catch(undefined),
    strategy: z.enum(strategies).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: ItemsPage,
});

export const itemRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/items/$itemId',
  validateSearch: z.object({
    tab: z.enum(['bom', 'where-used', 'routing', 'suppliers']).optional().catch(undefined),
  }),
  component: ItemPage,
});

export const engineeringChangesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/engineering-changes',
  component: EngineeringChangesPage,
});

export const engineeringChangeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/engineering-changes/$ecoId',
  component: EngineeringChangePage,
});

export const engineeringRoutes = [
  itemsRoute,
  itemRoute,
  engineeringChangesRoute,
  engineeringChangeRoute,
] as const;
