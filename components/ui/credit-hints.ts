// What each credit bucket is, in one line each, wherever balances appear (Overview, Settings → Credits).
export const BUCKET_HINT = {
  DIEM: 'DIEM: a daily allocation that refills at 00:00 UTC and is spent first; what is left expires at the end of the day.',
  BUNDLED_CREDITS: 'Bundled credits: included with your plan; spent after DIEM and before prepaid USD.',
  USD: 'USD: prepaid top-ups; spent last.',
} as const;

/** Why a bucket can be below zero (the gate lets the one request that crossed zero finish). */
export const NEGATIVE_HINT =
  'Below zero: the request that used up this bucket cost more than was left. That request was let through; the next ones are paid from the next bucket, and the next top-up covers the difference.';
