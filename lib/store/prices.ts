// ModelPrice reads of the data plane. Writes belong to lib/services/prices.ts (Prisma).
import { all, big, bigOrNull, date, type Q, type Row } from './sql';
import type { PriceRow } from './rows';

const COLS = `"model", "modelType", "inputNanoPerToken", "outputNanoPerToken", "defaultReserveNano", "updatedAt"`;
const toPrice = (r: Row): PriceRow => ({
  model: r.model as string,
  modelType: r.modelType === 'embedding' ? 'embedding' : 'text',
  inputNanoPerToken: big(r.inputNanoPerToken),
  outputNanoPerToken: big(r.outputNanoPerToken),
  defaultReserveNano: bigOrNull(r.defaultReserveNano),
  updatedAt: date(r.updatedAt),
});

export function* priceOf(workspaceId: string, model: string): Q<PriceRow | null> {
  const rows = yield* all(`SELECT ${COLS} FROM "ModelPrice" WHERE "workspaceId" = ? AND "model" = ?`, [workspaceId, model]);
  return rows[0] ? toPrice(rows[0]) : null;
}

export function* pricesOf(workspaceId: string): Q<PriceRow[]> {
  return (yield* all(`SELECT ${COLS} FROM "ModelPrice" WHERE "workspaceId" = ? ORDER BY "model"`, [workspaceId])).map(toPrice);
}
