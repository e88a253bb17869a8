/**
 * Machine data ingestion of one server process: the embedded broker (unless MQTT_URL names an
 * external one, or is `off`), the persistent subscription to the site's machine topics, and the
 * batching ingestor between them and the database.
 */
import { hostname } from 'node:os';
import type { MachineDataConfig } from '../../platform/config';
import {
  type BusLogger,
  type EmbeddedBroker,
  MachineDataSubscriber,
  startEmbeddedBroker,
} from '../../platform/machine-data-bus';
import { type IngestorOptions, MachineDataIngestor } from './ingestor';
import { machineTopics } from './machine-message';
import type { MachineDataService } from './service';

export interface MachineDataIngestion {
  mode: 'embedded' | 'external' | 'off';
  /** where machines publish (the embedded broker's address, or MQTT_URL) */
  url: string | null;
  ingestor: MachineDataIngestor | null;
  subscriber: MachineDataSubscriber | null;
  close(): Promise<void>;
}

export interface IngestionSettings extends MachineDataConfig {
  /** MQTT_URL: absent for the embedded broker, 'off' for none */
  mqttUrl?: string;
  /** interface the embedded broker listens on */
  host: string;
  onCommitted?: IngestorOptions['onCommitted'];
}

export function defaultClientId(site: string): string {
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '-');
  return `takt-${site === '+' ? 'all' : site}-${host}`;
}

export async function startMachineDataIngestion(
  settings: IngestionSettings,
  service: MachineDataService,
  log: BusLogger,
): Promise<MachineDataIngestion> {
  if (settings.mqttUrl === 'off') {
    log.info({}, 'machine data: ingestion is off (MQTT_URL=off)');
    return { mode: 'off', url: null, ingestor: null, subscriber: null, close: async () => {} };
  }
  let broker: EmbeddedBroker | undefined;
  let url = settings.mqttUrl;
  if (!url) {
    broker = await startEmbeddedBroker({ port: settings.mqttPort, host: settings.host, log });
    url = broker.url;
  }
  const mode = broker ? 'embedded' : 'external';
  if (broker && settings.sharedGroup) {
    log.warn(
      { sharedGroup: settings.sharedGroup },
      'machine data: the embedded broker has no shared subscriptions; MQTT_SHARED_GROUP applies to an external broker (MQTT_URL)',
    );
  }
  const ingestor = new MachineDataIngestor(service, {
    flushMs: settings.flushMs,
    batchSize: settings.batchSize,
    log,
    onCommitted: settings.onCommitted,
  });
  const clientId = settings.clientId ?? defaultClientId(settings.site);
  const subscriber = new MachineDataSubscriber({
    url,
    clientId,
    topics: machineTopics(settings.site),
    sharedGroup: broker ? undefined : settings.sharedGroup,
    // aedes speaks MQTT 3.1.1; towards an external broker MQTT 5 lets us ask for a large
    // window of unacknowledged messages (acknowledgements wait for the commit)
    protocolVersion: broker ? 4 : settings.protocolVersion,
    onMessage: (message) => ingestor.accept(message),
    log,
  });
  service.attachBus({
    mode,
    url,
    clientId,
    topics: subscriber.filters,
    connected: () => subscriber.connected,
    pending: () => ingestor.pending,
  });
  await subscriber.start();
  return {
    mode,
    url,
    ingestor,
    subscriber,
    async close() {
      await ingestor.close();
      await subscriber.close();
      await broker?.close();
    },
  };
}
