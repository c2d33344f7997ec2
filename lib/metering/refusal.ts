// The 402 refusal bodies: OpenAI-compatible, naming the limit, its value, what was spent, when it resets,
// where to fix it, and every failing cause (primary first).
import { AppError } from '../errors';
import { formatUsd, nanoToUsd } from '../money';
import { PERIOD_WORDS, isoSeconds, type Period } from '../periods';
import { appUrl } from '../config';

export type Cause = 'key_spend_limit_exceeded' | 'spend_budget_exceeded' | 'insufficient_balance';

export interface KeyLimitFacts {
  keyId: string;
  keyName: string;
  limitNano: bigint;
  spentNano: bigint;
  reservedNano: bigint;
  period: Period;
  resetsAt: Date | null;
}
export interface BudgetFacts {
  workspaceName: string;
  budgetNano: bigint;
  spentNano: bigint;
  reservedNano: bigint;
  resetsAt: Date | null;
}
export interface BalanceFacts {
  workspaceName: string;
  balances: { bucket: string; balanceNano: bigint; reservedNano: bigint }[];
}

export interface RefusalFacts {
  slug: string;
  causes: Cause[];
  key?: KeyLimitFacts;
  budget?: BudgetFacts;
  balance?: BalanceFacts;
}

const inFlight = (r: bigint) => (r > 0n ? `, plus ${formatUsd(r)} reserved by requests in flight` : '');

function keyMessage(k: KeyLimitFacts, slug: string, origin: string) {
  const where = `Keys → ${k.keyName}`;
  if (k.limitNano === 0n)
    return `API key "${k.keyName}" has a spend limit of $0 — every call is refused until you raise it. Raise or remove the limit under ${where} (${origin}/w/${slug}/keys/${k.keyId}).`;
  const reset = k.resetsAt ? ` It resets at ${isoSeconds(k.resetsAt)}.` : ' The limit is lifetime and does not reset.';
  return `API key "${k.keyName}" reached its spend limit of ${formatUsd(k.limitNano)} ${PERIOD_WORDS[k.period]} (${formatUsd(k.spentNano)} spent${inFlight(k.reservedNano)}).${reset} Raise the limit under ${where}${k.resetsAt ? ', or wait for the reset' : ''}.`;
}

function budgetMessage(b: BudgetFacts) {
  if (b.budgetNano === 0n) return `Workspace "${b.workspaceName}" has a monthly budget of $0 — every call is refused until an owner or admin raises it under Settings → General.`;
  return `Workspace "${b.workspaceName}" reached its monthly budget of ${formatUsd(b.budgetNano)} (${formatUsd(b.spentNano)} spent this month${inFlight(b.reservedNano)}). It resets at ${isoSeconds(b.resetsAt)}. An owner or admin can raise it under Settings → General, or wait for the reset.`;
}

function balanceMessage(b: BalanceFacts) {
  const list = b.balances.map((x) => `${x.bucket} ${formatUsd(x.balanceNano)}`).join(', ');
  return `Workspace "${b.workspaceName}" has no credit left (${list}). An owner can top up under Settings → Credits.`;
}

/** The 402 for `f`; `origin` is where the console is (the request's own origin, or APP_URL). */
export function refusal(f: RefusalFacts, origin: string = appUrl()): AppError {
  const primary = f.causes[0];
  const msgs: string[] = [];
  for (const c of f.causes) {
    if (c === 'key_spend_limit_exceeded' && f.key) msgs.push(keyMessage(f.key, f.slug, origin));
    if (c === 'spend_budget_exceeded' && f.budget) msgs.push(budgetMessage(f.budget));
    if (c === 'insufficient_balance' && f.balance) msgs.push(balanceMessage(f.balance));
  }
  const message = msgs[0] + (msgs.length > 1 ? ` Also: ${msgs.slice(1).join(' ')}` : '');
  let details: Record<string, unknown>;
  if (primary === 'key_spend_limit_exceeded' && f.key) {
    details = {
      scope: 'api_key',
      apiKeyId: f.key.keyId,
      limitUsd: nanoToUsd(f.key.limitNano),
      spentUsd: nanoToUsd(f.key.spentNano),
      reservedUsd: nanoToUsd(f.key.reservedNano),
      period: f.key.period,
      resetsAt: isoSeconds(f.key.resetsAt),
      fixUrl: `${origin}/w/${f.slug}/keys/${f.key.keyId}`,
    };
  } else if (primary === 'spend_budget_exceeded' && f.budget) {
    details = {
      scope: 'workspace',
      apiKeyId: f.key?.keyId ?? null,
      limitUsd: nanoToUsd(f.budget.budgetNano),
      spentUsd: nanoToUsd(f.budget.spentNano),
      reservedUsd: nanoToUsd(f.budget.reservedNano),
      period: 'monthly',
      resetsAt: isoSeconds(f.budget.resetsAt),
      fixUrl: `${origin}/w/${f.slug}/settings`,
    };
  } else {
    details = {
      scope: 'workspace',
      apiKeyId: f.key?.keyId ?? null,
      balances: Object.fromEntries((f.balance?.balances ?? []).map((b) => [b.bucket, nanoToUsd(b.balanceNano)])),
      fixUrl: `${origin}/w/${f.slug}/settings/credits`,
    };
  }
  const type = primary === 'insufficient_balance' ? 'insufficient_balance' : 'spend_limit_exceeded';
  return new AppError(402, type, primary, message, null, { ...details, causes: f.causes });
}
