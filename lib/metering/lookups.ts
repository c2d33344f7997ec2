// What the hot path reads on every request, cached per process for KEY_CACHE_TTL_MS (2 s) and read through
// the raw driver: the workspace row, model prices. Changes made on this instance clear them at once
// (limit hooks); other instances see them within the TTL — and writes re-check the key itself inside
// their transaction (admit.ts, charge.ts), so revocation and lower limits bind every instance at once.
import { hotCacheTtlMs, ttlCache } from '../cache';
import { registerLimitHook } from '../services/limit-hooks';
import { read } from '../store/tx';
import { workspaceById } from '../store/workspaces';
import { priceOf } from '../store/prices';
import type { PriceRow, WorkspaceRow } from '../store/rows';
import { notFound } from '../errors';

export type { PriceRow, WorkspaceRow };

/** Reserve used when a model has no price row and no estimate was given: $0.01. */
export const FALLBACK_RESERVE_NANO = 10_000_000n;

/** Cost of a request in nano-dollars from token counts. */
export function costOf(price: PriceRow, promptTokens: number, completionTokens: number) {
  const inputNano = BigInt(promptTokens) * price.inputNanoPerToken;
  const outputNano = BigInt(completionTokens) * price.outputNanoPerToken;
  return { inputNano, outputNano, amountNano: inputNano + outputNano };
}

const g = globalThis as typeof globalThis & { __keycapLookups?: { ws: ReturnType<typeof mkWs>; prices: ReturnType<typeof mkPrices> } };
const mkWs = () => ttlCache<WorkspaceRow | null>({ max: 10_000, ttlMs: hotCacheTtlMs(), fetch: (id) => read(workspaceById(id)) });
const mkPrices = () =>
  ttlCache<PriceRow | null>({
    max: 50_000,
    ttlMs: hotCacheTtlMs(),
    fetch: (k) => {
      const i = k.indexOf('|');
      return read(priceOf(k.slice(0, i), k.slice(i + 1)));
    },
  });
const caches = () => {
  if (!g.__keycapLookups) {
    const c = (g.__keycapLookups = { ws: mkWs(), prices: mkPrices() });
    registerLimitHook((workspaceId) => {
      c.ws.delete(workspaceId);
      c.prices.deletePrefix(`${workspaceId}|`);
    });
  }
  return g.__keycapLookups;
};

export async function workspaceRow(id: string): Promise<WorkspaceRow> {
  const ws = await caches().ws.get(id);
  if (!ws) throw notFound('Workspace');
  return ws;
}

export const getPrice = (workspaceId: string, model: string): Promise<PriceRow | null> => caches().prices.get(`${workspaceId}|${model}`);
