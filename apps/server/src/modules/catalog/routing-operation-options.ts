/**
 * Where a routing operation may run: its own work center (speed 1) and the alternatives its
 * routing names, each with its speed factor (processing minutes on an alternative are the
 * standard minutes ÷ (the work center's efficiency × the speed factor), as when a line is first
 * planned). Planning reads this for jobs already in the plan: their operations keep the routing
 * they were copied from (`production_jobs.routing_id`) and their number in it; the run minutes
 * per unit come along, the standard minutes the durations are computed from. One query.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export interface WorkCenterOption {
  workCenterId: string;
  /** 1 for the operation's own work center */
  speedFactor: number;
}

export interface RoutingOperationOptions {
  /** the routing operation's own work center first */
  options: WorkCenterOption[];
  runMinutesPerUnit: number;
}

/** `routingId|number`: the key of `routingOperationOptions`' answer. */
export const routingOperationKey = (routingId: string, number: string) => `${routingId}|${number}`;

/** The work center options of these routing operations, the routing's own work center first. */
export async function routingOperationOptions(
  db: Db | Tx,
  keys: { routingId: string; number: string }[],
): Promise<Map<string, RoutingOperationOptions>> {
  const out = new Map<string, RoutingOperationOptions>();
  if (keys.length === 0) return out;
  const wanted = JSON.stringify(keys.map((k) => ({ routing_id: k.routingId, number: k.number })));
  const rows = await queryRows<{
    routing_id: string;
    number: string;
    work_center_id: string;
    alternatives: WorkCenterOption[];
    run_minutes_per_unit: string;
  }>(
    db,
    sql`select o.routing_id, o.number, o.work_center_id, o.alternatives, o.run_minutes_per_unit
        from routing_operations o
        join (select distinct * from jsonb_to_recordset(${wanted}::jsonb) as k(routing_id uuid, number text)) k
          on k.routing_id = o.routing_id and k.number = o.number`,
  );
  for (const r of rows)
    out.set(routingOperationKey(r.routing_id, r.number), {
      options: [
        { workCenterId: r.work_center_id, speedFactor: 1 },
        ...(r.alternatives ?? []).filter((a) => a.workCenterId !== r.work_center_id),
      ],
      runMinutesPerUnit: Number(r.run_minutes_per_unit),
    });
  return out;
}
