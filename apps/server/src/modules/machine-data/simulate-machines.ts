/**
 * `takt simulate-machines`: publishes the simulated machines' messages to an MQTT broker at a
 * steady rate (one message per machine per tick), optionally after a burst, for the demo plant's
 * machines (or the work centers of the configured database with --database).
 */

import { sql } from 'drizzle-orm';
import type { MqttClient } from 'mqtt';
import { demoWorkCenters } from '../../demo/demo-plant-data';
import type { Config } from '../../platform/config';
import { openDatabase, queryRows } from '../../platform/db/database';
import { connectPublisher } from '../../platform/machine-data-bus';
import { machineTopic } from './machine-message';
import { MachineSimulator, type SimulatedMessage, simulatedMachineCodes } from './machine-simulator';

/** QoS 1 publishing with a bounded number of messages the broker has not acknowledged yet. */
export class PacedPublisher {
  published = 0;
  acknowledged = 0;
  failed = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly client: MqttClient,
    private readonly site: string,
    private readonly maxInFlight = 10_000,
  ) {}

  /** Publishes; the returned promise (when too much is in flight) says when to go on. */
  publish(message: SimulatedMessage): void | Promise<void> {
    this.published += 1;
    this.client.publish(
      machineTopic(this.site, message.machineCode, message.kind),
      JSON.stringify(message.payload),
      { qos: 1 },
      (error) => {
        if (error) this.failed += 1;
        else this.acknowledged += 1;
        if (this.published - this.acknowledged - this.failed < this.maxInFlight / 2)
          for (const resolve of this.waiting.splice(0)) resolve();
      },
    );
    if (this.published - this.acknowledged - this.failed >= this.maxInFlight)
      return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Waits until the broker acknowledged everything published. */
  async drain(): Promise<void> {
    while (this.acknowledged + this.failed < this.published) await new Promise((r) => setTimeout(r, 10));
  }
}

export interface SimulationOptions {
  url: string;
  site: string;
  codes: string[];
  /** messages per machine per second */
  rate: number;
  seed: number;
  durationSeconds?: number;
  burst?: number;
  report?(line: string): void;
  /** stops the simulation early */
  signal?: AbortSignal;
}

/** Runs the simulation; resolves with what was published once the broker acknowledged it. */
export async function simulateMachines(
  options: SimulationOptions,
): Promise<{ published: number; failed: number }> {
  const report = options.report ?? (() => {});
  const client = await connectPublisher(options.url, `takt-simulator-${options.seed}-${process.pid}`);
  const publisher = new PacedPublisher(client, options.site);
  const simulator = new MachineSimulator(options.codes, options.seed);
  try {
    if (options.burst) {
      const at = Date.now();
      for (let i = 0; i < options.burst; i++) await publisher.publish(simulator.tickOne(i, at));
      await publisher.drain();
      report(`burst: published ${options.burst} messages`);
    }
    const tickMs = 1000 / options.rate;
    // spread each tick's messages over slices of the tick, not one spike per tick
    const slices = Math.max(1, Math.min(20, Math.floor(tickMs / 10)));
    const started = Date.now();
    const end =
      options.durationSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : started + options.durationSeconds * 1000;
    let nextReport = started + 5000;
    let reportedAt = started;
    let reportedCount = publisher.published;
    for (let tick = 0; Date.now() < end && !options.signal?.aborted; tick++) {
      const messages = simulator.tick(Date.now());
      const perSlice = Math.ceil(messages.length / slices);
      for (let s = 0; s < slices; s++) {
        for (const message of messages.slice(s * perSlice, (s + 1) * perSlice))
          await publisher.publish(message);
        const due = started + tick * tickMs + ((s + 1) * tickMs) / slices;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (Date.now() >= nextReport) {
        const now = Date.now();
        const rate = ((publisher.published - reportedCount) * 1000) / (now - reportedAt);
        report(
          `published ${publisher.published} messages (${Math.round(rate)}/s) for ${simulator.size} machines`,
        );
        reportedAt = now;
        reportedCount = publisher.published;
        nextReport = now + 5000;
      }
    }
    await publisher.drain();
    return { published: publisher.published, failed: publisher.failed };
  } finally {
    await client.endAsync();
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function numberOption(
  args: string[],
  name: string,
  fallback: number | undefined,
  min: number,
): number | undefined {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`--${name} must be a number of at least ${min}, not ${raw}`);
  return value;
}

export const simulateMachinesCommand = {
  name: 'simulate-machines',
  usage: 'simulate-machines',
  summary:
    'publish machine data: --count N (machines) --rate R (messages/s each) [--url mqtt://...] [--duration s] [--burst N] [--seed S] [--site S] [--database]',
  async run(args: string[], config: Config): Promise<number> {
    let workCenters: { code: string; machines: number }[] = demoWorkCenters;
    if (args.includes('--database')) {
      // only with PostgreSQL, or when no server holds the embedded database
      const database = await openDatabase(
        config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
      );
      try {
        workCenters = (
          await queryRows<{ code: string; machines: number }>(
            database.db,
            sql`select code, machines from work_centers where active order by code`,
          )
        ).map((w) => ({ code: w.code, machines: Number(w.machines) }));
      } finally {
        await database.close();
      }
      if (workCenters.length === 0) throw new Error('the database has no active work centers');
    }
    const plantMachines = workCenters.reduce((n, w) => n + w.machines, 0);
    const count = numberOption(args, 'count', plantMachines, 1) as number;
    const rate = numberOption(args, 'rate', 1, 0.001) as number;
    const seed = numberOption(args, 'seed', Math.floor(Math.random() * 1_000_000), 0) as number;
    const site =
      option(args, 'site') ?? (config.machineData.site === '+' ? 'plant' : config.machineData.site);
    const url =
      option(args, 'url') ?? config.mqttUrl ?? `mqtt://127.0.0.1:${config.machineData.mqttPort || 1883}`;
    const codes = simulatedMachineCodes(workCenters, Math.floor(count));
    const extra = Math.max(0, codes.length - plantMachines);
    console.log(
      `simulating ${codes.length} machines (${extra} beyond the plant's ${plantMachines}) at ${rate} messages/s each to ${url}, topics takt/${site}/<machine>/state|count, seed ${seed}`,
    );
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const result = await simulateMachines({
      url,
      site,
      codes,
      rate,
      seed,
      durationSeconds: numberOption(args, 'duration', undefined, 0),
      burst: numberOption(args, 'burst', undefined, 1),
      report: (line) => console.log(line),
      signal: controller.signal,
    });
    console.log(`done: published ${result.published} messages, ${result.failed} failed`);
    return result.failed > 0 ? 1 : 0;
  },
};
