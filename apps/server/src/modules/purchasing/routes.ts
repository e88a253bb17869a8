import {
  deleteSupplyTermsQuery,
  idParams,
  page,
  partnerListQuery,
  supplier,
  supplierInput,
  supplyTerms,
  supplyTermsInput,
  updateSupplierBody,
  updateSupplyTermsBody,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { SupplierService } from './service';

const read = { auth: { action: 'read', subject: 'Supplier' } } as const;
const write = { auth: { action: 'write', subject: 'Supplier' } } as const;

export function purchasingRoutes(app: ZodApp, suppliers: SupplierService): void {
  app.get(
    '/api/suppliers',
    {
      config: read,
      schema: { tags: ['suppliers'], querystring: partnerListQuery, response: { 200: page(supplier) } },
    },
    (request) => suppliers.list(request.query),
  );
  app.get(
    '/api/suppliers/:id',
    { config: read, schema: { tags: ['suppliers'], params: idParams, response: { 200: supplier } } },
    (request) => suppliers.get(request.params.id),
  );
  app.post(
    '/api/suppliers',
    { config: write, schema: { tags: ['suppliers'], body: supplierInput, response: { 201: supplier } } },
    async (request, reply) =>
      reply.code(201).send(await suppliers.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/suppliers/:id',
    {
      config: write,
      schema: {
        tags: ['suppliers'],
        params: idParams,
        body: updateSupplierBody,
        response: { 200: supplier },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return suppliers.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.get(
    '/api/suppliers/:id/supply-terms',
    {
      config: read,
      schema: { tags: ['supply terms'], params: idParams, response: { 200: z.array(supplyTerms) } },
    },
    (request) => suppliers.termsOfSupplier(request.params.id),
  );
  app.get(
    '/api/items/:id/supply-terms',
    {
      config: read,
      schema: {
        tags: ['supply terms'],
        summary: 'Who supplies a buy item, preferred first',
        params: idParams,
        response: { 200: z.array(supplyTerms) },
      },
    },
    (request) => suppliers.termsOfItem(request.params.id),
  );
  app.get(
    '/api/supply-terms/:id',
    { config: read, schema: { tags: ['supply terms'], params: idParams, response: { 200: supplyTerms } } },
    (request) => suppliers.getTerms(request.params.id),
  );
  app.post(
    '/api/supply-terms',
    {
      config: write,
      schema: { tags: ['supply terms'], body: supplyTermsInput, response: { 201: supplyTerms } },
    },
    async (request, reply) =>
      reply.code(201).send(await suppliers.createTerms(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/supply-terms/:id',
    {
      config: write,
      schema: {
        tags: ['supply terms'],
        params: idParams,
        body: updateSupplyTermsBody,
        response: { 200: supplyTerms },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return suppliers.updateTerms(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/supply-terms/:id',
    {
      config: write,
      schema: {
        tags: ['supply terms'],
        summary: 'Delete supply terms (checks If-Match or ?version= when given)',
        params: idParams,
        querystring: deleteSupplyTermsQuery,
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const version =
        ifMatch === undefined && request.query.version === undefined
          ? undefined
          : expectedVersion(ifMatch, request.query.version);
      await suppliers.deleteTerms(actorOf(principalOf(request)), request.params.id, version);
      return reply.code(204).send();
    },
  );
}
