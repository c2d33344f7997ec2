// The gate for other gateways (POST /gate/authorize, /gate/settle, /gate/release) and its helpers.
// Admission lives in admit.ts, settlement in record.ts + charge.ts, release in reservations.ts.
import { AppError, badRequest, notFound } from '../errors';
import { measuredUsdToNano, nanoToUsd } from '../money';
import { FALLBACK_RESERVE_NANO, getPrice } from './lookups';
import { admit, blockingCauses, remainingFor } from './admit';
import { hashBody, recordUsage } from './record';
import { releaseForKey } from './reservations';
import { refusal } from './refusal';
import type { AdmitResult, AuthedKey, Remaining } from './types';

export { admit, blockingCauses, remainingFor, refusal };
export type { AdmitResult, Remaining };

export async function estimateNano(workspaceId: string, input: { model?: string; maxTokens?: number; estimatedCostUsd?: number; promptTokens?: number }): Promise<bigint> {
  if (input.estimatedCostUsd !== undefined) {
    const n = measuredUsdToNano(input.estimatedCostUsd);
    if (n === null) throw badRequest('estimatedCostUsd', 'estimatedCostUsd must be a USD amount between 0 and 1e9.');
    return n;
  }
  const price = input.model ? await getPrice(workspaceId, input.model) : null;
  if (price && input.maxTokens !== undefined)
    return BigInt(input.maxTokens) * price.outputNanoPerToken + BigInt(input.promptTokens ?? 0) * price.inputNanoPerToken;
  return price?.defaultReserveNano ?? FALLBACK_RESERVE_NANO;
}

/** Admission as the routes need it: the 402 refusal (every failing cause) is thrown as the envelope. */
export async function admitOrRefuse(key: AuthedKey, est: bigint, model: string | null, origin?: string) {
  const a = await admit(key, est, model, new Date(), origin);
  if (!a.allowed) throw refusal(a.facts, origin);
  return a;
}

export function headroomHeaders(r: Remaining): Record<string, string> {
  return {
    'x-keycap-key-remaining-usd': r.keyUsd === null ? 'unlimited' : String(r.keyUsd),
    ...(r.keyResetsAt ? { 'x-keycap-key-resets-at': r.keyResetsAt } : {}),
    'x-keycap-budget-remaining-usd': r.budgetUsd === null ? 'unlimited' : String(r.budgetUsd),
    'x-keycap-balance-usd': String(r.balanceUsd),
  };
}

export interface SettleInput {
  reservationId?: string;
  requestId: string;
  model: string;
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number;
  executionTimeMs?: number;
}

/**
 * POST /gate/settle. Rules (docs/api.md): an INFERENCE key settles only against a reservation it holds, and
 * at most the reservation's settle bound; only an ADMIN key (a trusted gateway) may settle without one.
 * The key is re-checked inside the transaction, so a revoked key adds nothing on any instance.
 */
export async function settle(key: AuthedKey, input: SettleInput) {
  if (!input.reservationId && key.type !== 'ADMIN')
    throw new AppError(
      403,
      'permission_error',
      'reservation_required',
      `API key "${key.name}" is an INFERENCE key: it can settle only against a reservation from POST /gate/authorize (send its reservationId). Settling without a reservation needs an ADMIN key.`,
      'reservationId',
    );
  let costNano: bigint | undefined;
  if (input.costUsd !== undefined) {
    const n = measuredUsdToNano(input.costUsd);
    if (n === null) throw badRequest('costUsd', 'costUsd must be a USD amount between 0 and 1e9.');
    costNano = n;
  }
  const { event, replay, remaining } = await recordUsage({
    workspaceId: key.workspaceId,
    apiKeyId: key.id,
    requestId: input.requestId,
    model: input.model,
    promptTokens: input.usage?.promptTokens,
    completionTokens: input.usage?.completionTokens,
    costNano,
    reservationId: input.reservationId ?? null,
    executionTimeMs: input.executionTimeMs,
    bodyHash: hashBody({ k: key.id, r: input.reservationId ?? null, m: input.model, u: input.usage ?? null, c: input.costUsd ?? null }),
    live: { bounded: true },
  });
  const body = {
    settled: true,
    replay,
    requestId: event.requestId,
    eventId: event.id,
    reservationId: event.reservationId,
    model: event.model,
    costUsd: nanoToUsd(event.amountNano),
    currency: event.currency,
    recordedAt: event.createdAt.toISOString(),
  };
  return { body, remaining: remaining ?? (await remainingFor(key)) };
}

export async function release(key: AuthedKey, reservationId: string) {
  const r = await releaseForKey(key.workspaceId, key.id, reservationId);
  if (!r.found) throw notFound('Reservation');
  return { released: r.released, reservationId, status: r.status };
}

