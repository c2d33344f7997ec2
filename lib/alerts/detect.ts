// Threshold detection (80 % / 100 %) for key limits and the workspace budget. Called by the metering
// code inside the same transaction that recorded the spend, after the counters were updated.
import type { Tx } from '../db';

export interface SpendRecorded {
  workspaceId: string;
  apiKeyId: string | null;
  at: Date; // time the spend was recorded (selects the windows)
}

export async function detectThresholds(_tx: Tx, _e: SpendRecorded): Promise<void> {
  // filled in by the alerts work
}
