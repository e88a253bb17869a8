/** Optimistic concurrency: the version a client edited comes as If-Match or a `version` field. */
import { PreconditionRequiredError } from './errors';

export function expectedVersion(
  ifMatch: string | string[] | undefined,
  bodyVersion: number | undefined,
): number {
  const header = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  if (header !== undefined) {
    const parsed = Number(header.replace(/^W\//, '').replaceAll('"', ''));
    if (Number.isInteger(parsed) && parsed >= 1) return parsed;
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new PreconditionRequiredError();
}
