import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { signedInRoute } from '../../root-routes';
import { quoteStatuses } from './quote-api';
import { QuoteCreatePage } from './quote-create-page';
import { QuotePage } from './quote-page';
import { QuoteRevisePage } from './quote-revise-page';
import { QuotesPage } from './quotes-page';

export const quotesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quotes',
  validateSearch: z.object({
    q: z.string().optional(),
    status: z.enum(quoteStatuses).optional().catch(undefined),
    offset: z.coerce.number().int().min(0).optional(),
  }),
  component: QuotesPage,
});

export const quoteCreateRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quotes/new',
  component: QuoteCreatePage,
});

export const quoteRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quotes/$quoteId',
  component: QuotePage,
});

export const quoteReviseRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/quotes/$quoteId/revise',
  component: QuoteRevisePage,
});

export const quoteRoutes = [quotesRoute, quoteCreateRoute, quoteRoute, quoteReviseRoute] as const;
