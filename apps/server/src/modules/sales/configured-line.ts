/**
 * A sold line of a configurable item: its option values are evaluated by the configurator, a
 * configuration that breaks a rule is refused with every broken rule at the line's field
 * (`lines.<i>.configuration.<option>`), and a valid one becomes the line's own BOM and routing
 * for planning. What is frozen on a confirmed order line is this structure, so later changes
 * to the model or the BOM never change what was sold.
 */
import type { ConfigurationResult, OptionValue } from '@takt/contracts';
import type { Db, Tx } from '../../platform/db/database';
import { type FieldIssue, RuleViolationError } from '../../platform/errors';
import type { ConfiguredStructure } from '../planning/planning-service';
import { structureOf } from './configurator/configured-structure';
import { ConfiguratorService } from './configurator/service';

export type Configuration = Record<string, OptionValue>;

/** What a confirmed order line keeps of its configuration. */
export interface FrozenConfiguration {
  modelVersion: number;
  values: Configuration;
  structure: ConfiguredStructure;
}

/**
 * Evaluates the configurations of lines (index = line position), in the caller's transaction;
 * refuses the lot if any breaks a rule. Lines without a configuration are left out.
 */
export async function evaluateConfigurations(
  db: Db | Tx,
  lines: { itemId: string; quantity: number; configuration?: Configuration | null }[],
): Promise<Map<number, { result: ConfigurationResult; frozen: FrozenConfiguration }>> {
  const configurator = new ConfiguratorService(db as Db);
  const evaluated = new Map<number, { result: ConfigurationResult; frozen: FrozenConfiguration }>();
  const issues: FieldIssue[] = [];
  for (const [x, line] of lines.entries()) {
    if (!line.configuration) continue;
    const result = await configurator.configure(line.itemId, {
      values: line.configuration,
      quantity: line.quantity,
    });
    if (!result.valid) {
      for (const broken of result.brokenRules)
        issues.push({
          field: `lines.${x}.configuration${broken.options[0] ? `.${broken.options[0]}` : ''}`,
          rule: broken.kind,
          message: broken.message,
        });
      continue;
    }
    evaluated.set(x, {
      result,
      frozen: {
        modelVersion: result.modelVersion,
        values: result.values,
        structure: structureOf(line.itemId, result),
      },
    });
  }
  if (issues.length > 0)
    throw new RuleViolationError(
      `the configuration breaks ${issues.length} rule(s): ${issues.map((i) => i.message).join('; ')}`,
      issues,
    );
  return evaluated;
}
