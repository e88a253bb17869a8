/**
 * The design work planning asks for (`planning/engineering-work.ts`): the engineering tasks of
 * the open project (quoting or active) that designs an item, with what was released early for
 * procurement (the engineering module's partial releases, `engineering/released-early.ts`).
 * Three indexed queries; `openDesigns` the same for every open project with an order line.
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { releasedEarly } from '../engineering/released-early';
import {
  approvalMinutesOf,
  type EngineeringWork,
  type EngineeringWorkSource,
  type OpenDesign,
} from '../planning/engineering-work';
import { etoEngineeringTasks, etoProjects } from './tables';

const OPEN = ['quoting', 'active'] as ('quoting' | 'active')[];

export class ProjectEngineeringWork implements EngineeringWorkSource {
  constructor(private readonly db: Db | Tx) {}

  async forItem(itemId: string): Promise<EngineeringWork | null> {
    const [project] = await this.db
      .select({ id: etoProjects.id, number: etoProjects.number, approvalDays: etoProjects.approvalDays })
      .from(etoProjects)
      .where(and(eq(etoProjects.itemId, itemId), inArray(etoProjects.status, OPEN)));
    if (!project) return null;
    const [work] = await this.works([{ ...project, itemId }]);
    return work;
  }

  async openDesigns(): Promise<OpenDesign[]> {
    const projects = await this.db
      .select({
        id: etoProjects.id,
        number: etoProjects.number,
        approvalDays: etoProjects.approvalDays,
        itemId: etoProjects.itemId,
        salesOrderLineId: etoProjects.salesOrderLineId,
      })
      .from(etoProjects)
      .where(and(inArray(etoProjects.status, OPEN), isNotNull(etoProjects.salesOrderLineId)))
      .orderBy(asc(etoProjects.number));
    const works = await this.works(projects);
    return projects.map((p, x) => ({ ...works[x], itemId: p.itemId, salesOrderLineId: p.salesOrderLineId! }));
  }

  /** The design work of these projects, in their order. Two queries. */
  private async works(
    projects: { id: string; number: string; approvalDays: number; itemId: string }[],
  ): Promise<EngineeringWork[]> {
    if (projects.length === 0) return [];
    const [tasks, released] = await Promise.all([
      this.db
        .select()
        .from(etoEngineeringTasks)
        .where(
          inArray(
            etoEngineeringTasks.projectId,
            projects.map((p) => p.id),
          ),
        )
        .orderBy(asc(etoEngineeringTasks.projectId), asc(etoEngineeringTasks.number)),
      releasedEarly(
        this.db,
        projects.map((p) => p.itemId),
      ),
    ]);
    const tasksOf = groupBy(tasks, (t) => t.projectId);
    return projects.map((project) => ({
      projectNumber: project.number,
      approvalMinutes: approvalMinutesOf(project.approvalDays),
      releasedItemIds: released.get(project.itemId) ?? [],
      tasks: (tasksOf.get(project.id) ?? []).map((t) => ({
        number: t.number,
        name: t.name,
        workCenterId: t.workCenterId,
        minutes: Number(t.plannedMinutes),
        predecessors: t.predecessors,
        description: t.description,
      })),
    }));
  }
}
