/** Routes of engineering: ECOs, partial releases, placeholders. Validate, authorize, call the service. */
import {
  addPlaceholderLineBody,
  addPlaceholderLineResult,
  bom,
  bomRelease,
  createEngineeringChangeBody,
  createPlaceholderBody,
  designBom,
  engineeringChange,
  engineeringChangeDecisionBody,
  engineeringChangeImpact,
  engineeringChangeListQuery,
  engineeringChangeSummary,
  idParams,
  implementEngineeringChangeBody,
  item,
  page,
  partialReleaseBody,
  partialReleaseResult,
  priceEngineeringChangeBody,
  replaceDraftLineBody,
  replaceDraftLineResult,
  reviseLineChangesBody,
  versioned,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import type { ItemService } from '../catalog/item-service';
import { actorOf } from '../identity/service';
import type { DesignBomService } from './design-bom-service';
import type { EngineeringChangeService } from './engineering-change-service';
import type { PartialReleaseService } from './partial-release-service';
import { placeholderItem } from './placeholder-item';

const read = { auth: { action: 'read', subject: 'EngineeringChange' } } as const;
const write = { auth: { action: 'write', subject: 'EngineeringChange' } } as const;
const decide = { auth: { action: 'write', subject: 'EngineeringChangeApproval' } } as const;
const tags = ['engineering changes'];

export function engineeringRoutes(
  app: ZodApp,
  services: {
    changes: EngineeringChangeService;
    releases: PartialReleaseService;
    items: ItemService;
    designBoms: DesignBomService;
  },
): void {
  const { changes, releases, designBoms } = services;
  app.get(
    '/api/engineering-changes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Engineering change orders, newest first',
        querystring: engineeringChangeListQuery,
        response: { 200: page(engineeringChangeSummary) },
      },
    },
    (request) => changes.list(request.query),
  );
  app.post(
    '/api/engineering-changes',
    {
      config: write,
      schema: {
        tags,
        summary: 'Request a change: a proposed draft revision, or line changes to the released one',
        body: createEngineeringChangeBody,
        response: { 201: engineeringChange },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await changes.create(actorOf(principalOf(request)), request.body)),
  );
  app.get(
    '/api/engineering-changes/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: engineeringChange } } },
    (request) => changes.get(request.params.id),
  );
  app.get(
    '/api/engineering-changes/:id/impact',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The impact of implementing it now (jobs, purchases, stock, cost, promises), computed and rolled back',
        params: idParams,
        response: { 200: engineeringChangeImpact },
      },
    },
    (request) => changes.impact(actorOf(principalOf(request)), request.params.id),
  );
  app.post(
    '/api/engineering-changes/:id/price',
    {
      config: write,
      schema: {
        tags,
        summary: 'Price a (customer) change: cost delta from the impact plus margin, or an agreed price',
        params: idParams,
        body: priceEngineeringChangeBody,
        response: { 200: engineeringChange },
      },
    },
    (request) => {
      const { version, ...price } = request.body;
      return changes.price(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        price,
      );
    },
  );
  const decision = (action: 'approve' | 'reject' | 'cancel', config: typeof write | typeof decide) =>
    app.post(
      `/api/engineering-changes/:id/${action}`,
      {
        config: config as typeof write,
        schema: {
          tags,
          summary: `${action[0].toUpperCase()}${action.slice(1)} a change (send If-Match or version)`,
          params: idParams,
          body: engineeringChangeDecisionBody,
          response: { 200: engineeringChange },
        },
      },
      (request) =>
        changes[action](
          actorOf(principalOf(request)),
          request.params.id,
          expectedVersion(request.headers['if-match'], request.body.version),
          request.body.note,
        ),
    );
  decision('approve', decide);
  decision('reject', decide);
  decision('cancel', write);
  app.post(
    '/api/engineering-changes/:id/implement',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Implement an approved change: release the revision, re-plan and re-promise the lines that use it',
        params: idParams,
        body: implementEngineeringChangeBody,
        response: { 200: engineeringChange },
      },
    },
    (request) =>
      changes.implement(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );

  app.post(
    '/api/boms/:id/partial-release',
    {
      config: { auth: { action: 'write', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary:
          'Release lines of a draft for procurement as a new revision; re-plans the lines that use the item',
        params: idParams,
        body: partialReleaseBody,
        response: { 200: partialReleaseResult },
      },
    },
    (request) => {
      const { version, ...input } = request.body;
      return releases.release(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        input,
      );
    },
  );
  app.get(
    '/api/items/:id/bom-releases',
    {
      config: { auth: { action: 'read', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary: 'Releases of the item’s BOM, newest first',
        params: idParams,
        response: { 200: z.array(bomRelease) },
      },
    },
    (request) => releases.listForItem(request.params.id),
  );
  app.post(
    '/api/placeholders',
    {
      config: { auth: { action: 'write', subject: 'Item' } },
      schema: {
        tags: ['items'],
        summary: 'A placeholder for a part not designed yet, with its estimated cost and lead time',
        body: createPlaceholderBody,
        response: { 201: item },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.items.create(actorOf(principalOf(request)), placeholderItem(request.body))),
  );
  app.put(
    '/api/engineering-changes/:id/line-changes',
    {
      config: write,
      schema: {
        tags,
        summary:
          'New line changes for a requested change: its proposed draft is made again from the base revision (a price given before is void)',
        params: idParams,
        body: reviseLineChangesBody,
        response: { 200: engineeringChange },
      },
    },
    (request) =>
      changes.reviseLineChanges(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.lineChanges,
      ),
  );
  app.get(
    '/api/items/:id/design-bom',
    {
      config: { auth: { action: 'read', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary:
          'The BOM being designed: the working draft against the revision in force, line by line, with placeholders and where each line was released',
        params: idParams,
        response: { 200: designBom },
      },
    },
    (request) => designBoms.view(request.params.id),
  );
  app.post(
    '/api/boms/:id/placeholder-lines',
    {
      config: { auth: { action: 'write', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary:
          'A placeholder (a part not designed yet, at its estimated cost and lead time) put into a draft: the item and the line, in one step',
        params: idParams,
        body: addPlaceholderLineBody,
        response: { 201: addPlaceholderLineResult },
      },
    },
    async (request, reply) => {
      const { version, ...input } = request.body;
      return reply
        .code(201)
        .send(
          await designBoms.addPlaceholder(
            actorOf(principalOf(request)),
            request.params.id,
            expectedVersion(request.headers['if-match'], version),
            input,
          ),
        );
    },
  );
  app.post(
    '/api/boms/:id/take-over-revision-in-force',
    {
      config: { auth: { action: 'write', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary:
          'The revision in force taken over into the draft (after an implemented change): its lines replace the draft’s at their positions, lines still in design stay',
        params: idParams,
        body: versioned,
        response: { 200: bom },
      },
    },
    (request) =>
      designBoms.takeOverRevisionInForce(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );
  app.post(
    '/api/boms/:id/replace-line',
    {
      config: { auth: { action: 'write', subject: 'Bom' } },
      schema: {
        tags: ['boms'],
        summary:
          'The designed item takes a draft line (a placeholder’s); when the line is released, an engineering change replaces it in the revision in force',
        params: idParams,
        body: replaceDraftLineBody,
        response: { 200: replaceDraftLineResult },
      },
    },
    (request) => {
      const { version, ...input } = request.body;
      return designBoms.replaceLine(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        input,
      );
    },
  );
}
