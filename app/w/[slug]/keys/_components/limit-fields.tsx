'use client';
// Spend limit inputs shared by the create and edit dialogs: on/off, amount, period, and the explicit
// confirmation a $0 limit needs (the service refuses $0 without it). Checked in the browser first, with
// the server's rules, so the message sits next to the field.
import { PERIODS, PERIOD_WORDS, type Period } from '@/lib/periods';
import { Field, MoneyInput, Select } from '@/components/ui';
import { amountError, cleanAmount } from '@/components/ui/messages';

export interface LimitState {
  enabled: boolean;
  amount: string;
  period: Period;
  confirmZero: boolean;
}

export const isZeroAmount = (s: string) => /^\s*\$?\s*0*(\.0*)?\s*$/.test(s) && /\d/.test(s);

/** The service input for this state. */
export function limitInput(s: LimitState): { spendLimit: string | null; spendLimitPeriod?: Period; confirmZeroLimit?: boolean } {
  if (!s.enabled) return { spendLimit: null };
  return { spendLimit: cleanAmount(s.amount), spendLimitPeriod: s.period, ...(s.confirmZero ? { confirmZeroLimit: true } : {}) };
}

/** The field errors of this state before anything is sent, or null. */
export function limitErrors(s: LimitState, { zeroNeedsConfirm = true }: { zeroNeedsConfirm?: boolean } = {}): Record<string, string> | null {
  if (!s.enabled) return null;
  const e = amountError(s.amount, { empty: 'Enter an amount, e.g. 25, or untick “Spend limit” for no limit.' });
  if (e) return { spendLimit: e };
  if (zeroNeedsConfirm && isZeroAmount(s.amount) && !s.confirmZero) return { confirmZeroLimit: 'Tick the box to confirm: a limit of $0 refuses every call made with this key.' };
  return null;
}

export const LIMIT_LABELS = { spendLimit: 'the limit', spendLimitPeriod: 'the period', confirmZeroLimit: 'the confirmation' };

const PERIOD_LABEL: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', total: 'Total (lifetime)' };

export function LimitFields({ value, onChange, errors, hint, zeroNeedsConfirm = true }: {
  value: LimitState;
  onChange: (v: LimitState) => void;
  errors: Record<string, string>;
  hint?: string;
  /** false when the key already has a $0 limit (keeping it needs no new confirmation) */
  zeroNeedsConfirm?: boolean;
}) {
  const set = (patch: Partial<LimitState>) => onChange({ ...value, ...patch });
  const zero = value.enabled && isZeroAmount(value.amount) && zeroNeedsConfirm;
  const zeroError = errors.confirmZeroLimit ?? (zero && errors.spendLimit && /\$0/.test(errors.spendLimit) ? errors.spendLimit : undefined);
  const amountErr = zeroError && errors.spendLimit === zeroError ? undefined : errors.spendLimit;
  return (
    <fieldset className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
      <legend className="sr-only">Spend limit</legend>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={value.enabled} onChange={(e) => set({ enabled: e.target.checked, confirmZero: false })} name="limitEnabled" />
        Spend limit
      </label>
      {value.enabled ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Limit (USD)" error={amountErr}>
            <MoneyInput name="spendLimit" placeholder="e.g. 25" value={value.amount} onChange={(e) => set({ amount: e.target.value, confirmZero: false })} />
          </Field>
          <Field label="Period" error={errors.spendLimitPeriod} hint={PERIOD_WORDS[value.period] + (value.period === 'total' ? ', never resets' : ', UTC')}>
            <Select name="spendLimitPeriod" value={value.period} onChange={(e) => set({ period: e.target.value as Period })}>
              {PERIODS.map((p) => <option key={p} value={p}>{PERIOD_LABEL[p]}</option>)}
            </Select>
          </Field>
        </div>
      ) : (
        <p className="text-xs text-slate-600">No limit: this key can spend until the workspace budget or the credit balance stops it.</p>
      )}
      {zero && (
        <div>
          <label className="flex items-start gap-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4"
              name="confirmZeroLimit"
              checked={value.confirmZero}
              onChange={(e) => set({ confirmZero: e.target.checked })}
              aria-invalid={zeroError ? true : undefined}
              aria-describedby={zeroError ? 'confirm-zero-error' : undefined}
            />
            <span>I understand that a <b>$0 limit refuses every call</b> made with this key until the limit is raised.</span>
          </label>
          {zeroError && <p id="confirm-zero-error" className="mt-1 text-sm text-red-700" data-field-error>{zeroError}</p>}
        </div>
      )}
      {hint && value.enabled && !zero && <p className="text-xs text-slate-600">{hint}</p>}
    </fieldset>
  );
}
