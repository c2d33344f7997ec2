// The rows the data plane reads and writes, as plain types (the same shapes as Prisma's models, so the
// console and the data plane can share pure functions such as toKeyObject).
import type { Period } from '../periods';

export interface KeyRow {
  id: string;
  workspaceId: string;
  name: string;
  type: 'ADMIN' | 'INFERENCE';
  hash: string;
  last6: string;
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  spendLimitNano: bigint | null;
  spendLimitPeriod: string | null;
  /** a rolled key's old secret (hash) and until when it still works */
  previousHash?: string | null;
  previousHashExpiresAt?: Date | null;
  /** requests / tokens per minute (null: the workspace default) and the model allowlist (JSON array of globs) */
  rateLimitRpm?: number | null;
  rateLimitTpm?: number | null;
  allowedModels?: string | null;
}
export type AuthedKey = KeyRow & { workspaceSlug: string };

export interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  monthlyBudgetNano: bigint | null;
  defaultSpendLimitNano: bigint | null;
  defaultSpendLimitPeriod: string | null;
  diemEpochAllocationNano: bigint | null;
  defaultRateLimitRpm?: number | null;
  defaultRateLimitTpm?: number | null;
  createdAt: Date;
}

export interface PriceRow {
  model: string;
  modelType: 'text' | 'embedding';
  inputNanoPerToken: bigint;
  outputNanoPerToken: bigint;
  defaultReserveNano: bigint | null;
  updatedAt?: Date;
}

export const BUCKETS = ['DIEM', 'BUNDLED_CREDITS', 'USD'] as const;
export type Bucket = (typeof BUCKETS)[number];
export interface BucketRow {
  bucket: Bucket;
  epochStart: Date;
  balanceNano: bigint;
  reservedNano: bigint;
}

/** A counter row's address: subject (key id or ws:<id>) × period × window. */
export interface CounterKey {
  subject: string;
  period: Period;
  windowStart: Date;
}
export interface CounterOp extends CounterKey {
  spent: bigint; // added to spentNano
  release: bigint; // removed from reservedNano (never below 0)
}
export interface CounterValue {
  spentNano: bigint;
  reservedNano: bigint;
}

export type ReservationStatus = 'OPEN' | 'SETTLED' | 'RELEASED' | 'EXPIRED';
export interface ReservationRow {
  id: string;
  workspaceId: string;
  apiKeyId: string | null;
  estimateNano: bigint;
  bucket: string | null;
  bucketEpoch: Date | null;
  keyPeriod: string | null;
  keyWindowStart: Date | null;
  wsWindowStart: Date;
  status: ReservationStatus;
  expiresAt: Date;
}

/** One ledger row (UsageEvent). */
export interface EventRow {
  id: string;
  workspaceId: string;
  apiKeyId: string | null;
  requestId: string;
  model: string;
  sku: string;
  unitType: string;
  units: bigint;
  unitPriceNano: bigint;
  amountNano: bigint;
  inputNano: bigint;
  outputNano: bigint;
  currency: string;
  promptTokens: number | null;
  completionTokens: number | null;
  executionTimeMs: number | null;
  notes: string | null;
  bodyHash: string;
  reservationId: string | null;
  createdAt: Date;
}
