// WAL checkpoints off the event loop. With synchronous=NORMAL a commit writes the WAL without fsync; the
// checkpoint (copying the WAL back into the database and fsyncing it) is the slow part, and SQLite runs it
// inside whichever COMMIT crosses wal_autocheckpoint — a multi-millisecond stall of the data plane's one
// thread. A worker thread with a connection of its own runs PASSIVE checkpoints every 200 ms instead (they
// never block writers); the data plane's connection keeps a high auto-checkpoint as a safety net.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const CODE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver || 'better-sqlite3');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next tick */ } };
setInterval(tick, workerData.everyMs);
`;

const g = globalThis as typeof globalThis & { __keycapCheckpointer?: Worker };

export function startCheckpointer(file: string, everyMs = 200): boolean {
  if (g.__keycapCheckpointer || process.env.KEYCAP_SQLITE_CHECKPOINTER === 'false') return !!g.__keycapCheckpointer;
  try {
    // The driver's path as this module sees it; a bundler may hand back a module id instead: then the worker
    // resolves it itself (from the working directory, the project root under npm start).
    let driver: string | undefined;
    try {
      const r: unknown = createRequire(import.meta.url).resolve('better-sqlite3');
      driver = typeof r === 'string' ? r : undefined;
    } catch {
      driver = undefined;
    }
    const w = new Worker(CODE, { eval: true, workerData: { file, driver, everyMs } });
    w.unref();
    w.on('error', (e) => {
      console.error('[store] WAL checkpointer stopped; SQLite checkpoints in-line again', e.message);
      g.__keycapCheckpointer = undefined;
    });
    g.__keycapCheckpointer = w;
    return true;
  } catch (e) {
    console.error('[store] could not start the WAL checkpointer', (e as Error).message);
    return false;
  }
}
