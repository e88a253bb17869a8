import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { rootRoute } from '../../root-routes';
import { TerminalPage } from './terminal-page';

/** The terminal has its own full-screen layout and its own sign-in (by badge). */
export const terminalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/terminal',
  validateSearch: z.object({
    wc: z.string().uuid().optional().catch(undefined),
    op: z.string().uuid().optional().catch(undefined),
  }),
  component: TerminalPage,
});
