import {
  acceptQuoteAnswer,
  idParams,
  page,
  quote,
  quoteInput,
  quoteListQuery,
  quoteSummary,
  quoteVersionBody,
  reviseQuoteBody,
} from '@takt/contracts';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { QuoteService } from './quote-service';
import { quoteDocument, sendPdf } from './sales-document-pdf';

const read = { auth: { action: 'read', subject: 'Quote' } } as const;
const write = { auth: { action: 'write', subject: 'Quote' } } as const;
const tags = ['quotes'];

const versionOf = (request: FastifyRequest<{ Body: { version?: number } }>) =>
  expectedVersion(request.headers['if-match'], request.body?.version);

export function quoteRoutes(app: ZodApp, quotes: QuoteService): void {
  app.get(
    '/api/quotes',
    { config: read, schema: { tags, querystring: quoteListQuery, response: { 200: page(quoteSummary) } } },
    (request) => quotes.list(request.query),
  );
  app.get(
    '/api/quotes/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: quote } } },
    (request) => quotes.get(request.params.id),
  );
  app.get(
    '/api/quotes/:id/pdf',
    {
      config: read,
      schema: { tags, summary: 'The quote as a PDF', params: idParams, produces: ['application/pdf'] },
    },
    async (request, reply) => sendPdf(reply, quoteDocument(await quotes.get(request.params.id))),
  );
  app.post(
    '/api/quotes',
    {
      config: write,
      schema: {
        tags,
        summary:
          'A new quote: every line promised against the current plan (P50/P90, what it hangs on) and costed',
        body: quoteInput,
        response: { 201: quote },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await quotes.create(actorOf(principalOf(request)), request.body)),
  );
  const step = (
    path: string,
    summary: string,
    run: (actor: ReturnType<typeof actorOf>, id: string, version: number) => Promise<unknown>,
  ) =>
    app.post(
      `/api/quotes/:id/${path}`,
      {
        config: write,
        schema: { tags, summary, params: idParams, body: quoteVersionBody, response: { 200: quote } },
      },
      (request) =>
        run(actorOf(principalOf(request)), request.params.id, versionOf(request)) as Promise<never>,
    );
  step('send', 'Send a draft quote to the customer', (a, id, v) => quotes.send(a, id, v));
  step('reject', 'The customer declined', (a, id, v) => quotes.reject(a, id, v));
  step('repromise', 'Promise and cost every line again against the plan as it is now', (a, id, v) =>
    quotes.repromise(a, id, v),
  );
  app.post(
    '/api/quotes/:id/revise',
    {
      config: write,
      schema: {
        tags,
        summary: 'The next revision with the changes given (lines replace all lines); this one is superseded',
        params: idParams,
        body: reviseQuoteBody,
        response: { 201: quote },
      },
    },
    async (request, reply) => {
      const { version: _version, ...changes } = request.body;
      return reply
        .code(201)
        .send(
          await quotes.revise(actorOf(principalOf(request)), request.params.id, versionOf(request), changes),
        );
    },
  );
  app.post(
    '/api/quotes/:id/accept',
    {
      config: write,
      schema: {
        tags,
        summary: 'The customer accepts: a draft sales order with the quoted lines, prices and costs',
        params: idParams,
        body: quoteVersionBody,
        response: { 201: acceptQuoteAnswer },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await quotes.accept(actorOf(principalOf(request)), request.params.id, versionOf(request))),
  );
}
