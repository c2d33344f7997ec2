'use client';
// Spend limit inputs shared by the create and edit dialogs: on/off, amount, period, and the explicit
// confirmation a $0 limit needs (the service refuses $0 without confirmZeroLimit: true).
import { PERIODS, PERIOD_WORDS, type Period } from '@/lib/periods';
import { Field, Input, Select } from '@/components/ui';

export interface LimitState {
  enabled: boolean;
  amount: string;
  period: Period;
  confirmZero: boolean;
}

export const isZeroAmount = (s: string) => /^\s*0*(\.0*)?\s*$/.test(s) && /\d/.test(s);

/** The service input for this state. */
export function limitInput(s: LimitState): { spendLimit: string | null; spendLimitPeriod?: Period; confirmZeroLimit?: boolean } {
  if (!s.enabled) return { spendLimit: null };
  return { spendLimit: s.amount.trim(), spendLimitPeriod: s.period, ...(s.confirmZero ? { confirmZeroLimit: true } : {}) };
}

const PERIOD_LABEL: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', total: 'Total (lifetime)' };

export function LimitFields({ value, onChange, errors, hint }: {
  value: LimitState;
  onChange: (v: LimitState) => void;
  errors: Record<string, string>;
  hint?: string;
}) {
  const set = (patch: Partial<LimitState>) => onChange({ ...value, ...patch });
  const zero = value.enabled && isZeroAmount(value.amount);
  return (
    <fieldset className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={value.enabled} onChange={(e) => set({ enabled: e.target.checked, confirmZero: false })} name="limitEnabled" />
        Spend limit
      </label>
      {value.enabled ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Limit (USD)" error={errors.spendLimit}>
            <div className="relative">
              <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">$</span>
              <Input name="spendLimit" inputMode="decimal" autoComplete="off" placeholder="25.00" className="pl-7 tabular" value={value.amount} onChange={(e) => set({ amount: e.target.value, confirmZero: false })} />
            </div>
          </Field>
          <Field label="Period" error={errors.spendLimitPeriod} hint={PERIOD_WORDS[value.period] + (value.period === 'total' ? ', never resets' : ', UTC')}>
            <Select name="spendLimitPeriod" value={value.period} onChange={(e) => set({ period: e.target.value as Period })}>
              {PERIODS.map((p) => <option key={p} value={p}>{PERIOD_LABEL[p]}</option>)}
            </Select>
          </Field>
        </div>
      ) : (
        <p className="text-xs text-slate-500">No limit: this key can spend until the workspace budget or the credit balance stops it.</p>
      )}
      {zero && (
        <label className="flex items-start gap-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <input type="checkbox" className="mt-0.5 h-4 w-4" name="confirmZeroLimit" checked={value.confirmZero} onChange={(e) => set({ confirmZero: e.target.checked })} />
          <span>I understand that a <b>$0 limit refuses every call</b> made with this key until the limit is raised.</span>
        </label>
      )}
      {hint && value.enabled && !zero && <p className="text-xs text-slate-500">{hint}</p>}
    </fieldset>
  );
}
