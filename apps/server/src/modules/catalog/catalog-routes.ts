/** Routes of items, units of measure and BOMs: validate, authorize, call the service. */
import {
  bom,
  converted,
  convertQuery,
  createBomBody,
  createItemBody,
  createUomBody,
  createUomConversionBody,
  explosion,
  explosionQuery,
  idParams,
  item,
  itemListQuery,
  page,
  releaseBomBody,
  uom,
  uomConversion,
  updateBomBody,
  updateItemBody,
  whereUsed,
} from '@takt/contracts';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { BomService } from './bom-service';
import { importBoms, importCadBom, importItems } from './csv-import';
import type { ItemService } from './item-service';
import type { UomService } from './uom-service';

const readItem = { auth: { action: 'read', subject: 'Item' } } as const;
const writeItem = { auth: { action: 'write', subject: 'Item' } } as const;
const readBom = { auth: { action: 'read', subject: 'Bom' } } as const;
const writeBom = { auth: { action: 'write', subject: 'Bom' } } as const;
const today = () => new Date().toISOString().slice(0, 10);

export function catalogRoutes(
  app: ZodApp,
  services: { db: Db; items: ItemService; boms: BomService; uoms: UomService },
): void {
  const { items, boms, uoms } = services;

  app.get(
    '/api/items',
    {
      config: readItem,
      schema: {
        tags: ['items'],
        summary: 'Items, searchable by number and name',
        querystring: itemListQuery,
        response: { 200: page(item) },
      },
    },
    (request) => items.list(request.query),
  );
  app.get(
    '/api/items/:id',
    { config: readItem, schema: { tags: ['items'], params: idParams, response: { 200: item } } },
    (request) => items.get(request.params.id),
  );
  app.post(
    '/api/items',
    { config: writeItem, schema: { tags: ['items'], body: createItemBody, response: { 201: item } } },
    async (request, reply) =>
      reply.code(201).send(await items.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/items/:id',
    {
      config: writeItem,
      schema: {
        tags: ['items'],
        summary: 'Change an item (send If-Match or version)',
        params: idParams,
        body: updateItemBody,
        response: { 200: item },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return items.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.delete(
    '/api/items/:id',
    {
      config: writeItem,
      schema: {
        tags: ['items'],
        summary: 'Delete an unused item (send If-Match); an item in use is deactivated instead',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await items.remove(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.query.version),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/items/:id/boms',
    {
      config: readBom,
      schema: {
        tags: ['boms'],
        summary: 'All BOM revisions of an item',
        params: idParams,
        response: { 200: z.array(bom) },
      },
    },
    (request) => boms.listForItem(request.params.id),
  );
  app.post(
    '/api/items/:id/boms',
    {
      config: writeBom,
      schema: {
        tags: ['boms'],
        summary: 'Create a draft BOM revision',
        params: idParams,
        body: createBomBody,
        response: { 201: bom },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await boms.create(actorOf(principalOf(request)), request.params.id, request.body)),
  );
  app.get(
    '/api/boms/:id',
    { config: readBom, schema: { tags: ['boms'], params: idParams, response: { 200: bom } } },
    (request) => boms.get(request.params.id),
  );
  app.patch(
    '/api/boms/:id',
    {
      config: writeBom,
      schema: {
        tags: ['boms'],
        summary: 'Change a draft revision (lines replace the old lines)',
        params: idParams,
        body: updateBomBody,
        response: { 200: bom },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return boms.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
  app.post(
    '/api/boms/:id/release',
    {
      config: writeBom,
      schema: {
        tags: ['boms'],
        summary: 'Release a draft; the previous released revision becomes obsolete',
        params: idParams,
        body: releaseBomBody,
        response: { 200: bom },
      },
    },
    (request) =>
      boms.release(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.validFrom,
      ),
  );
  app.get(
    '/api/items/:id/explosion',
    {
      config: readBom,
      schema: {
        tags: ['boms'],
        summary: 'Indented multi-level BOM explosion',
        params: idParams,
        querystring: explosionQuery,
        response: { 200: explosion },
      },
    },
    async (request) => {
      await items.get(request.params.id);
      const date = request.query.date ?? today();
      return {
        itemId: request.params.id,
        date,
        lines: await boms.explode(request.params.id, date, request.query.depth),
      };
    },
  );
  app.get(
    '/api/items/:id/where-used',
    {
      config: readBom,
      schema: {
        tags: ['boms'],
        summary: 'Every assembly that uses the item, on all levels',
        params: idParams,
        querystring: explosionQuery.pick({ date: true }),
        response: { 200: whereUsed },
      },
    },
    async (request) => {
      await items.get(request.params.id);
      const date = request.query.date ?? today();
      return { itemId: request.params.id, date, lines: await boms.whereUsed(request.params.id, date) };
    },
  );

  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const importResult = z.object({ created: z.number(), updated: z.number(), boms: z.number() });
  const csvBody = z.string().min(1, 'send the CSV file as the body (Content-Type: text/csv)');
  app.post(
    '/api/import/items',
    {
      config: writeItem,
      schema: {
        tags: ['import'],
        summary: 'Import items from CSV (upsert by number)',
        body: csvBody,
        response: { 200: importResult },
      },
    },
    (request) => importItems(services.db, actorOf(principalOf(request)), request.body),
  );
  app.post(
    '/api/import/boms',
    {
      config: writeBom,
      schema: {
        tags: ['import'],
        summary: 'Import flat BOMs from CSV as draft revisions',
        body: csvBody,
        response: { 200: importResult },
      },
    },
    (request) => importBoms(services.db, actorOf(principalOf(request)), request.body),
  );
  app.post(
    '/api/import/cad-bom',
    {
      config: writeBom,
      schema: {
        tags: ['import'],
        summary: 'Import an indented CAD BOM (Level, Part Number, Description, Qty) under a parent item',
        querystring: z.object({ parent: z.string().min(1), revision: z.string().max(10).optional() }),
        body: csvBody,
        response: { 200: importResult },
      },
    },
    (request) =>
      importCadBom(
        services.db,
        actorOf(principalOf(request)),
        request.body,
        request.query.parent,
        request.query.revision,
      ),
  );

  app.get(
    '/api/uoms',
    { config: readItem, schema: { tags: ['units'], response: { 200: z.array(uom) } } },
    () => uoms.list(),
  );
  app.post(
    '/api/uoms',
    { config: writeItem, schema: { tags: ['units'], body: createUomBody, response: { 201: uom } } },
    async (request, reply) =>
      reply.code(201).send(await uoms.create(actorOf(principalOf(request)), request.body)),
  );
  app.get(
    '/api/uoms/convert',
    {
      config: readItem,
      schema: {
        tags: ['units'],
        summary: 'Convert a quantity along global (and the item’s own) conversions; 422 without a path',
        querystring: convertQuery,
        response: { 200: converted },
      },
    },
    async (request) => {
      const { quantity, from, to, itemId } = request.query;
      return { ...request.query, result: await uoms.convert(quantity, from, to, itemId) };
    },
  );
  app.post(
    '/api/uom-conversions',
    {
      config: writeItem,
      schema: { tags: ['units'], body: createUomConversionBody, response: { 201: uomConversion } },
    },
    async (request, reply) =>
      reply.code(201).send(await uoms.addConversion(actorOf(principalOf(request)), request.body)),
  );
}
