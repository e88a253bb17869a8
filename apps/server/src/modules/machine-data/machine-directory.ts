/**
 * Which machine a code names: `<work center code>-<n>` of an active work center. A code with n
 * beyond the work center's machine count is still that work center's machine (one connected
 * before the master data caught up, or the simulator's extra machines) and shows as not
 * configured. Work centers are read once and kept briefly: ingestion does not query per message.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { parseMachineCode } from '../production/machines';

export interface MachineRef {
  machineCode: string;
  workCenterId: string;
  workCenterCode: string;
  machineIndex: number;
  configured: boolean;
}

interface WorkCenterRef {
  id: string;
  code: string;
  machines: number;
}

const KEEP_MS = 30_000;
/** a code of an unknown work center reloads the list, at most this often */
const RELOAD_ON_MISS_MS = 5_000;

export class MachineDirectory {
  private byCode = new Map<string, WorkCenterRef>();
  private loadedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly db: Db) {}

  /** The machines among `codes`; codes that name no machine are left out. */
  async resolve(codes: ReadonlySet<string>, now = Date.now()): Promise<Map<string, MachineRef>> {
    if (now - this.loadedAt > KEEP_MS) await this.load(now);
    let machines = this.lookup(codes);
    const missing = machines.size < codes.size;
    if (missing && now - this.loadedAt > RELOAD_ON_MISS_MS) {
      await this.load(now);
      machines = this.lookup(codes);
    }
    return machines;
  }

  /** The machine a code names, read now (for the terminal: no cache). */
  static async find(db: Db | Tx, code: string): Promise<MachineRef | null> {
    const parsed = parseMachineCode(code);
    if (!parsed) return null;
    const [wc] = await queryRows<WorkCenterRef>(
      db,
      sql`select id, code, machines from work_centers where code = ${parsed.workCenterCode} and active`,
    );
    return wc ? toRef(code, wc, parsed.machineIndex) : null;
  }

  forget(): void {
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private lookup(codes: ReadonlySet<string>): Map<string, MachineRef> {
    const found = new Map<string, MachineRef>();
    for (const code of codes) {
      const parsed = parseMachineCode(code);
      const wc = parsed && this.byCode.get(parsed.workCenterCode);
      if (parsed && wc) found.set(code, toRef(code, wc, parsed.machineIndex));
    }
    return found;
  }

  private async load(now: number): Promise<void> {
    const rows = await queryRows<WorkCenterRef>(
      this.db,
      sql`select id, code, machines from work_centers where active`,
    );
    this.byCode = new Map(rows.map((r) => [r.code, { ...r, machines: Number(r.machines) }]));
    this.loadedAt = now;
  }
}

function toRef(code: string, wc: WorkCenterRef, machineIndex: number): MachineRef {
  return {
    machineCode: code,
    workCenterId: wc.id,
    workCenterCode: wc.code,
    machineIndex,
    configured: machineIndex < Number(wc.machines),
  };
}
