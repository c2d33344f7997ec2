// Per-workspace model price table, in nano-dollars per token. $1 per million tokens = 1000 nano/token.
import { db, type Tx } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { nanoToUsd, usdToNano } from '../money';
import { onLimitChanged } from './limit-hooks';

import type { PriceRow } from '../store/rows';
export type { PriceRow };

export const DEFAULT_PRICES: PriceRow[] = [
  { model: 'keycap-echo', modelType: 'text', inputNanoPerToken: 1000n, outputNanoPerToken: 2000n, defaultReserveNano: 2_000_000n },
  { model: 'gpt-4o-mini', modelType: 'text', inputNanoPerToken: 150n, outputNanoPerToken: 600n, defaultReserveNano: 2_000_000n },
  { model: 'gpt-4o', modelType: 'text', inputNanoPerToken: 2500n, outputNanoPerToken: 10000n, defaultReserveNano: 20_000_000n },
  { model: 'text-embedding-3-small', modelType: 'embedding', inputNanoPerToken: 20n, outputNanoPerToken: 0n, defaultReserveNano: 100_000n },
];

export { FALLBACK_RESERVE_NANO } from '../metering/lookups';

export async function seedDefaultPrices(tx: Tx, workspaceId: string) {
  for (const p of DEFAULT_PRICES) {
    await tx.modelPrice.upsert({ where: { workspaceId_model: { workspaceId, model: p.model } }, create: { workspaceId, ...p }, update: {} });
  }
}

export async function listPrices(ctx: Ctx): Promise<PriceRow[]> {
  requirePermission(ctx, 'workspace.view');
  const rows = await db.modelPrice.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { model: 'asc' } });
  return rows.map((r) => ({ ...r, modelType: r.modelType === 'embedding' ? 'embedding' : 'text' }));
}

// The price the gate uses (cached per process, cleared by setPrice/deletePrice through the limit hooks): one
// cache for the console and the data plane, lib/metering/lookups.ts.
export { getPrice } from '../metering/lookups';

/** USD per million tokens -> nano per token, exact to $0.001/Mtok. */
export function perMtokToNanoPerToken(usdPerMtok: number | string, param: string): bigint {
  const nano = usdToNano(usdPerMtok);
  if (nano === null) throw badRequest(param, `${param} must be a USD amount per million tokens between 0 and 1e9.`);
  if (nano % 1_000_000n !== 0n) throw badRequest(param, `${param} supports at most 3 decimals (USD per million tokens).`);
  return nano / 1_000_000n;
}

export const nanoPerTokenToPerMtok = (n: bigint) => nanoToUsd(n * 1_000_000n);

export async function setPrice(
  ctx: Ctx,
  input: { model: string; inputUsdPerMtok: number | string; outputUsdPerMtok: number | string; modelType?: 'text' | 'embedding'; defaultReserveUsd?: number | null },
) {
  requirePermission(ctx, 'prices.manage');
  const model = input.model.trim();
  if (!model || model.length > 128) throw badRequest('model', 'model must be 1–128 characters.');
  const inputNanoPerToken = perMtokToNanoPerToken(input.inputUsdPerMtok, 'input');
  const outputNanoPerToken = perMtokToNanoPerToken(input.outputUsdPerMtok, 'output');
  let defaultReserveNano: bigint | null = null;
  if (input.defaultReserveUsd !== undefined && input.defaultReserveUsd !== null) {
    defaultReserveNano = usdToNano(input.defaultReserveUsd);
    if (defaultReserveNano === null) throw badRequest('defaultReserveUsd', 'defaultReserveUsd must be a USD amount ≥ 0.');
  }
  return db.$transaction(async (tx) => {
    const where = { workspaceId_model: { workspaceId: ctx.workspaceId, model } };
    const before = await tx.modelPrice.findUnique({ where });
    const data = { inputNanoPerToken, outputNanoPerToken, defaultReserveNano, modelType: input.modelType ?? before?.modelType ?? 'text' };
    const after = await tx.modelPrice.upsert({ where, create: { workspaceId: ctx.workspaceId, model, ...data }, update: data });
    await audit(tx, ctx, 'price.set', { type: 'model_price', id: model }, before, after);
    return after;
  }).finally(() => onLimitChanged(ctx.workspaceId));
}

export async function deletePrice(ctx: Ctx, model: string) {
  requirePermission(ctx, 'prices.manage');
  await db.$transaction(async (tx) => {
    const before = await tx.modelPrice.findUnique({ where: { workspaceId_model: { workspaceId: ctx.workspaceId, model } } });
    if (!before) return;
    await tx.modelPrice.delete({ where: { workspaceId_model: { workspaceId: ctx.workspaceId, model } } });
    await audit(tx, ctx, 'price.delete', { type: 'model_price', id: model }, before, null);
  });
  await onLimitChanged(ctx.workspaceId);
}

export { costOf } from '../metering/lookups';
