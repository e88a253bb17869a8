/**
 * The design work planning asks for (`planning/engineering-work.ts`): the engineering tasks of
 * the open project (quoting or active) that designs an item. Two indexed queries.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import {
  approvalMinutesOf,
  type EngineeringWork,
  type EngineeringWorkSource,
} from '../planning/engineering-work';
import { etoEngineeringTasks, etoProjects } from './tables';

export class ProjectEngineeringWork implements EngineeringWorkSource {
  constructor(private readonly db: Db | Tx) {}

  async forItem(itemId: string): Promise<EngineeringWork | null> {
    const [project] = await this.db
      .select({ id: etoProjects.id, number: etoProjects.number, approvalDays: etoProjects.approvalDays })
      .from(etoProjects)
      .where(and(eq(etoProjects.itemId, itemId), inArray(etoProjects.status, ['quoting', 'active'])));
    if (!project) return null;
    const tasks = await this.db
      .select()
      .from(etoEngineeringTasks)
      .where(eq(etoEngineeringTasks.projectId, project.id))
      .orderBy(asc(etoEngineeringTasks.number));
    return {
      projectNumber: project.number,
      approvalMinutes: approvalMinutesOf(project.approvalDays),
      tasks: tasks.map((t) => ({
        number: t.number,
        name: t.name,
        workCenterId: t.workCenterId,
        minutes: Number(t.plannedMinutes),
        predecessors: t.predecessors,
        description: t.description,
      })),
    };
  }
}
