// Transactions on the hot path: retried on PostgreSQL deadlock / serialization failures and SQLite busy.
import { db, type Tx } from '../db';

function retriable(e: unknown): boolean {
  const s = String((e as { message?: string })?.message ?? e) + JSON.stringify((e as { meta?: unknown })?.meta ?? '');
  return /40P01|40001|deadlock detected|could not serialize|SQLITE_BUSY|database is locked/i.test(s);
}

export async function meteringTx<T>(fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
    } catch (e) {
      if (i >= attempts || !retriable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10 * i));
    }
  }
}

/** Prisma unique-constraint violation (P2002), also when surfaced through a driver adapter. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  const s = String((e as { message?: string })?.message ?? '');
  return code === 'P2002' || /Unique constraint failed|duplicate key value|UNIQUE constraint failed/i.test(s);
}
