/**
 * Setup minutes of an operation after its predecessor on a machine, by the same rule as the
 * scheduler (schedule/solution.ts): the machine's setup matrix between product families when
 * both have a family, `initial` on an idle machine, otherwise the mode's fixed setup.
 */
import type { Minutes } from '../common/time';
import type { SetupMatrix } from '../schedule/types';

/** `prevFamily`: null when the machine is idle (no predecessor), undefined when the predecessor has no family. */
export function setupMinutes(
  matrix: SetupMatrix | undefined,
  prevFamily: string | undefined | null,
  family: string | undefined,
  modeSetup: Minutes,
): Minutes {
  if (!matrix || family === undefined) return modeSetup;
  if (prevFamily === null) return matrix.initial;
  if (prevFamily === undefined) return modeSetup;
  if (prevFamily === family) return matrix.sameFamily;
  return matrix.minutes[prevFamily]?.[family] ?? matrix.defaultChangeover;
}
