// Alert thresholds (pure): which of 80 % / 100 % a spend meets against a limit, and the alert payload.
// Detection runs inside the metering transaction (lib/metering/thresholds.ts).
import type { Period } from '../periods';

export const THRESHOLDS = [80, 100] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export interface AlertData {
  threshold: Threshold;
  limitUsd: number;
  spentUsd: number;
  period: Period;
  windowStart: string;
  resetsAt: string | null;
}

/** Thresholds met by `spent` against `limit` (exact, in nano-dollars). Nothing is met before any spend. */
export function thresholdsMet(spent: bigint, limit: bigint): Threshold[] {
  if (spent <= 0n) return [];
  return THRESHOLDS.filter((t) => spent * 100n >= limit * BigInt(t));
}

/** The dedupe key of key alerts includes the period, so switching daily → monthly on the 1st re-arms too. */
export const keyAlertSubject = (keyId: string, period: Period) => `${keyId}:${period}`;
