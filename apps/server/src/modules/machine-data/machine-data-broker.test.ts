/**
 * Machine data over a real MQTT broker: the embedded one (aedes, on a free port, and falling back
 * when its port is taken) and the machine's Mosquitto at 127.0.0.1:1883 (skipped only when it is
 * not reachable), including a shared subscription spreading the messages over two servers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { type BusLogger, connectPublisher, startEmbeddedBroker } from '../../platform/machine-data-bus';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { type IngestionSettings, startMachineDataIngestion } from './ingestion';
import { machineTopic } from './machine-message';
import { MachineDataService } from './service';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const mosquittoReachable = await new Promise<boolean>((resolve) => {
  const socket = new Socket();
  socket.setTimeout(1000);
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => {
    socket.destroy();
    resolve(false);
  });
  socket.connect(1883, '127.0.0.1');
});

let t: TestApp;
const warnings: string[] = [];
const log: BusLogger = {
  info() {},
  warn(_o, message) {
    warnings.push(message ?? '');
  },
  error(o, message) {
    warnings.push(`${message} ${JSON.stringify(o)}`);
  },
};
const tag = () => randomBytes(4).toString('hex');

function settings(overrides: Partial<IngestionSettings>): IngestionSettings {
  return {
    site: 'plant',
    mqttPort: 0,
    protocolVersion: 5,
    microStopSeconds: 120,
    flushMs: 20,
    batchSize: 500,
    host: '127.0.0.1',
    ...overrides,
  };
}

async function eventsOf(prefix: string): Promise<{ events: number; cycles: number }> {
  const [row] = await queryRows<{ events: number; cycles: number }>(
    t.services.db,
    sql`select count(*)::int as events, coalesce(sum(cycles), 0)::int as cycles from machine_events
        where event_id like ${`${prefix}%`}`,
  );
  return row;
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the events');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Publishes `n` count messages (1 cycle each) over the machines, plus a duplicate and a bad one. */
async function publishStream(url: string, site: string, prefix: string, n: number, machines: string[]) {
  const publisher = await connectPublisher(url, `pub-${prefix}`);
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const machine = machines[i % machines.length];
    await publisher.publishAsync(
      machineTopic(site, machine, 'count'),
      JSON.stringify({ eventId: `${prefix}-${i}`, cycles: 1, at }),
      { qos: 1 },
    );
  }
  await publisher.publishAsync(
    machineTopic(site, machines[0], 'count'),
    JSON.stringify({ eventId: `${prefix}-0`, cycles: 1, at }),
    { qos: 1 },
  );
  await publisher.publishAsync(machineTopic(site, machines[0], 'count'), 'not json', { qos: 1 });
  await publisher.endAsync();
}

/** Removes a persistent session from the broker (clean start, no expiry). */
async function forgetSession(url: string, clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(url, {
    clientId,
    clean: true,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 0 },
  });
  await client.endAsync();
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the embedded broker', () => {
  it('takes the machines’ messages end to end: published with an MQTT client, stored once, counted', async () => {
    const machineData = t.services.machineData;
    const ingestion = await startMachineDataIngestion(
      settings({ clientId: `takt-test-${tag()}` }),
      machineData,
      log,
    );
    try {
      expect(ingestion.mode).toBe('embedded');
      expect(ingestion.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      const prefix = `emb-${tag()}`;
      const before = { ...machineData.statistics };
      await publishStream(ingestion.url as string, 'plant', prefix, 300, ['SAW-1', 'SAW-2', 'MILL-1']);
      await until(async () => machineData.statistics.received - before.received >= 302);
      await ingestion.ingestor?.flush();
      expect(await eventsOf(prefix)).toEqual({ events: 300, cycles: 300 });
      const status = (await t.as('supervisor').get('/api/machine-data/ingestion')).json();
      expect(status.bus).toMatchObject({
        mode: 'embedded',
        connected: true,
        topics: ['takt/plant/+/state', 'takt/plant/+/count'],
      });
      expect(status.received - before.received).toBe(302);
      expect(status.inserted - before.inserted).toBe(300);
      expect(status.duplicates - before.duplicates).toBe(1);
      expect(status.rejected - before.rejected).toBe(1);
      expect(status.latencyMs.p99).toBeGreaterThanOrEqual(0);
    } finally {
      await ingestion.close();
    }
  });

  it('falls back to a free port, and says so, when its port is taken', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const broker = await startEmbeddedBroker({ port: taken, host: '127.0.0.1', log });
    try {
      expect(broker.port).not.toBe(taken);
      expect(warnings.some((w) => w.includes(`MQTT port ${taken} is already in use`))).toBe(true);
      const client = await connectPublisher(broker.url, `probe-${tag()}`);
      await client.endAsync();
    } finally {
      await broker.close();
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe.skipIf(!mosquittoReachable)('Mosquitto at 127.0.0.1:1883', () => {
  it('ingests from the external broker over MQTT 5 in a persistent session', async () => {
    const machineData = t.services.machineData;
    const site = `test${tag()}`;
    const clientId = `takt-test-${tag()}`;
    const ingestion = await startMachineDataIngestion(
      settings({ mqttUrl: MOSQUITTO, site, clientId }),
      machineData,
      log,
    );
    try {
      expect(ingestion.mode).toBe('external');
      const prefix = `mosq-${tag()}`;
      const before = { ...machineData.statistics };
      await publishStream(MOSQUITTO, site, prefix, 2000, ['LATHE-1', 'LATHE-2', 'LATHE-3', 'GRIND-1']);
      await until(async () => machineData.statistics.received - before.received >= 2002);
      await ingestion.ingestor?.flush();
      expect(await eventsOf(prefix)).toEqual({ events: 2000, cycles: 2000 });
      expect(machineData.statistics.duplicates - before.duplicates).toBe(1);
      expect(machineData.statistics.batches - before.batches).toBeLessThan(200); // batched, not one by one
    } finally {
      await ingestion.close();
      await forgetSession(MOSQUITTO, clientId);
    }
  });

  it('spreads the messages over two servers of one shared subscription, each stored once', async () => {
    const site = `test${tag()}`;
    const group = `g${tag()}`;
    const first = new MachineDataService(t.services.db);
    const second = new MachineDataService(t.services.db);
    const ids = [`takt-test-${tag()}`, `takt-test-${tag()}`];
    const a = await startMachineDataIngestion(
      settings({ mqttUrl: MOSQUITTO, site, clientId: ids[0], sharedGroup: group }),
      first,
      log,
    );
    const b = await startMachineDataIngestion(
      settings({ mqttUrl: MOSQUITTO, site, clientId: ids[1], sharedGroup: group }),
      second,
      log,
    );
    try {
      expect(first.ingestionStatus().bus.topics[0]).toBe(`$share/${group}/takt/${site}/+/state`);
      const prefix = `share-${tag()}`;
      await publishStream(MOSQUITTO, site, prefix, 1000, ['ASSY-1', 'ASSY-2']);
      await until(async () => first.statistics.received + second.statistics.received >= 1002);
      await a.ingestor?.flush();
      await b.ingestor?.flush();
      expect(await eventsOf(prefix)).toEqual({ events: 1000, cycles: 1000 });
      expect(first.statistics.received).toBeGreaterThan(0);
      expect(second.statistics.received).toBeGreaterThan(0);
      expect(first.statistics.inserted + second.statistics.inserted).toBe(1000);
    } finally {
      await a.close();
      await b.close();
      for (const id of ids) await forgetSession(MOSQUITTO, id);
    }
  });
});
