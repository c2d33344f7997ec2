// Running a statement generator on the configured database: `tx` for a write transaction (retried on
// SQLITE_BUSY after an asynchronous pause, and on PostgreSQL deadlock / serialization failures), `read`
// for reads outside a transaction.
import { isPg, type Q } from './sql';
import { isBusy, readSync, txSync } from './driver-sqlite';
import { isRetriable, readPg, txPg } from './driver-pg';

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(50, attempt) + Math.random() * attempt * 2));

export async function tx<T>(body: () => Q<T>, attempts = 200): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return isPg ? await txPg(body) : txSync(body);
    } catch (e) {
      const again = isPg ? isRetriable(e) && i < 8 : isBusy(e) && i < attempts;
      if (!again) throw e;
      await pause(i);
    }
  }
}

export function read<T>(q: Q<T>): Promise<T> {
  return isPg ? readPg(q) : Promise.resolve(readSync(q));
}
