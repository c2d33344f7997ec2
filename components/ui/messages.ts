// Human validation messages for the console's forms: amounts checked in the browser with the server's own
// rules (lib/money parseUsd), and server errors turned into words a person reads next to a field — no API
// field names, no `null`, no `confirmZero…`, no raw zod text, no "1000000000".
import { parseUsd } from '@/lib/money';

/** What the person typed, as the server wants it: trimmed, without a leading "$" or spaces. */
export const cleanAmount = (s: string) => s.trim().replace(/^\$\s*/, '').replace(/\s+/g, '');

export interface AmountRules {
  /** refuse 0 with this message (e.g. a top-up or a default limit) */
  zero?: string;
  /** most decimals allowed (9 = the nano-dollar; prices per million tokens: 3) */
  decimals?: number;
  /** the message for an empty field (default: "Enter an amount…") */
  empty?: string;
}

/** Why `raw` is not an acceptable dollar amount, in words, or null when it is. */
export function amountError(raw: string, rules: AmountRules = {}): string | null {
  const s = cleanAmount(raw);
  if (!s) return rules.empty ?? 'Enter an amount, e.g. 25 or 25.50.';
  if (/^-/.test(s)) return 'The amount can’t be negative.';
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return 'Leave out the thousands separators, e.g. 1234.50.';
  if (/^\d+,\d+$/.test(s)) return 'Use a dot for the decimals, e.g. 25.50.';
  const r = parseUsd(s);
  if (!r.ok) {
    switch (r.problem) {
      case 'negative':
        return 'The amount can’t be negative.';
      case 'too_large':
        return 'That is more than the largest amount accepted ($1 billion).';
      case 'too_many_decimals':
        return 'Use at most 9 decimal places (a billionth of a dollar).';
      default:
        return 'Enter a number of dollars, e.g. 25 or 25.50 (digits and one dot).';
    }
  }
  const decimals = s.split('.')[1]?.length ?? 0;
  if (rules.decimals !== undefined && decimals > rules.decimals) return `Use at most ${rules.decimals} decimals.`;
  if (r.nano === 0n && rules.zero) return rules.zero;
  return null;
}

/** Known server messages (after the "field: " prefix) and what to show instead. */
const MACHINE: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/must be a USD amount/i, 'Enter a number of dollars, e.g. 25 or 25.50 (digits and one dot).'],
  [/^must be ≥ 0$/, 'The amount can’t be negative.'],
  [/^must be ≤ \d+$/, 'That is more than the largest amount accepted ($1 billion).'],
  [/at most 9 decimals/, 'Use at most 9 decimal places (a billionth of a dollar).'],
  [/supports at most 3 decimals/, 'Use at most 3 decimals (prices are kept to $0.001 per million tokens).'],
  [/^(must not be empty|is required|Required)$/i, 'This field is required.'],
  [/^must be at most (\d+) characters$/, (m) => `Use at most ${m[1]} characters.`],
  [/^must be an email address$/, 'Enter an email address, e.g. name@example.com.'],
  [/^must be an ISO 8601 date-time$/, 'Enter a date.'],
  [/^(Invalid input|Expected .*received.*|Invalid option.*)$/i, 'This value is not valid.'],
  [/must be in the future/, 'Pick a date in the future.'],
  [/refuses every call made with this key/, 'Tick the box below to confirm: a limit of $0 refuses every call made with this key.'],
  [/a default of \$0 would create every new key blocked/, 'Enter an amount above $0: a default of $0 would create every new key blocked. Or remove the default.'],
  [/needs a (spendLimit|defaultSpendLimit)/, 'Enter an amount for the limit first.'],
  [/^usd must be an amount above 0/, 'Enter an amount above $0.'],
  [/^note is required/, 'Add a note: who paid and why (up to 200 characters).'],
  [/^Name must be 1–64 characters/, 'Use 1 to 64 characters.'],
];

const FIELD_NAME = /\b(spendLimitPeriod|spendLimit|confirmZeroLimit|confirmZeroBudget|monthlyBudget|defaultSpendLimitPeriod|defaultSpendLimit|diemEpochAllocation|expiresAt|inputUsdPerMtok|outputUsdPerMtok|defaultReserveUsd|apiKeyId)\b/g;

/** One server message in human words; `labels` names the fields (e.g. { spendLimit: 'Limit' }). */
export function humanMessage(message: string, param: string | null, labels: Record<string, string> = {}): string {
  let m = message.trim();
  if (param && m.startsWith(`${param}: `)) m = m.slice(param.length + 2);
  m = m.replace(/^[a-zA-Z.]+: (?=[a-z])/, ''); // any other "field: " prefix
  for (const [re, out] of MACHINE) {
    const hit = re.exec(m);
    if (hit) return typeof out === 'string' ? out : out(hit);
  }
  m = m
    .replace(/\s*\([^)]*: true\)/g, '') // "(confirmZeroLimit: true)"
    .replace(/,? or (use |leave it )?null( for [^.]*| to [^.]*)?\./g, '.')
    .replace(/\bnull\b/g, 'empty')
    .replace(/\b1e9\b|\b1000000000\b/g, '$1 billion')
    .replace(FIELD_NAME, (f) => labels[f] ?? 'this field');
  return m.charAt(0).toUpperCase() + m.slice(1);
}
