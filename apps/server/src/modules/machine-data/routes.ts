import {
  closeMachineStopBody,
  idParams,
  machineDataIngestion,
  machineListQuery,
  machineStop,
  machineStopListQuery,
  machineView,
  page,
  reportMachineStopBody,
  setMachineStopReasonBody,
} from '@takt/contracts';
import { z } from 'zod';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { expectedVersion } from '../../platform/versioning';
import { actorOf } from '../identity/service';
import type { MachineDataService } from './service';

const read = { auth: { action: 'read', subject: 'MachineData' } } as const;
const write = { auth: { action: 'write', subject: 'MachineData' } } as const;
const tags = ['machine data'];

export function machineDataRoutes(app: ZodApp, machineData: MachineDataService): void {
  app.get(
    '/api/machines',
    {
      config: read,
      schema: {
        tags,
        summary: 'Machines with their latest reported state, open stop and the operation running on them',
        querystring: machineListQuery,
        response: { 200: z.array(machineView) },
      },
    },
    (request) => machineData.listMachines(request.query),
  );
  app.get(
    '/api/machine-stops',
    {
      config: read,
      schema: {
        tags,
        summary: 'Stops of the machines, newest first',
        querystring: machineStopListQuery,
        response: { 200: page(machineStop) },
      },
    },
    (request) => machineData.listStops(request.query),
  );
  app.post(
    '/api/machine-stops',
    {
      config: write,
      schema: {
        tags,
        summary: 'Report a stop at the terminal: it opens now and closes when the machine runs again',
        body: reportMachineStopBody,
        response: { 201: machineStop },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await machineData.reportStop(actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/api/machine-stops/:id/reason',
    {
      config: write,
      schema: {
        tags,
        summary: 'Give a stop its reason (a reason code of kind stop)',
        params: idParams,
        body: setMachineStopReasonBody,
        response: { 200: machineStop },
      },
    },
    (request) =>
      machineData.setStopReason(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
        request.body.reasonId,
      ),
  );
  app.post(
    '/api/machine-stops/:id/close',
    {
      config: write,
      schema: {
        tags,
        summary: 'Close an open stop now (a machine without machine data runs again)',
        params: idParams,
        body: closeMachineStopBody,
        response: { 200: machineStop },
      },
    },
    (request) =>
      machineData.closeStop(
        actorOf(principalOf(request)),
        request.params.id,
        expectedVersion(request.headers['if-match'], request.body.version),
      ),
  );
  app.get(
    '/api/machine-data/ingestion',
    {
      config: read,
      schema: {
        tags,
        summary: 'Counters of this server’s machine-data ingestion',
        response: { 200: machineDataIngestion },
      },
    },
    () => machineData.ingestionStatus(),
  );
}
