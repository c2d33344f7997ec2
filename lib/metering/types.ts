// Types shared by the metering modules (admission, settlement, release) and their callers.
import type { Cause, RefusalFacts } from './refusal';
import type { RateInfo } from './limits';
import type { AuthedKey, EventRow, KeyRow, PriceRow, WorkspaceRow } from '../store/rows';

export type { AuthedKey, Cause, EventRow, KeyRow, PriceRow, RefusalFacts, WorkspaceRow };

/** What the headroom headers say after a request. */
export interface Remaining {
  keyUsd: number | null;
  keyResetsAt: string | null;
  budgetUsd: number | null;
  balanceUsd: number;
}

export interface Admitted {
  allowed: true;
  reservationId: string;
  reservedUsd: number;
  expiresAt: string;
  remaining: Remaining;
  /** rate-limit state for the x-ratelimit-* headers (keys with rate limits only; not part of the body) */
  rate?: RateInfo;
}
export interface Refused {
  allowed: false;
  causes: Cause[];
  facts: RefusalFacts;
}
/** The outcome of admission: admitted with a reservation, or refused with every failing cause. */
export type AdmitResult = Admitted | Refused;

export interface RecordInput {
  workspaceId: string;
  apiKeyId: string | null;
  requestId: string;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Explicit cost; when absent the cost comes from the workspace's price table. */
  costNano?: bigint;
  /** Usage with an explicit time (import, seed) is recorded alone; live usage (none) may be group-committed. */
  at?: Date;
  executionTimeMs?: number;
  notes?: string;
  reservationId?: string | null;
  /** Canonical hash of the caller's request body, for replay detection. Defaults to a hash of this input. */
  bodyHash?: string;
  /**
   * Live usage reported by a key (gate settle, gateway): the key is re-checked inside the transaction (a
   * revoked or expired key adds nothing). `bounded`: the cost may not exceed the reservation's settle bound
   * (settleBound in charge.ts) — the rule for usage reported by a client rather than by Keycap's own gateway.
   */
  live?: { bounded: boolean };
}

export interface Priced {
  amountNano: bigint;
  inputNano: bigint;
  outputNano: bigint;
  modelType: string;
}

export interface Recorded {
  event: EventRow;
  replay: boolean;
  /** Headroom after this event (live usage of a key), computed in its transaction. */
  remaining?: Remaining;
}
