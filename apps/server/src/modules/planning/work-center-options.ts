/**
 * Where a job's operation may run once it is in the plan: the work center its routing operation
 * names and the alternatives the routing lists for it, and how long it runs on each. Durations
 * follow the first planning (`supply-request.ts`): processing minutes = standard minutes ÷
 * (work center efficiency × speed factor), rounded up to a whole minute. A job operation stores
 * its processing minutes on the work center it is planned on; the standard minutes behind them
 * are the routing's (run minutes per unit × quantity) when those give exactly the stored minutes,
 * else (a configured line's own routing, a routing revised since) they are recovered from the
 * stored minutes, up to the rounding of a minute there. Pure.
 */
import {
  type RoutingOperationOptions,
  routingOperationKey,
  type WorkCenterOption,
} from '../catalog/routing-operation-options';

/**
 * The work centers an operation may run on: its routing operation's own and alternatives, and
 * always the one it is planned on (a routing revised since, a rework operation with no routing
 * operation behind it: speed 1 there).
 */
export function workCenterOptionsOf(
  op: { routingId: string | null; number: string; workCenterId: string },
  options: Map<string, RoutingOperationOptions>,
): WorkCenterOption[] {
  const listed = op.routingId
    ? (options.get(routingOperationKey(op.routingId, op.number))?.options ?? [])
    : [];
  return listed.some((o) => o.workCenterId === op.workCenterId)
    ? listed
    : [{ workCenterId: op.workCenterId, speedFactor: 1 }, ...listed];
}

interface Speed {
  efficiency: number;
  speedFactor: number;
}

/** Processing minutes of `standard` minutes of work: what `modesOf` gives a first planning. */
export function processingMinutes(standard: number, on: Speed): number {
  // the epsilon keeps an exact quotient (90.000000001 from floating point) from rounding up
  return Math.max(1, Math.ceil(standard / (on.efficiency * on.speedFactor) - 1e-9));
}

/**
 * Processing minutes on `to` of an operation that runs `runMinutes` on `from`; `routingStandard`
 * (the routing's run minutes per unit × quantity) is used when it explains `runMinutes` exactly.
 */
export function runMinutesOn(runMinutes: number, from: Speed, to: Speed, routingStandard?: number): number {
  const standard =
    routingStandard !== undefined && processingMinutes(routingStandard, from) === Math.round(runMinutes)
      ? routingStandard
      : runMinutes * from.efficiency * from.speedFactor;
  return processingMinutes(standard, to);
}
