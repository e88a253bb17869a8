/**
 * The machine-data bus: an embedded MQTT broker (aedes, MQTT 3.1.1) for a plant without one, and
 * a subscriber that takes QoS 1 messages from it or from an external broker (Mosquitto, EMQX,
 * VerneMQ by MQTT_URL) in a persistent session and acknowledges each message only when its
 * consumer says it is safe: after the batch holding it committed.
 *
 * Why the acknowledgements are held here: mqtt.js handles incoming packets one at a time and
 * sends a PUBACK as soon as `handleMessage` calls back; the next PUBLISH is not handled before
 * that. Calling back only after a commit would make every batch one message long. So the
 * subscriber lets mqtt.js run on, withholds the PUBACK it sends for each message, and writes it
 * when the consumer calls `ack()`, in arrival order (MQTT requires PUBACKs in order). A message
 * not acknowledged when the connection drops is redelivered by the broker on reconnect (same
 * client id, clean: false), and the consumer must treat redeliveries as duplicates.
 * The hook is mqtt.js's private `_sendPacket` (mqtt is pinned to ~5.16; the tests of
 * machine-data fail if it stops working: nothing is lost across a SIGKILL only while it works).
 */
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type IPublishPacket, type MqttClient, type Packet } from 'mqtt';

/** The subset of pino (Fastify's logger) the bus writes to. */
export interface BusLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

// ------------------------------------------------------------------------------- embedded broker

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the embedded broker on `port` (0: any free port). When the port is taken (another
 * broker, e.g. the machine's Mosquitto, already listens on 1883) it listens on a free port
 * instead and says so in the log, so a second server or a test run does not fail to start.
 */
export async function startEmbeddedBroker(options: {
  port: number;
  host: string;
  log: BusLogger;
}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  let port: number;
  try {
    port = await listen(server, options.port, options.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    port = await listen(server, 0, options.host);
    options.log.warn(
      { requestedPort: options.port, port },
      `MQTT port ${options.port} is already in use (another broker, e.g. Mosquitto?): the embedded broker listens on port ${port} instead; set MQTT_PORT to choose one, or MQTT_URL to use that broker`,
    );
  }
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `mqtt://${host}:${port}`;
  options.log.info({ url }, `embedded MQTT broker (MQTT 3.1.1) listening on ${url}`);
  return {
    url,
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

// ------------------------------------------------------------------------------------ subscriber

/** One message from the broker. Call `ack()` once it is safely stored (or deliberately dropped). */
export interface BusMessage {
  topic: string;
  payload: Buffer;
  /** true when the broker redelivers it (an earlier delivery was not acknowledged) */
  redelivered: boolean;
  /** releases the PUBACK; after a reconnect it does nothing (the broker redelivers instead) */
  ack(): void;
}

export interface SubscriberOptions {
  url: string;
  /** fixed: the broker keeps this client's session (and its unacknowledged messages) */
  clientId: string;
  topics: string[];
  /** subscribe as `$share/<group>/<topic>` (the broker spreads messages over the group) */
  sharedGroup?: string;
  protocolVersion: 4 | 5;
  /** MQTT 5: how long the broker keeps the session while we are away (default one week) */
  sessionExpirySeconds?: number;
  /**
   * MQTT 5: how many unacknowledged messages the broker may send us (default 65535, the
   * maximum). Large, because acknowledgements wait for a commit; over MQTT 3.1.1 the broker's
   * own limit applies (Mosquitto: max_inflight_messages, 20 by default).
   */
  receiveMaximum?: number;
  /** a returned promise holds back the next message until it settles (backpressure) */
  onMessage(message: BusMessage): void | Promise<void>;
  log: BusLogger;
  /** give up waiting for the first connection after this long (default 10 s); it keeps trying */
  connectTimeoutMs?: number;
}

type SendPacket = (packet: Packet, callback?: (error?: Error) => void, ...rest: unknown[]) => void;

export class MachineDataSubscriber {
  private client?: MqttClient;
  /** counts connections: an acknowledgement belongs to the connection its message came on */
  private generation = 0;
  private readonly held = new Map<number, HeldMessage>();
  private closing = false;
  private corked = false;
  /** QoS 1 messages taken from the broker, and PUBACKs written for them */
  received = 0;
  acknowledged = 0;

  /** received on this connection and not yet acknowledged */
  get unacknowledged(): number {
    return this.held.size;
  }

  constructor(private readonly options: SubscriberOptions) {}

  /** The topic filters as subscribed (with the shared-subscription prefix, if any). */
  get filters(): string[] {
    const group = this.options.sharedGroup;
    return this.options.topics.map((t) => (group ? `$share/${group}/${t}` : t));
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects and subscribes; resolves once subscribed, or after the connect timeout (logged). */
  async start(): Promise<void> {
    const { options } = this;
    const client = mqtt.connect(options.url, {
      clientId: options.clientId,
      clean: false,
      protocolVersion: options.protocolVersion,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: false, // subscribed again on every connect below
      log: quiet,
      properties:
        options.protocolVersion === 5
          ? {
              sessionExpiryInterval: options.sessionExpirySeconds ?? 7 * 24 * 3600,
              receiveMaximum: options.receiveMaximum ?? 65535,
            }
          : undefined,
    });
    this.client = client;
    this.holdAcknowledgements(client);

    let subscribed!: () => void;
    const firstSubscription = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    client.on('connect', (connack) => {
      this.generation += 1;
      this.held.clear(); // unacknowledged messages of the last connection come again
      client.subscribe(this.filters, { qos: 1 }, (error, grants) => {
        if (error) {
          options.log.error({ err: error, filters: this.filters }, 'machine data: subscribing failed');
          return;
        }
        const refused = (grants ?? []).filter((g) => g.qos !== 0 && g.qos !== 1 && g.qos !== 2);
        if (refused.length > 0) {
          options.log.error({ refused }, 'machine data: the broker refused a subscription');
          return;
        }
        options.log.info(
          {
            url: options.url,
            clientId: options.clientId,
            filters: this.filters,
            sessionPresent: connack.sessionPresent,
          },
          'machine data: subscribed',
        );
        subscribed();
      });
    });
    client.on('error', (error) => {
      if (!this.closing)
        options.log.warn({ err: error, url: options.url }, 'machine data: broker connection error');
    });
    client.on('offline', () => {
      if (!this.closing) options.log.warn({ url: options.url }, 'machine data: broker offline, reconnecting');
    });

    const timeout = options.connectTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeout);
    });
    const outcome = await Promise.race([firstSubscription, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      options.log.error(
        { url: options.url },
        `machine data: no connection to the MQTT broker at ${options.url} after ${timeout} ms; still trying`,
      );
    }
  }

  /** Disconnects. Acknowledge what you stored first: the rest comes again with the next session. */
  async close(): Promise<void> {
    this.closing = true;
    await this.client?.endAsync();
  }

  private holdAcknowledgements(client: MqttClient): void {
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send: SendPacket = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, callback, ...rest) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined) {
        const held = this.held.get(packet.messageId);
        if (held && !held.released) {
          held.puback = packet; // written by ack()
          callback?.();
          return;
        }
        this.acknowledged += 1;
      }
      send(packet, callback, ...rest);
    };

    this.release = (message) => {
      this.held.delete(message.messageId as number);
      if (!message.puback) return;
      // a batch's acknowledgements leave in one write, not one per message
      if (!this.corked) {
        this.corked = true;
        const stream = client.stream;
        stream.cork();
        process.nextTick(() => {
          this.corked = false;
          stream.uncork();
        });
      }
      this.acknowledged += 1;
      send(message.puback);
    };

    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
      const message = new HeldMessage(this, packet);
      if (message.messageId !== undefined) this.received += 1;
      if (message.messageId !== undefined) this.held.set(message.messageId, message);
      let result: void | Promise<void>;
      try {
        result = this.options.onMessage(message);
      } catch (error) {
        this.options.log.error({ err: error, topic: packet.topic }, 'machine data: consumer failed');
        callback();
        return;
      }
      if (result instanceof Promise)
        result.then(
          () => callback(),
          () => callback(),
        );
      else callback();
    };
  }

  /** @internal the connection a message came on, to drop acknowledgements of an older one */
  currentGeneration(): number {
    return this.generation;
  }

  /** @internal writes the held PUBACK of a message of the current connection */
  release: (message: HeldMessage) => void = () => {};
}

/** A message as the consumer sees it, holding its PUBACK until `ack()`. */
class HeldMessage implements BusMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly redelivered: boolean;
  readonly messageId: number | undefined;
  readonly generation: number;
  released = false;
  puback?: Packet;

  constructor(
    private readonly subscriber: MachineDataSubscriber,
    packet: IPublishPacket,
  ) {
    this.topic = packet.topic;
    this.payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    this.redelivered = packet.dup;
    this.messageId = packet.qos > 0 ? packet.messageId : undefined;
    this.generation = subscriber.currentGeneration();
  }

  ack(): void {
    if (this.released) return;
    this.released = true;
    if (this.messageId === undefined || this.generation !== this.subscriber.currentGeneration()) return;
    this.subscriber.release(this);
  }
}

/** Publishes with QoS 1 and resolves when the broker acknowledged (simulator, tests, bench). */
export async function connectPublisher(url: string, clientId: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    log: quiet,
  });
}

/** mqtt.js traces every packet through `debug`; skip that on the hot path unless DEBUG asks for it. */
const quiet = process.env.DEBUG ? undefined : () => {};
