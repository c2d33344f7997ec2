// UsageEvent statements: the append-only ledger. One row per billed request; the unique
// (workspaceId, requestId) makes a replay insert nothing (ON CONFLICT DO NOTHING), which the caller
// answers with the first result.
import { randomBytes } from 'node:crypto';
import { all, big, date, numOrNull, one, run, ts, type Q, type Row } from './sql';
import type { EventRow } from './rows';

// Ledger ids that sort in arrival order within a process (time, then a counter), then random.
let seq = 0;
export const newEventId = () => `c${Date.now().toString(36)}${(seq++ % 1_679_616).toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;

const COLS = ['id', 'workspaceId', 'apiKeyId', 'requestId', 'model', 'sku', 'unitType', 'units', 'unitPriceNano', 'amountNano', 'inputNano', 'outputNano', 'currency', 'promptTokens', 'completionTokens', 'executionTimeMs', 'notes', 'bodyHash', 'reservationId', 'createdAt'] as const;
const COL_LIST = COLS.map((c) => `"${c}"`).join(', ');

const values = (e: EventRow) => COLS.map((c) => (c === 'createdAt' ? ts(e.createdAt) : e[c]));
const toEvent = (r: Row): EventRow => ({
  id: r.id as string,
  workspaceId: r.workspaceId as string,
  apiKeyId: (r.apiKeyId as string | null) ?? null,
  requestId: r.requestId as string,
  model: r.model as string,
  sku: r.sku as string,
  unitType: r.unitType as string,
  units: big(r.units),
  unitPriceNano: big(r.unitPriceNano),
  amountNano: big(r.amountNano),
  inputNano: big(r.inputNano),
  outputNano: big(r.outputNano),
  currency: r.currency as string,
  promptTokens: numOrNull(r.promptTokens),
  completionTokens: numOrNull(r.completionTokens),
  executionTimeMs: numOrNull(r.executionTimeMs),
  notes: (r.notes as string | null) ?? null,
  bodyHash: r.bodyHash as string,
  reservationId: (r.reservationId as string | null) ?? null,
  createdAt: date(r.createdAt),
});

/** Inserts the rows; returns the ids actually inserted (a requestId already recorded inserts nothing). */
export function* insertEvents(events: EventRow[]): Q<Set<string>> {
  if (!events.length) return new Set();
  const rows = yield* all(
    `INSERT INTO "UsageEvent" (${COL_LIST}) VALUES ${events.map(() => `(${COLS.map(() => '?').join(', ')})`).join(', ')}
     ON CONFLICT ("workspaceId", "requestId") DO NOTHING RETURNING "id"`,
    events.flatMap(values),
  );
  return new Set(rows.map((r) => r.id as string));
}

export function* eventByRequestId(workspaceId: string, requestId: string): Q<EventRow | null> {
  const r = yield* one(`SELECT ${COL_LIST} FROM "UsageEvent" WHERE "workspaceId" = ? AND "requestId" = ?`, [workspaceId, requestId]);
  return r ? toEvent(r) : null;
}

/** Corrects the paying bucket of rows whose payer moved since the insert. */
export function* setCurrency(workspaceId: string, currency: string, ids: string[]): Q<void> {
  if (ids.length) yield* run(`UPDATE "UsageEvent" SET "currency" = ? WHERE "workspaceId" = ? AND "id" IN (${ids.map(() => '?').join(', ')})`, [currency, workspaceId, ...ids]);
}
