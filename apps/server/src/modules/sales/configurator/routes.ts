/** Routes of the configurator: an item's model (read, save) and the evaluation of a configuration. */
import {
  configurationResult,
  configuratorModel,
  configureBody,
  idParams,
  saveConfiguratorModelBody,
} from '@takt/contracts';
import { principalOf } from '../../../platform/http/route-auth';
import type { ZodApp } from '../../../platform/http/zod-app';
import { expectedVersion } from '../../../platform/versioning';
import { actorOf } from '../../identity/service';
import type { ConfiguratorService } from './service';

const read = { auth: { action: 'read', subject: 'Configurator' } } as const;
const write = { auth: { action: 'write', subject: 'Configurator' } } as const;
const tags = ['configurator'];

export function configuratorRoutes(app: ZodApp, configurator: ConfiguratorService): void {
  app.get(
    '/api/items/:id/configurator',
    {
      config: read,
      schema: {
        tags,
        summary: 'The configurator model of a configurable item',
        params: idParams,
        response: { 200: configuratorModel },
      },
    },
    (request) => configurator.get(request.params.id),
  );
  app.put(
    '/api/items/:id/configurator',
    {
      config: write,
      schema: {
        tags,
        summary: 'Save the whole model: version 0 creates it, else send the version edited (If-Match)',
        params: idParams,
        body: saveConfiguratorModelBody,
        response: { 200: configuratorModel },
      },
    },
    (request) => {
      const { version, ...model } = request.body;
      return configurator.save(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        model,
      );
    },
  );
  app.post(
    '/api/items/:id/configure',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Evaluate a configuration: validity and broken rules, disabled choices, price, configured BOM, routing and cost',
        params: idParams,
        body: configureBody,
        response: { 200: configurationResult },
      },
    },
    (request) => configurator.configure(request.params.id, request.body),
  );
}
