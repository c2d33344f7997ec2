// Per-workspace model price table, in nano-dollars per token. $1 per million tokens = 1000 nano/token.
import { db, type Tx } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { nanoToUsd, usdToNano } from '../money';
import { onLimitChanged, registerLimitHook } from './limit-hooks';

export interface PriceRow {
  model: string;
  modelType: 'text' | 'embedding';
  inputNanoPerToken: bigint;
  outputNanoPerToken: bigint;
  defaultReserveNano: bigint | null;
}

export const DEFAULT_PRICES: PriceRow[] = [
  { model: 'keycap-echo', modelType: 'text', inputNanoPerToken: 1000n, outputNanoPerToken: 2000n, defaultReserveNano: 2_000_000n },
  { model: 'gpt-4o-mini', modelType: 'text', inputNanoPerToken: 150n, outputNanoPerToken: 600n, defaultReserveNano: 2_000_000n },
  { model: 'gpt-4o', modelType: 'text', inputNanoPerToken: 2500n, outputNanoPerToken: 10000n, defaultReserveNano: 20_000_000n },
  { model: 'text-embedding-3-small', modelType: 'embedding', inputNanoPerToken: 20n, outputNanoPerToken: 0n, defaultReserveNano: 100_000n },
];

/** Reserve used when a model has no price row and no estimate was given: $0.01. */
export const FALLBACK_RESERVE_NANO = 10_000_000n;

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

// Prices are read on every admission and settlement: cached per process for KEY_CACHE_TTL_MS (2 s), cleared at
// once by setPrice/deletePrice on this instance (limit hooks); other instances see a change within the TTL.
const PRICE_TTL_MS = Number(process.env.KEY_CACHE_TTL_MS ?? 2000);
const priceCache = new Map<string, { p: PriceRow | null; at: number }>();
registerLimitHook((workspaceId) => {
  for (const k of priceCache.keys()) if (k.startsWith(`${workspaceId}|`)) priceCache.delete(k);
});

export async function getPrice(workspaceId: string, model: string): Promise<PriceRow | null> {
  const ck = `${workspaceId}|${model}`;
  const hit = priceCache.get(ck);
  if (hit && Date.now() - hit.at < PRICE_TTL_MS) return hit.p;
  const r = await db.modelPrice.findUnique({ where: { workspaceId_model: { workspaceId, model } } });
  const p: PriceRow | null = r ? { ...r, modelType: r.modelType === 'embedding' ? 'embedding' : 'text' } : null;
  if (PRICE_TTL_MS > 0) {
    priceCache.set(ck, { p, at: Date.now() });
    if (priceCache.size > 10_000) priceCache.delete(priceCache.keys().next().value as string);
  }
  return p;
}

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

/** Cost of a request in nano-dollars from token counts. */
export function costOf(price: PriceRow, promptTokens: number, completionTokens: number) {
  const inputNano = BigInt(promptTokens) * price.inputNanoPerToken;
  const outputNano = BigInt(completionTokens) * price.outputNanoPerToken;
  return { inputNano, outputNano, amountNano: inputNano + outputNano };
}
