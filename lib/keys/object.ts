// The key object of the API and the console (pure: the console builds it from Prisma rows, the data plane
// and webhook payloads from raw rows).
import { maxBig, nanoToUsd } from '../money';
import { isPeriod, isoSeconds, type Period } from '../periods';
import type { KeyRow } from '../store/rows';
import { allowedModels as allowedModelsOf } from '../metering/limits';
import type { ForecastObject } from '../metering/forecast';

type ApiKey = Omit<KeyRow, 'type'> & { type: 'ADMIN' | 'INFERENCE' };

/**
 * What a call made with the key right now would meet, first cause first (the gate's order): `revoked`,
 * `expired`, `zero_limit` (its own limit is $0), `blocked` (its own limit is reached in the current window),
 * then what the workspace refuses whatever the key: `blocked_budget` (the workspace's monthly budget is
 * reached) and `blocked_no_credit` (every credit bucket is empty). `active`: nothing refuses it.
 * The last two are only computed where the workspace's state is known (see WorkspaceGate).
 */
export type KeyStatus = 'active' | 'expired' | 'revoked' | 'blocked' | 'zero_limit' | 'blocked_budget' | 'blocked_no_credit';

/** What the workspace itself refuses right now, whatever the key (the gate's checks 3 and 4). */
export interface WorkspaceGate {
  /** month spend + open reservations ≥ the monthly budget (402 spend_budget_exceeded) */
  budgetExceeded: boolean;
  /** no credit bucket has balance − reserved > 0 (402 insufficient_balance) */
  noCredit: boolean;
}

/** The WorkspaceGate of a refusal's or /api_keys/me's `causes`. */
export const workspaceGateFromCauses = (causes: readonly string[]): WorkspaceGate => ({
  budgetExceeded: causes.includes('spend_budget_exceeded'),
  noCredit: causes.includes('insufficient_balance'),
});

export interface KeyObject {
  id: string;
  name: string;
  type: 'ADMIN' | 'INFERENCE';
  last6: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  spendLimit: number | null;
  spendLimitPeriod: Period | null;
  /** requests / tokens per minute of this key (null: the workspace default, if any, applies) */
  rateLimitRpm: number | null;
  rateLimitTpm: number | null;
  /** models this key may call (glob patterns); null: every priced model */
  allowedModels: string[] | null;
  spendLimitRemaining: number | null;
  currentPeriodSpend: number;
  monthToDateSpend: number;
  periodResetsAt: string | null;
  status: KeyStatus;
  /**
   * The burn-rate forecast (lib/services/forecast.ts): added by the console plane's key objects (GET, POST, PATCH,
   * DELETE /api_keys…); absent where it is not computed (the data plane's /api_keys/me, webhook payloads).
   */
  projectedExhaustionAt?: string | null;
  forecast?: ForecastObject | null;
}

export interface SpendView {
  periodSpent: bigint;
  /** open reservations on the limit's window: admission counts them, so the key object does too */
  periodReserved?: bigint;
  monthSpent: bigint;
  resetsAt: Date | null;
}

export function keyStatus(k: Pick<ApiKey, 'revokedAt' | 'expiresAt' | 'spendLimitNano'>, periodUsed: bigint, now: Date, ws?: WorkspaceGate): KeyStatus {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt <= now) return 'expired';
  if (k.spendLimitNano === 0n) return 'zero_limit';
  if (k.spendLimitNano !== null && periodUsed >= k.spendLimitNano) return 'blocked';
  if (ws?.budgetExceeded) return 'blocked_budget';
  if (ws?.noCredit) return 'blocked_no_credit';
  return 'active';
}

/** `ws`: the workspace's own refusals; without it the status speaks for the key alone (never `blocked_budget` / `blocked_no_credit`). */
export function toKeyObject(k: ApiKey, s: SpendView, now: Date, ws?: WorkspaceGate): KeyObject {
  const period = isPeriod(k.spendLimitPeriod) && k.spendLimitNano !== null ? k.spendLimitPeriod : null;
  const current = period ? s.periodSpent : s.monthSpent;
  // what admission compares with the limit: spent + open reservations of the limit's window
  const used = current + (period ? (s.periodReserved ?? 0n) : 0n);
  return {
    id: k.id,
    name: k.name,
    type: k.type,
    last6: k.last6,
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    spendLimit: nanoToUsd(k.spendLimitNano),
    spendLimitPeriod: period,
    rateLimitRpm: k.rateLimitRpm ?? null,
    rateLimitTpm: k.rateLimitTpm ?? null,
    allowedModels: allowedModelsOf(k),
    spendLimitRemaining: k.spendLimitNano === null ? null : nanoToUsd(maxBig(0n, k.spendLimitNano - used)),
    currentPeriodSpend: nanoToUsd(current) ?? 0,
    monthToDateSpend: nanoToUsd(s.monthSpent) ?? 0,
    periodResetsAt: period ? isoSeconds(s.resetsAt) : null,
    status: keyStatus(k, used, now, ws),
  };
}

