/**
 * Who may do what, by role. One table, used by every route (the `auth` config of a route names
 * the action and subject) and exported to the web app so it can hide what a user may not do.
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Role, Subject } from '@takt/contracts';

export type Action = 'read' | 'write';
/** Resources guarded by roles: one list in the contracts, shared with the web app. */
export type { Subject };

const internal: Role[] = ['admin', 'sales', 'engineer', 'planner', 'buyer', 'supervisor', 'operator'];

/** subject -> roles allowed to read / write it */
export const policy: Record<Subject, Record<Action, Role[]>> = {
  Item: { read: internal, write: ['admin', 'engineer'] },
  Bom: { read: internal, write: ['admin', 'engineer'] },
  Routing: { read: internal, write: ['admin', 'engineer'] },
  WorkCenter: { read: internal, write: ['admin', 'engineer', 'planner'] },
  Calendar: { read: internal, write: ['admin', 'planner', 'supervisor'] },
  Supplier: { read: internal, write: ['admin', 'buyer'] },
  Customer: {
    read: ['admin', 'sales', 'planner', 'supervisor', 'buyer', 'engineer'],
    write: ['admin', 'sales'],
  },
  User: { read: ['admin'], write: ['admin'] },
  AuditLog: { read: ['admin'], write: [] },
  ApiToken: { read: [...internal, 'customer'], write: [...internal, 'customer'] },
  SalesOrder: { read: ['admin', 'sales', 'planner', 'supervisor', 'buyer'], write: ['admin', 'sales'] },
  Quote: { read: ['admin', 'sales', 'planner', 'supervisor', 'engineer'], write: ['admin', 'sales'] },
  // a customer's one write: asking for a quote in its own name (staff quote on the sales pages)
  Portal: { read: ['customer', 'admin', 'sales'], write: ['customer'] },
  ProductionJob: { read: internal, write: ['admin', 'planner', 'supervisor'] },
  Requisition: { read: ['admin', 'buyer', 'planner', 'supervisor'], write: ['admin', 'buyer', 'planner'] },
  // customers configure in the portal: read the model and evaluate configurations
  Configurator: { read: [...internal, 'customer'], write: ['admin', 'engineer', 'sales'] },
  Stock: { read: internal, write: ['admin', 'buyer', 'supervisor', 'planner'] },
  // machine states and stops; operators report stops and give their reasons at the terminal
  MachineData: { read: internal, write: ['admin', 'supervisor', 'operator'] },
  // webhooks, the outbox feed and exports; inbound orders are guarded as SalesOrder writes
  Integration: { read: ['admin', 'planner', 'supervisor'], write: ['admin'] },
  // the terminal: operators book their work; supervisors also keep the reason codes
  ShopFloor: { read: internal, write: ['admin', 'supervisor', 'operator'] },
  // inspection results and non-conformance reports at the terminal (inspection plans are Routing writes)
  Quality: { read: internal, write: ['admin', 'supervisor', 'operator'] },
  // deciding what happens to non-conforming parts (scrap, rework, use as is) and closing them
  QualityDisposition: { read: internal, write: ['admin', 'supervisor'] },
  // engineering change orders: engineers request and implement, sales requests customer changes
  EngineeringChange: { read: internal, write: ['admin', 'engineer', 'sales'] },
  // approving or rejecting one: not who asked for it, but who answers for the plan it moves
  EngineeringChangeApproval: { read: internal, write: ['admin', 'planner'] },
  // engineer-to-order projects: phases, milestones, engineering tasks, payment plan
  Project: {
    read: ['admin', 'sales', 'engineer', 'planner', 'supervisor'],
    write: ['admin', 'sales', 'engineer', 'planner'],
  },
};

export type AppAbility = MongoAbility<[Action, Subject]>;

export function abilityFor(roles: readonly Role[]): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const [subject, actions] of Object.entries(policy) as [Subject, Record<Action, Role[]>][]) {
    for (const action of ['read', 'write'] as const) {
      if (actions[action].some((r) => roles.includes(r))) can(action, subject);
    }
  }
  return build();
}

/** What a role may do, as plain data for the web app. */
export function permissionsFor(roles: readonly Role[]): Record<Subject, Action[]> {
  const ability = abilityFor(roles);
  const result = {} as Record<Subject, Action[]>;
  for (const subject of Object.keys(policy) as Subject[]) {
    result[subject] = (['read', 'write'] as const).filter((a) => ability.can(a, subject));
  }
  return result;
}
