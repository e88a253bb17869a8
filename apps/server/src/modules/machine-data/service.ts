/**
 * Machine data: the only writer of machine_events, machine_states and machine_stops.
 *
 * `ingest` stores one batch of parsed machine events in one transaction, set-based: the events
 * (a redelivered event id is a no-op), the machines' states and totals, the stops their state
 * changes open and close, and the counted cycles booked onto the operations running on the
 * machines (production's addMachineCycles, in the same transaction). The terminal reports stops,
 * closes them and gives them reasons.
 */
import type {
  MachineDataIngestion,
  MachineStop,
  MachineStopListQuery,
  MachineView,
  Page,
  ReportMachineStopBody,
} from '@takt/contracts';
import { and, count, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { workCenters } from '../catalog/tables/work-centers';
import { machineCode as codeOf, parseMachineCode } from '../production/machines';
import { addMachineCycles, type RunningOperation, runningOperations } from '../production/running-operations';
import { reasonCodes } from '../production/tables';
import { IngestionStatistics } from './ingestion-statistics';
import { MachineDirectory, type MachineRef } from './machine-directory';
import type { MachineEvent } from './machine-message';
import { type MachineBefore, planStops, type RecordedState, type StateChange } from './plan-stops';
import { requireStopReason } from './stop-reason';
import { machineEventRejects, machineStates, machineStops } from './tables';

export interface MachineDataSettings {
  /** a closed stop shorter than this is a micro-stop */
  microStopSeconds: number;
}

export const defaultMachineDataSettings: MachineDataSettings = { microStopSeconds: 120 };

export interface IngestOutcome {
  inserted: number;
  duplicates: number;
  unknownMachines: number;
  /** codes that name no machine, for the log */
  unknownCodes: string[];
}

/** What the server's bus reports about itself (GET /api/machine-data/ingestion). */
export interface BusStatus {
  mode: 'embedded' | 'external' | 'off';
  url: string | null;
  clientId: string | null;
  topics: string[];
  connected(): boolean;
  pending(): number;
}

/** operations change state at the terminal; machine data may map to the old one this long */
const RUNNING_OPERATIONS_KEEP_MS = 2_000;

type StopRow = typeof machineStops.$inferSelect;

export class MachineDataService {
  readonly statistics = new IngestionStatistics();
  private readonly directory: MachineDirectory;
  private running: { at: number; operations: Map<string, RunningOperation> } | null = null;
  private bus: BusStatus = {
    mode: 'off',
    url: null,
    clientId: null,
    topics: [],
    connected: () => false,
    pending: () => 0,
  };

  constructor(
    private readonly db: Db,
    private readonly settings: MachineDataSettings = defaultMachineDataSettings,
  ) {
    this.directory = new MachineDirectory(db);
  }

  private get microStopMs(): number {
    return this.settings.microStopSeconds * 1000;
  }

  attachBus(bus: BusStatus): void {
    this.bus = bus;
  }

  /** Drops the cached work centers and running operations (after a failed batch). */
  forgetCaches(): void {
    this.directory.forget();
    this.running = null;
  }

  // ------------------------------------------------------------------------------ ingestion

  /**
   * Stores a batch of events in one transaction. Events of codes that name no machine are
   * counted and left out; an event id a machine sent before is a duplicate and changes nothing.
   * Statements per batch, whatever its size: 1 insert of events, and for the machines with new
   * events 1 lock-and-read of their states, 1 read of their open stops, 1 update of the states,
   * at most 1 insert and 1 update of stops and 1 update of operations.
   */
  async ingest(events: readonly MachineEvent[], now = Date.now()): Promise<IngestOutcome> {
    const unique = new Map<string, MachineEvent>();
    for (const e of events) {
      const key = `${e.machineCode}\u0000${e.eventId}`;
      if (!unique.has(key)) unique.set(key, e);
    }
    const machines = await this.directory.resolve(new Set(events.map((e) => e.machineCode)), now);
    const known = [...unique.values()].filter((e) => machines.has(e.machineCode));
    const unknownCodes = [...new Set(events.map((e) => e.machineCode))].filter((c) => !machines.has(c));
    const outcome: IngestOutcome = {
      inserted: 0,
      duplicates: events.length - unique.size,
      unknownMachines: [...unique.values()].length - known.length,
      unknownCodes,
    };
    if (known.length === 0) return outcome;
    const operations = await this.runningOperations(now);

    return this.db.transaction(async (tx) => {
      const rows = known.map((e) => ({
        m: e.machineCode,
        id: e.eventId,
        k: e.kind,
        s: e.state,
        c: e.cycles,
        r: e.rejects,
        at: new Date(e.at).toISOString(),
        op: operations.get(e.machineCode)?.jobOperationId ?? null,
      }));
      const inserted = await queryRows<{ m: string; id: string }>(
        tx,
        sql`insert into machine_events (machine_code, event_id, kind, state, cycles, rejects, machine_at, job_operation_id)
            select e.m, e.id, e.k, e.s, e.c, e.r, e.at, e.op
            from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
              as e(m text, id text, k text, s text, c int, r int, at timestamptz, op uuid)
            on conflict do nothing
            returning machine_code as m, event_id as id`,
      );
      outcome.inserted = inserted.length;
      outcome.duplicates += known.length - inserted.length;
      if (inserted.length === 0) return outcome;
      const isNew = new Set(inserted.map((r) => `${r.m}\u0000${r.id}`));
      const fresh = known.filter((e) => isNew.has(`${e.machineCode}\u0000${e.eventId}`));
      await this.applyToMachines(tx, fresh, machines, operations);
      return outcome;
    });
  }

  private async applyToMachines(
    tx: Tx,
    fresh: MachineEvent[],
    machines: Map<string, MachineRef>,
    operations: Map<string, RunningOperation>,
  ): Promise<void> {
    interface Totals {
      ref: MachineRef;
      cycles: number;
      rejects: number;
      events: number;
      lastAt: number;
      changes: StateChange[];
    }
    const totals = new Map<string, Totals>();
    const cyclesByOperation = new Map<string, number>();
    for (const e of fresh) {
      let t = totals.get(e.machineCode);
      if (!t) {
        t = {
          ref: machines.get(e.machineCode) as MachineRef,
          cycles: 0,
          rejects: 0,
          events: 0,
          lastAt: e.at,
          changes: [],
        };
        totals.set(e.machineCode, t);
      }
      t.events += 1;
      t.lastAt = Math.max(t.lastAt, e.at);
      if (e.kind === 'count') {
        t.cycles += e.cycles ?? 0;
        t.rejects += e.rejects ?? 0;
        const op = operations.get(e.machineCode);
        if (op && e.cycles)
          cyclesByOperation.set(
            op.jobOperationId,
            (cyclesByOperation.get(op.jobOperationId) ?? 0) + e.cycles,
          );
      } else if (e.state) {
        t.changes.push({ eventId: e.eventId, state: e.state, at: e.at });
      }
    }
    const codes = [...totals.keys()].sort();

    // lock the machines' rows in code order (creating the new ones) and read their state
    const before = await queryRows<{ machine_code: string; state: RecordedState; since: number | null }>(
      tx,
      sql`insert into machine_states (machine_code, work_center_id, machine_index)
          select x.m, x.wc, x.i from jsonb_to_recordset(${JSON.stringify(
            codes.map((m) => {
              const ref = totals.get(m)?.ref as MachineRef;
              return { m, wc: ref.workCenterId, i: ref.machineIndex };
            }),
          )}::jsonb) as x(m text, wc uuid, i int)
          order by x.m
          on conflict (machine_code) do update set machine_code = excluded.machine_code
          returning machine_code, state, (extract(epoch from since) * 1000)::float8 as since`,
    );
    const beforeByCode = new Map(before.map((b) => [b.machine_code, b]));

    const changing = codes.filter((c) => (totals.get(c)?.changes.length ?? 0) > 0);
    const openStops = new Map<string, { id: string; startedAt: number }>();
    if (changing.length > 0) {
      const open = await queryRows<{ id: string; machine_code: string; started_at: number }>(
        tx,
        sql`select id, machine_code, (extract(epoch from started_at) * 1000)::float8 as started_at from machine_stops
            where ended_at is null
              and machine_code in (select jsonb_array_elements_text(${JSON.stringify(changing)}::jsonb))`,
      );
      for (const s of open) openStops.set(s.machine_code, { id: s.id, startedAt: Number(s.started_at) });
    }

    const stateRows: {
      m: string;
      state: string | null;
      since: string | null;
      last: string;
      cycles: number;
      rejects: number;
      events: number;
    }[] = [];
    const newStops: Record<string, unknown>[] = [];
    const closedStops: { id: string; ended: string; micro: boolean }[] = [];
    for (const code of codes) {
      const t = totals.get(code) as Totals;
      let state: string | null = null;
      let since: string | null = null;
      if (t.changes.length > 0) {
        const b = beforeByCode.get(code);
        const machine: MachineBefore = {
          state: b?.state ?? 'unknown',
          since: b?.since == null ? null : Number(b.since),
          openStop: openStops.get(code) ?? null,
        };
        t.changes.sort((x, y) => x.at - y.at);
        const op = operations.get(code);
        const plan = planStops(machine, t.changes, op?.status === 'running', this.microStopMs);
        if (plan.since !== machine.since && plan.since !== null) {
          state = plan.state;
          since = new Date(plan.since).toISOString();
        }
        if (plan.close)
          closedStops.push({
            id: plan.close.id,
            ended: new Date(plan.close.endedAt).toISOString(),
            micro: plan.close.micro,
          });
        for (const s of plan.insert) {
          newStops.push({
            m: code,
            wc: t.ref.workCenterId,
            i: t.ref.machineIndex,
            op: op?.jobOperationId ?? null,
            started: new Date(s.startedAt).toISOString(),
            ended: s.endedAt === null ? null : new Date(s.endedAt).toISOString(),
            micro: s.micro,
            event: s.openedByEventId,
          });
        }
      }
      stateRows.push({
        m: code,
        state,
        since,
        last: new Date(t.lastAt).toISOString(),
        cycles: t.cycles,
        rejects: t.rejects,
        events: t.events,
      });
    }

    await tx.execute(sql`update machine_states s set
        state = coalesce(u.state, s.state),
        since = case when u.state is null then s.since else u.since end,
        last_event_at = greatest(s.last_event_at, u.last),
        total_cycles = s.total_cycles + u.cycles,
        total_rejects = s.total_rejects + u.rejects,
        events = s.events + u.events
      from jsonb_to_recordset(${JSON.stringify(stateRows)}::jsonb)
        as u(m text, state text, since timestamptz, last timestamptz, cycles bigint, rejects bigint, events bigint)
      where s.machine_code = u.m`);
    if (closedStops.length > 0) {
      await tx.execute(sql`update machine_stops st set ended_at = c.ended, micro = c.micro, version = st.version + 1
        from jsonb_to_recordset(${JSON.stringify(closedStops)}::jsonb) as c(id uuid, ended timestamptz, micro boolean)
        where st.id = c.id and st.ended_at is null`);
    }
    if (newStops.length > 0) {
      await tx.execute(sql`insert into machine_stops
          (machine_code, work_center_id, machine_index, job_operation_id, started_at, ended_at, micro, source, opened_by_event_id)
        select n.m, n.wc, n.i, n.op, n.started, n.ended, n.micro, 'machine', n.event
        from jsonb_to_recordset(${JSON.stringify(newStops)}::jsonb)
          as n(m text, wc uuid, i int, op uuid, started timestamptz, ended timestamptz, micro boolean, event text)`);
    }
    await addMachineCycles(tx, cyclesByOperation);
  }

  private async runningOperations(now: number): Promise<Map<string, RunningOperation>> {
    if (!this.running || now - this.running.at > RUNNING_OPERATIONS_KEEP_MS) {
      this.running = { at: now, operations: await runningOperations(this.db) };
    }
    return this.running.operations;
  }

  /** Keeps a message the database refused (the ingestor isolated it from its batch). */
  async setAside(topic: string, payload: Buffer | string, error: string): Promise<void> {
    const text = (typeof payload === 'string' ? payload : payload.toString('utf8')).replaceAll(
      '\u0000',
      '\\u0000',
    );
    await this.db.insert(machineEventRejects).values({
      topic: topic.replaceAll('\u0000', '\\u0000'),
      payload: text,
      error: error.slice(0, 2_000),
    });
  }

  ingestionStatus(): MachineDataIngestion {
    const s = this.statistics;
    return {
      bus: {
        mode: this.bus.mode,
        url: this.bus.url,
        clientId: this.bus.clientId,
        topics: this.bus.topics,
        connected: this.bus.connected(),
      },
      received: s.received,
      inserted: s.inserted,
      duplicates: s.duplicates,
      rejected: s.rejected,
      unknownMachines: s.unknownMachines,
      setAside: s.setAside,
      batches: s.batches,
      pending: this.bus.pending(),
      lastFlush: s.lastFlush,
      latencyMs: s.latency(),
    };
  }

  // ------------------------------------------------------------------------------ machines

  /** Every configured machine of the active work centers, and every other one that reported. */
  async listMachines(
    query: { workCenterId?: string; state?: MachineView['state'] } = {},
  ): Promise<MachineView[]> {
    const wcFilter = query.workCenterId ? sql`and w.id = ${query.workCenterId}` : sql``;
    const [centers, states, open, operations] = await Promise.all([
      queryRows<{ id: string; code: string; name: string; machines: number }>(
        this.db,
        sql`select w.id, w.code, w.name, w.machines from work_centers w where w.active ${wcFilter} order by w.code`,
      ),
      this.db
        .select()
        .from(machineStates)
        .where(query.workCenterId ? eq(machineStates.workCenterId, query.workCenterId) : undefined),
      this.db.select().from(machineStops).where(isNull(machineStops.endedAt)),
      runningOperations(this.db),
    ]);
    const stateByCode = new Map(states.map((s) => [s.machineCode, s]));
    const openByCode = new Map(open.map((s) => [s.machineCode, s]));
    const views: MachineView[] = [];
    for (const wc of centers) {
      const codes = new Set<string>();
      for (let i = 0; i < Number(wc.machines); i++) codes.add(codeOf(wc.code, i));
      for (const s of states) if (s.workCenterId === wc.id) codes.add(s.machineCode);
      for (const code of codes) {
        const machineIndex = parseMachineCode(code)?.machineIndex ?? 0;
        const s = stateByCode.get(code);
        const op = operations.get(code);
        const stop = openByCode.get(code);
        views.push({
          machineCode: code,
          workCenterId: wc.id,
          workCenterCode: wc.code,
          workCenterName: wc.name,
          machineIndex,
          configured: machineIndex < Number(wc.machines),
          state: s?.state ?? 'unknown',
          since: s?.since?.toISOString() ?? null,
          lastEventAt: s?.lastEventAt?.toISOString() ?? null,
          totalCycles: s?.totalCycles ?? 0,
          totalRejects: s?.totalRejects ?? 0,
          events: s?.events ?? 0,
          currentOperation: op
            ? { jobOperationId: op.jobOperationId, jobId: op.jobId, status: op.status }
            : null,
          openStop: stop
            ? {
                id: stop.id,
                startedAt: stop.startedAt.toISOString(),
                source: stop.source,
                reasonId: stop.reasonId,
              }
            : null,
        });
      }
    }
    views.sort((a, b) =>
      a.workCenterCode === b.workCenterCode
        ? a.machineIndex - b.machineIndex
        : a.workCenterCode < b.workCenterCode
          ? -1
          : 1,
    );
    return query.state ? views.filter((v) => v.state === query.state) : views;
  }

  // ------------------------------------------------------------------------------ stops

  async listStops(query: MachineStopListQuery): Promise<Page<MachineStop>> {
    const microSeconds = this.settings.microStopSeconds;
    const waiting = sql`(${machineStops.reasonId} is null and not ${machineStops.micro}
      and extract(epoch from coalesce(${machineStops.endedAt}, now()) - ${machineStops.startedAt}) >= ${microSeconds})`;
    const filters: (SQL | undefined)[] = [
      query.workCenterId ? eq(machineStops.workCenterId, query.workCenterId) : undefined,
      query.machineCode ? eq(machineStops.machineCode, query.machineCode) : undefined,
      query.open === undefined
        ? undefined
        : query.open
          ? isNull(machineStops.endedAt)
          : isNotNull(machineStops.endedAt),
      query.waitingForReason === undefined
        ? undefined
        : query.waitingForReason
          ? waiting
          : sql`not ${waiting}`,
    ];
    const where = and(...filters);
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({
          stop: machineStops,
          workCenterCode: workCenters.code,
          reasonCode: reasonCodes.code,
          reasonName: reasonCodes.name,
          planned: reasonCodes.planned,
        })
        .from(machineStops)
        .innerJoin(workCenters, eq(workCenters.id, machineStops.workCenterId))
        .leftJoin(reasonCodes, eq(reasonCodes.id, machineStops.reasonId))
        .where(where)
        .orderBy(desc(machineStops.startedAt), machineStops.machineCode)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(machineStops).where(where),
    ]);
    return {
      items: rows.map((r) => this.toStop(r.stop, r.workCenterCode, r.reasonCode, r.reasonName, r.planned)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async getStop(id: string, db: Db | Tx = this.db): Promise<MachineStop> {
    const [row] = await db
      .select({
        stop: machineStops,
        workCenterCode: workCenters.code,
        reasonCode: reasonCodes.code,
        reasonName: reasonCodes.name,
        planned: reasonCodes.planned,
      })
      .from(machineStops)
      .innerJoin(workCenters, eq(workCenters.id, machineStops.workCenterId))
      .leftJoin(reasonCodes, eq(reasonCodes.id, machineStops.reasonId))
      .where(eq(machineStops.id, id));
    if (!row) throw new NotFoundError('machine stop', id);
    return this.toStop(row.stop, row.workCenterCode, row.reasonCode, row.reasonName, row.planned);
  }

  /**
   * An operator reports that a machine stopped: the stop opens now (source operator) and closes
   * when the machine reports running or setup, or when someone closes it at the terminal.
   */
  async reportStop(actor: Actor, input: ReportMachineStopBody): Promise<MachineStop> {
    return this.db.transaction(async (tx) => {
      const machine = await MachineDirectory.find(tx, input.machineCode);
      if (!machine)
        throw ruleViolation(
          'machineCode',
          'machine',
          `${input.machineCode} is not a machine: machine codes are <work center code>-<n> of an active work center`,
        );
      const reason = input.reasonId ? await requireStopReason(tx, input.reasonId) : null;
      // the machine's row is its lock: ingestion takes the same one
      await tx.execute(sql`insert into machine_states (machine_code, work_center_id, machine_index)
        values (${machine.machineCode}, ${machine.workCenterId}, ${machine.machineIndex})
        on conflict (machine_code) do update set machine_code = excluded.machine_code`);
      const [open] = await tx
        .select({ id: machineStops.id, startedAt: machineStops.startedAt })
        .from(machineStops)
        .where(and(eq(machineStops.machineCode, machine.machineCode), isNull(machineStops.endedAt)));
      if (open)
        throw ruleViolation(
          'machineCode',
          'one-open-stop',
          `${machine.machineCode} is already stopped since ${open.startedAt.toISOString()} (stop ${open.id})`,
        );
      const operation = (await runningOperations(tx)).get(machine.machineCode);
      const [row] = await tx
        .insert(machineStops)
        .values({
          machineCode: machine.machineCode,
          workCenterId: machine.workCenterId,
          machineIndex: machine.machineIndex,
          jobOperationId: operation?.jobOperationId ?? null,
          startedAt: new Date(),
          source: 'operator',
          reasonId: reason?.id ?? null,
          reasonSetBy: reason ? actor.id : null,
        })
        .returning();
      const stop = await this.getStop(row.id, tx);
      await recordAudit(tx, actor, {
        entity: 'machine-stop',
        entityId: row.id,
        action: 'create',
        after: stop,
      });
      return stop;
    });
  }

  /** Gives a stop its reason (a reason code of kind stop). */
  async setStopReason(actor: Actor, id: string, version: number, reasonId: string): Promise<MachineStop> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockStop(tx, id, version);
      const reason = await requireStopReason(tx, reasonId);
      const before = await this.getStop(id, tx);
      await tx
        .update(machineStops)
        .set({ reasonId: reason.id, reasonSetBy: actor.id, version: row.version + 1 })
        .where(eq(machineStops.id, id));
      const after = await this.getStop(id, tx);
      await recordAudit(tx, actor, {
        entity: 'machine-stop',
        entityId: id,
        action: 'set-reason',
        before,
        after,
      });
      return after;
    });
  }

  /** Closes an open stop now (the machine runs again but sends no data, or the report was wrong). */
  async closeStop(actor: Actor, id: string, version: number): Promise<MachineStop> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockStop(tx, id, version);
      if (row.endedAt)
        throw ruleViolation(
          'id',
          'open',
          `the stop of ${row.machineCode} already ended at ${row.endedAt.toISOString()}`,
        );
      const endedAt = new Date(Math.max(Date.now(), row.startedAt.getTime()));
      await tx
        .update(machineStops)
        .set({
          endedAt,
          micro: endedAt.getTime() - row.startedAt.getTime() < this.microStopMs,
          version: row.version + 1,
        })
        .where(eq(machineStops.id, id));
      const after = await this.getStop(id, tx);
      await recordAudit(tx, actor, { entity: 'machine-stop', entityId: id, action: 'close', after });
      return after;
    });
  }

  private async lockStop(tx: Tx, id: string, version: number): Promise<StopRow> {
    const [row] = await tx.select().from(machineStops).where(eq(machineStops.id, id)).for('update');
    if (!row) throw new NotFoundError('machine stop', id);
    if (row.version !== version) throw new VersionConflictError('machine stop', id, version, row.version);
    return row;
  }

  private toStop(
    row: StopRow,
    workCenterCode: string,
    reasonCode: string | null,
    reasonName: string | null,
    planned: boolean | null,
  ): MachineStop {
    const end = row.endedAt ? row.endedAt.getTime() : Date.now();
    const durationSeconds = Math.max(0, (end - row.startedAt.getTime()) / 1000);
    return {
      id: row.id,
      machineCode: row.machineCode,
      workCenterId: row.workCenterId,
      workCenterCode,
      machineIndex: row.machineIndex,
      jobOperationId: row.jobOperationId,
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      durationSeconds,
      micro: row.micro,
      source: row.source,
      reasonId: row.reasonId,
      reasonCode,
      reasonName,
      planned: planned ?? false,
      waitingForReason: !row.reasonId && !row.micro && durationSeconds >= this.settings.microStopSeconds,
      version: row.version,
    };
  }
}
