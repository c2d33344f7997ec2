// The key object of the API and the console (pure: the console builds it from Prisma rows, the data plane
// and webhook payloads from raw rows).
import { maxBig, nanoToUsd } from '../money';
import { isPeriod, isoSeconds, type Period } from '../periods';
import type { KeyRow } from '../store/rows';

type ApiKey = Omit<KeyRow, 'type'> & { type: 'ADMIN' | 'INFERENCE' };

export type KeyStatus = 'active' | 'expired' | 'revoked' | 'blocked' | 'zero_limit';

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
  spendLimitRemaining: number | null;
  currentPeriodSpend: number;
  monthToDateSpend: number;
  periodResetsAt: string | null;
  status: KeyStatus;
}

export interface SpendView {
  periodSpent: bigint;
  /** open reservations on the limit's window: admission counts them, so the key object does too */
  periodReserved?: bigint;
  monthSpent: bigint;
  resetsAt: Date | null;
}

export function keyStatus(k: Pick<ApiKey, 'revokedAt' | 'expiresAt' | 'spendLimitNano'>, periodUsed: bigint, now: Date): KeyStatus {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt <= now) return 'expired';
  if (k.spendLimitNano === 0n) return 'zero_limit';
  if (k.spendLimitNano !== null && periodUsed >= k.spendLimitNano) return 'blocked';
  return 'active';
}

export function toKeyObject(k: ApiKey, s: SpendView, now: Date): KeyObject {
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
    spendLimitRemaining: k.spendLimitNano === null ? null : nanoToUsd(maxBig(0n, k.spendLimitNano - used)),
    currentPeriodSpend: nanoToUsd(current) ?? 0,
    monthToDateSpend: nanoToUsd(s.monthSpent) ?? 0,
    periodResetsAt: period ? isoSeconds(s.resetsAt) : null,
    status: keyStatus(k, used, now),
  };
}

