/**
 * Configurator models and the evaluation of configurations: the only writer of
 * configurator_models and configurator_model_revisions. A save is validated as a whole (422
 * naming every field path), checked against the version edited (409), written with a new
 * immutable revision row and an audit entry, in one transaction. An evaluation reads the
 * model, the item's effective BOM structure (one recursive query, every level) and routing
 * (one query) and hands them to the pure rule files beside this one.
 */
import type {
  ConfigurationResult,
  ConfiguratorModel,
  ConfiguratorModelBody,
  ConfigureBody,
} from '@takt/contracts';
import { eq, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../../platform/audit';
import { type Db, queryRows, type Tx } from '../../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../../platform/errors';
import { items } from '../../catalog/tables/items';
import { unitChangeKey, unitFactors } from '../../catalog/uom-service';
import { estimateCost } from '../../costing/estimate-cost';
import { loadPlanningCatalog, withConfiguredStructure } from '../../planning/planning-catalog';
import { configuratorModelRevisions, configuratorModels } from '../tables';
import { compileModel } from './compile-model';
import { costOfConfiguration } from './configured-cost';
import {
  configureBom,
  configureRouting,
  type RoutingRow,
  type StructureRow,
  structureOf,
} from './configured-structure';
import { evaluateConfiguration } from './evaluate-configuration';
import { priceConfiguration } from './price';
import { type ModelContext, validateModel } from './validate-model';

const today = () => new Date().toISOString().slice(0, 10);
/** Deeper than any real BOM; the path check stops cycles long before. */
const MAX_BOM_DEPTH = 20;

type ModelRow = typeof configuratorModels.$inferSelect;

const toModel = (row: ModelRow, itemNumber: string): ConfiguratorModel => ({
  ...row.model,
  itemId: row.itemId,
  itemNumber,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

interface StructureQueryRow {
  level: number;
  sort_key: string;
  parent_item_id: string;
  parent_number: string;
  position: number;
  item_id: string;
  number: string;
  name: string;
  kind: StructureRow['kind'];
  uom: string;
  base_uom: string;
  quantity_per: string;
  scrap_factor: string;
  operation_number: string | null;
  condition: string | null;
  quantity_formula: string | null;
  standard_cost_amount: number;
}

interface RoutingQueryRow {
  number: string;
  name: string;
  work_center_id: string;
  work_center_code: string;
  setup_minutes: string;
  run_minutes_per_unit: string;
  predecessors: string[];
  machine_rate: number;
  labour_rate: number;
  setup_rate: number;
  efficiency: string;
}

export class ConfiguratorService {
  constructor(private readonly db: Db) {}

  async get(itemId: string): Promise<ConfiguratorModel> {
    const [row] = await this.db
      .select({ model: configuratorModels, itemNumber: items.number })
      .from(configuratorModels)
      .innerJoin(items, eq(items.id, configuratorModels.itemId))
      .where(eq(configuratorModels.itemId, itemId));
    if (row) return toModel(row.model, row.itemNumber);
    await this.item(this.db, itemId);
    throw new NotFoundError('configurator model', itemId);
  }

  /** Creates (version 0) or replaces the model of a configurable item. */
  async save(
    actor: Actor,
    itemId: string,
    version: number,
    body: ConfiguratorModelBody,
  ): Promise<ConfiguratorModel> {
    return this.db.transaction(async (tx) => {
      const item = await this.item(tx, itemId);
      if (!item.configurable)
        throw ruleViolation(
          'itemId',
          'configurable',
          `${item.number} is not configurable; mark the item configurable first`,
        );
      const [before] = await tx
        .select()
        .from(configuratorModels)
        .where(eq(configuratorModels.itemId, itemId))
        .for('update');
      const current = before?.version ?? 0;
      if (current !== version) throw new VersionConflictError('configurator model', itemId, version, current);

      const issues = validateModel(body, await this.modelContext(tx, itemId));
      if (issues.length > 0)
        throw new RuleViolationError(
          `the configurator model of ${item.number} has ${issues.length} problem(s): ${issues
            .slice(0, 5)
            .map((i) => `${i.field}: ${i.message}`)
            .join('; ')}`,
          issues,
        );

      const values = { model: body, updatedBy: actor.name, updatedAt: new Date() };
      const [row] = before
        ? await tx
            .update(configuratorModels)
            .set({ ...values, version: sql`${configuratorModels.version} + 1` })
            .where(eq(configuratorModels.id, before.id))
            .returning()
        : await tx
            .insert(configuratorModels)
            .values({ ...values, itemId })
            .onConflictDoNothing({ target: configuratorModels.itemId })
            .returning();
      // someone else created it between our read and our insert
      if (!row) throw new VersionConflictError('configurator model', itemId, version, 1);
      await tx
        .insert(configuratorModelRevisions)
        .values({ modelId: row.id, version: row.version, model: body, savedBy: actor.name });
      const after = toModel(row, item.number);
      await recordAudit(tx, actor, {
        entity: 'configurator-model',
        entityId: row.id,
        action: before ? 'update' : 'create',
        before: before ? { version: before.version, model: before.model } : undefined,
        after: { version: row.version, model: body },
      });
      return after;
    });
  }

  /** Evaluates one configuration: validity, disabled choices, price, configured BOM, routing, cost. */
  async configure(itemId: string, input: ConfigureBody): Promise<ConfigurationResult> {
    const stored = await this.get(itemId);
    const body: ConfiguratorModelBody = {
      options: stored.options,
      computed: stored.computed,
      rules: stored.rules,
      pricing: stored.pricing,
      routing: stored.routing,
    };
    const date = input.date ?? today();
    const [structure, operations] = await Promise.all([
      this.structureRows(this.db, itemId, date, MAX_BOM_DEPTH),
      this.routingRows(this.db, itemId, date),
    ]);
    const factors = await unitFactors(
      this.db,
      structure.map((r) => ({ itemId: r.item_id, from: r.uom, to: r.base_uom })),
    );

    const model = compileModel(body);
    const resolved = evaluateConfiguration(model, input.values);
    const bom = configureBom(
      structure.map(
        (r): StructureRow => ({
          level: r.level,
          sortKey: r.sort_key,
          parentItemId: r.parent_item_id,
          parentNumber: r.parent_number,
          position: r.position,
          itemId: r.item_id,
          number: r.number,
          name: r.name,
          kind: r.kind,
          uom: r.uom,
          quantityPer: Number(r.quantity_per),
          scrapFactor: Number(r.scrap_factor),
          operationNumber: r.operation_number,
          condition: r.condition,
          quantityFormula: r.quantity_formula,
          // a missing conversion was refused when the line was written; count 1:1 if one vanished
          unitFactor: factors.get(unitChangeKey({ itemId: r.item_id, from: r.uom, to: r.base_uom })) ?? 1,
        }),
      ),
      resolved.variables,
      model.optionsBehind,
    );
    const routing = configureRouting(
      operations.map(
        (o): RoutingRow => ({
          number: o.number,
          name: o.name,
          workCenterId: o.work_center_id,
          workCenterCode: o.work_center_code,
          setupMinutes: Number(o.setup_minutes),
          runMinutesPerUnit: Number(o.run_minutes_per_unit),
          predecessors: o.predecessors,
        }),
      ),
      model,
      resolved.variables,
    );
    const { price, issues: priceIssues } = priceConfiguration(model, resolved.variables, input.quantity);
    // the cost is the one preliminary cost of the plant: rolled up through the configured BOM
    // and routing (and the standard structure below them) at today's rates, as quotes record it
    const { catalog, ratesByWorkCenter } = await loadPlanningCatalog(this.db, date);
    const configured = structureOf(itemId, { bom: bom.lines, routing: routing.operations });
    const cost = costOfConfiguration(
      estimateCost(
        { ...withConfiguredStructure(catalog, configured), ratesByWorkCenter },
        itemId,
        input.quantity,
      ),
      input.quantity,
      body.pricing.currency,
    );
    const brokenRules = [...resolved.brokenRules, ...priceIssues, ...bom.issues, ...routing.issues];
    return {
      itemId,
      modelVersion: stored.version,
      valid: brokenRules.length === 0,
      brokenRules,
      values: resolved.values,
      computed: resolved.computed,
      options: resolved.options,
      price,
      bom: bom.lines.map(({ baseQuantity, underPhantomsOnly, ...line }) => line),
      routing: routing.operations,
      cost,
    };
  }

  /**
   * What a model's mapping may name: the lines and operation numbers of the item's draft and
   * released revisions (not only today's), so a model can be saved before its BOM is released.
   */
  private async modelContext(tx: Tx, itemId: string): Promise<ModelContext> {
    const [bomLines, operations] = await Promise.all([
      queryRows<{ position: number; condition: string | null; quantity_formula: string | null }>(
        tx,
        sql`select l.position, l.condition, l.quantity_formula
            from bom_lines l join boms b on b.id = l.bom_id
            where b.item_id = ${itemId} and b.status <> 'obsolete'
            order by l.position`,
      ),
      queryRows<{ number: string }>(
        tx,
        sql`select distinct o.number
            from routing_operations o join routings r on r.id = o.routing_id
            where r.item_id = ${itemId} and r.status <> 'obsolete'`,
      ),
    ]);
    return {
      bomLines: bomLines.map((l) => ({
        position: l.position,
        condition: l.condition,
        quantityFormula: l.quantity_formula,
      })),
      operationNumbers: operations.map((o) => o.number),
    };
  }

  private async item(db: Db | Tx, itemId: string) {
    const [item] = await db
      .select({ id: items.id, number: items.number, configurable: items.configurable })
      .from(items)
      .where(eq(items.id, itemId));
    if (!item) throw new NotFoundError('item', itemId);
    return item;
  }

  /**
   * The item's effective BOM lines at a date, `depth` levels down, depth-first in display order,
   * with their conditions and formulas: one recursive query (as the catalog's explosion).
   */
  private structureRows(db: Db | Tx, itemId: string, date: string, depth: number) {
    return queryRows<StructureQueryRow>(
      db,
      sql`with recursive effective as (
        select distinct on (item_id) id, item_id
        from boms
        where status in ('released', 'obsolete')
          and (valid_from is null or valid_from <= ${date}::date)
          and (valid_to is null or valid_to > ${date}::date)
        order by item_id, valid_from desc nulls last, revision desc
      ),
      tree as (
        select 1 as level, lpad(l.position::text, 4, '0') as sort_key, e.item_id as parent_item_id, l.position,
               l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, l.condition,
               l.quantity_formula, array[e.item_id, l.child_item_id] as path
        from effective e join bom_lines l on l.bom_id = e.id
        where e.item_id = ${itemId}
        union all
        select t.level + 1, t.sort_key || '.' || lpad(l.position::text, 4, '0'), e.item_id, l.position,
               l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, l.condition,
               l.quantity_formula, t.path || l.child_item_id
        from tree t
        join effective e on e.item_id = t.child_item_id
        join bom_lines l on l.bom_id = e.id
        where t.level < ${depth} and not (l.child_item_id = any(t.path))
      )
      select t.level, t.sort_key, t.parent_item_id, p.number as parent_number, t.position,
             t.child_item_id as item_id, c.number, c.name, c.kind, t.uom, c.uom as base_uom, t.quantity_per,
             t.scrap_factor, t.operation_number, t.condition, t.quantity_formula, c.standard_cost_amount
      from tree t join items c on c.id = t.child_item_id join items p on p.id = t.parent_item_id
      order by t.sort_key collate "C"`,
    );
  }

  /** The operations of the item's routing effective at a date, with their work centers' rates. */
  private routingRows(db: Db | Tx, itemId: string, date: string) {
    return queryRows<RoutingQueryRow>(
      db,
      sql`with effective as (
        select id from routings
        where item_id = ${itemId} and status in ('released', 'obsolete')
          and (valid_from is null or valid_from <= ${date}::date)
          and (valid_to is null or valid_to > ${date}::date)
        order by valid_from desc nulls last, revision desc
        limit 1
      )
      select o.number, o.name, o.work_center_id, w.code as work_center_code, o.setup_minutes,
             o.run_minutes_per_unit, o.predecessors, w.machine_rate, w.labour_rate, w.setup_rate, w.efficiency
      from effective e join routing_operations o on o.routing_id = e.id
      join work_centers w on w.id = o.work_center_id
      order by o.number`,
    );
  }
}
