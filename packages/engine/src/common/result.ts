/**
 * Errors are values in the engine: invalid input (a cycle, an unknown work center, a negative
 * time, an empty calendar) returns a failed result with a reason, never a throw or a hang.
 */
export interface EngineError {
  /** machine-readable rule that was broken, e.g. 'cycle', 'unknown-machine', 'negative-duration' */
  code: string;
  /** one sentence for a person */
  message: string;
  /** where: the ids involved, e.g. the path that forms a cycle */
  path?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string, path?: string[]): Result<T> => ({
  ok: false,
  error: path ? { code, message, path } : { code, message },
});
