import {
  apiToken,
  apiTokenBody,
  badgeLoginBody,
  createdApiToken,
  createUserBody,
  idParams,
  listQuery,
  loginBody,
  page,
  session,
  updateUserBody,
  user,
} from '@takt/contracts';
import { z } from 'zod';
import { permissionsFor } from '../../platform/auth/permissions';
import { principalOf, SESSION_COOKIE } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf, BADGE_SESSION_HOURS, type IdentityService, SESSION_DAYS } from './service';

const me = session;

export function identityRoutes(app: ZodApp, identity: IdentityService): void {
  app.post(
    '/api/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: loginBody,
        response: { 200: me },
      },
    },
    async (request, reply) => {
      const { sessionToken, user: u } = await identity.login(request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_DAYS * 86_400,
      });
      return { user: u, permissions: permissionsFor(u.roles) };
    },
  );

  app.post(
    '/api/auth/badge',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in at a shop-floor terminal by badge code; sets the session cookie',
        body: badgeLoginBody,
        response: { 200: me },
      },
    },
    async (request, reply) => {
      const { sessionToken, user: u } = await identity.loginByBadge(request.body.badgeCode);
      reply.setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: BADGE_SESSION_HOURS * 3_600,
      });
      return { user: u, permissions: permissionsFor(u.roles) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { auth: 'public' }, schema: { tags: ['auth'], summary: 'Sign out' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await identity.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { auth: 'signed-in' },
      schema: { tags: ['auth'], summary: 'The signed-in user and what they may do', response: { 200: me } },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        user: { id: p.userId, email: p.email, name: p.name, roles: p.roles, customerId: p.customerId },
        permissions: permissionsFor(p.roles),
      };
    },
  );

  app.get(
    '/api/users',
    {
      config: { auth: { action: 'read', subject: 'User' } },
      schema: { tags: ['users'], querystring: listQuery, response: { 200: page(user) } },
    },
    async (request) => identity.listUsers(request.query),
  );

  app.get(
    '/api/users/:id',
    {
      config: { auth: { action: 'read', subject: 'User' } },
      schema: { tags: ['users'], params: idParams, response: { 200: user } },
    },
    async (request) => identity.getUser(request.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { auth: { action: 'write', subject: 'User' } },
      schema: { tags: ['users'], body: createUserBody, response: { 201: user } },
    },
    async (request, reply) =>
      reply.code(201).send(await identity.createUser(actorOf(principalOf(request)), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { auth: { action: 'write', subject: 'User' } },
      schema: { tags: ['users'], params: idParams, body: updateUserBody, response: { 200: user } },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return identity.updateUser(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );

  app.get(
    '/api/api-tokens',
    {
      config: { auth: { action: 'read', subject: 'ApiToken' } },
      schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.array(apiToken) } },
    },
    async (request) => identity.listApiTokens(principalOf(request)),
  );

  app.post(
    '/api/api-tokens',
    {
      config: { auth: { action: 'write', subject: 'ApiToken' } },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for integrations',
        body: apiTokenBody,
        response: { 201: createdApiToken },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await identity.createApiToken(principalOf(request), request.body.name)),
  );

  app.delete(
    '/api/api-tokens/:id',
    {
      config: { auth: { action: 'write', subject: 'ApiToken' } },
      schema: { tags: ['auth'], params: idParams },
    },
    async (request, reply) => {
      await identity.revokeApiToken(principalOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}
