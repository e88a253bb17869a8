/**
 * What one job operation's work costs at its work center's rates, as SQL over a row of
 * `job_operations` and its `work_centers` row (named by the caller's aliases): one formula for
 * every cost that reads operations (a job's work cost, an ETO project's engineering hours).
 * - planned: setup minutes at the setup rate, run minutes at the machine and labour rates;
 * - actual: booked setup minutes at the setup rate, booked run minutes at the machine rate, and
 *   the operators' clocked time (open sessions up to now) at the labour rate.
 */
import { type SQL, sql } from 'drizzle-orm';

export function plannedOperationCost(operation: string, workCenter: string): SQL {
  const o = sql.identifier(operation);
  const w = sql.identifier(workCenter);
  return sql`(${o}.setup_minutes / 60.0 * ${w}.setup_rate + ${o}.run_minutes / 60.0 * (${w}.machine_rate + ${w}.labour_rate))`;
}

export function actualOperationCost(operation: string, workCenter: string): SQL {
  const o = sql.identifier(operation);
  const w = sql.identifier(workCenter);
  return sql`(${o}.actual_setup_minutes / 60.0 * ${w}.setup_rate + ${o}.actual_run_minutes / 60.0 * ${w}.machine_rate
    + (select coalesce(sum(extract(epoch from coalesce(s.ended_at, now()) - s.started_at)), 0)
       from operator_sessions s where s.job_operation_id = ${o}.id) / 3600.0 * ${w}.labour_rate)`;
}
