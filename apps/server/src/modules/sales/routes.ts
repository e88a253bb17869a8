import {
  customer,
  customerInput,
  idParams,
  page,
  partnerListQuery,
  updateCustomerBody,
} from '@takt/contracts';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { CustomerService } from './service';

const read = { auth: { action: 'read', subject: 'Customer' } } as const;
const write = { auth: { action: 'write', subject: 'Customer' } } as const;

export function salesRoutes(app: ZodApp, customers: CustomerService): void {
  app.get(
    '/api/customers',
    {
      config: read,
      schema: { tags: ['customers'], querystring: partnerListQuery, response: { 200: page(customer) } },
    },
    (request) => customers.list(request.query),
  );
  app.get(
    '/api/customers/:id',
    { config: read, schema: { tags: ['customers'], params: idParams, response: { 200: customer } } },
    (request) => customers.get(request.params.id),
  );
  app.post(
    '/api/customers',
    { config: write, schema: { tags: ['customers'], body: customerInput, response: { 201: customer } } },
    async (request, reply) =>
      reply.code(201).send(await customers.create(actorOf(principalOf(request)), request.body)),
  );
  app.patch(
    '/api/customers/:id',
    {
      config: write,
      schema: {
        tags: ['customers'],
        params: idParams,
        body: updateCustomerBody,
        response: { 200: customer },
      },
    },
    (request) => {
      const { version, ...patch } = request.body;
      return customers.update(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], version),
        patch,
      );
    },
  );
}
