/**
 * The signed-in user and what their roles allow, from GET /api/auth/me. Navigation hides what
 * a user may not read, and pages hide edit buttons they may not write.
 */
import { type Session, type Subject, session } from '@takt/contracts';
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { api } from './api-client';

export { type Session, type Subject, session } from '@takt/contracts';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: () => api.get('/api/auth/me', { schema: session }),
  staleTime: 5 * 60_000,
  retry: false,
});

export function useSession(): Session {
  return useSuspenseQuery(sessionQuery).data;
}

export function may(s: Session, action: 'read' | 'write', subject: Subject): boolean {
  return s.permissions[subject]?.includes(action) ?? false;
}

/** `const canWrite = useCan('write', 'Item')` */
export function useCan(action: 'read' | 'write', subject: Subject): boolean {
  return may(useSession(), action, subject);
}
