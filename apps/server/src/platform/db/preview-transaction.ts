/**
 * A change and its preview are one code path: the preview runs the very same transaction and
 * rolls it back, so what the user is shown is exactly what applying does (order changes,
 * engineering changes).
 */
import type { Db, Tx } from './database';

class PreviewRollback<T> extends Error {
  constructor(readonly result: T) {
    super('preview');
  }
}

export async function previewOrApply<T>(
  db: Db,
  preview: boolean,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const result = await change(tx);
      if (preview) throw new PreviewRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.result as T;
    throw error;
  }
}
