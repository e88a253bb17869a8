/** The PostgreSQL error behind a failed statement, whichever driver (pg or PGlite) raised it. */
export interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  message?: string;
}

/** Drizzle wraps driver errors; the PostgreSQL error (pg or PGlite) is somewhere in the cause chain. */
export function findPgError(error: unknown): PgLikeError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as PgLikeError & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

/** The SQLSTATE of a failed statement (e.g. 23503 a foreign key refused it), if PostgreSQL raised it. */
export const sqlState = (error: unknown): string | undefined => findPgError(error)?.code;
