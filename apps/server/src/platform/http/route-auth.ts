/**
 * Authentication and authorization for every route. A route says what it needs in its config:
 *   config: { auth: { action: 'read', subject: 'Item' } }   role-checked
 *   config: { auth: 'signed-in' }                           any signed-in user
 *   config: { auth: 'public' }                              nobody needs to sign in
 * A route without an auth config is refused at start-up, so no route is left open by accident.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IdentityService, Principal } from '../../modules/identity/service';
import { type Action, abilityFor, type Subject } from '../auth/permissions';
import { ForbiddenError, UnauthorizedError } from '../errors';

export type RouteAuth = 'public' | 'signed-in' | { action: Action; subject: Subject };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'takt_session';

export interface RouteRecord {
  method: string;
  url: string;
  auth: RouteAuth;
}

/** Signed-in user of a request whose route requires one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

export function installRouteAuth(
  app: FastifyInstance,
  identity: IdentityService,
  routeTable: RouteRecord[],
): void {
  app.decorateRequest('principal', undefined);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const auth = (route.config as { auth?: RouteAuth } | undefined)?.auth;
    if (!auth) throw new Error(`route ${route.method} ${route.url} has no auth config`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url, auth });
  });

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth) return; // static files and the SPA
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const sessionToken = request.cookies?.[SESSION_COOKIE];
    if (bearer) request.principal = await identity.principalFromApiToken(bearer);
    else if (sessionToken) request.principal = await identity.principalFromSession(sessionToken);
    if (auth === 'public') return;
    if (!request.principal)
      throw new UnauthorizedError(bearer ? 'the API token is unknown or revoked' : 'sign in first');
    if (auth === 'signed-in') return;
    if (!abilityFor(request.principal.roles).can(auth.action, auth.subject)) {
      throw new ForbiddenError(
        `your roles (${request.principal.roles.join(', ')}) may not ${auth.action} ${auth.subject}`,
      );
    }
  });
}
