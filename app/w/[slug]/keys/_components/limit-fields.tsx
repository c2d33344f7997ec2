'use client';
// Spend limit inputs shared by the create and edit dialogs: on/off, amount, period, and the explicit
// confirmation a $0 limit needs (the service refuses $0 without it). Checked in the browser first, with
// the server's rules, so the message sits next to the field.
import { useEffect, useState } from 'react';
import { PERIODS, PERIOD_WORDS, type Period } from '@/lib/periods';
import { Field, Input, MoneyInput, Select, inputClass } from '@/components/ui';
import { amountError, cleanAmount } from '@/components/ui/messages';
import { rateDefaultsAction } from '../actions';

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

// ——— Rate limits and model allowlist ———
// Requests / tokens per minute (empty: the workspace default, or no limit when there is none) and the
// models the key may call (glob patterns; empty: every model). Checked here with the service's rules
// (lib/schemas/keys.ts); the server's own messages for these fields are put in words by rateFieldErrors.

export interface RateDefaults {
  rpm: number | null;
  tpm: number | null;
}

/** The workspace's default rate limits, loaded when a dialog opens (undefined until then, or if they cannot be read). */
export function useRateDefaults(slug: string): RateDefaults | undefined {
  const [defaults, setDefaults] = useState<RateDefaults>();
  useEffect(() => {
    let live = true;
    rateDefaultsAction(slug, {})
      .then((r) => {
        if (live && r.ok) setDefaults(r.data);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [slug]);
  return defaults;
}

export interface RateState {
  rpm: string;
  tpm: string;
  models: string;
}

export const RATE_FIELDS = ['rateLimitRpm', 'rateLimitTpm', 'allowedModels'];
export const RATE_LABELS = { rateLimitRpm: 'the requests per minute', rateLimitTpm: 'the tokens per minute', allowedModels: 'the allowed models' };

const PER_MINUTE_MAX = 10_000_000;
export const perMinuteText = (n: number) => `${n.toLocaleString('en-US')}/min`;

/** The form state of a key's (or a new key's) rate limits. */
export function rateStateOf(k?: { rateLimitRpm: number | null; rateLimitTpm: number | null; allowedModels: string[] | null }): RateState {
  return { rpm: k?.rateLimitRpm == null ? '' : String(k.rateLimitRpm), tpm: k?.rateLimitTpm == null ? '' : String(k.rateLimitTpm), models: k?.allowedModels?.join('\n') ?? '' };
}

/** The patterns typed, split on commas, spaces and new lines. */
export const parseModels = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** A per-minute field as a number (null when empty); only after perMinuteError passed. */
export const perMinuteValue = (s: string) => (s.trim() === '' ? null : Number(s.trim()));

/** Why `raw` is not an acceptable requests/tokens per minute, in words, or null (empty is fine: no limit of its own). */
export function perMinuteError(raw: string, unit: 'requests' | 'tokens'): string | null {
  const s = raw.trim();
  if (!s) return null;
  const eg = unit === 'requests' ? '60' : '100000';
  if (/^-\s*\d/.test(s)) return `It can’t be negative. Enter a whole number, e.g. ${eg}, or leave it empty.`;
  if (/^\d{1,3}([,\s]\d{3})+$/.test(s)) return `Leave out the thousands separators, e.g. ${unit === 'requests' ? '1000' : '100000'}.`;
  if (/^\d*[.,]\d+$/.test(s)) return `Use a whole number, e.g. ${eg}.`;
  if (!/^\d+$/.test(s)) return `Enter a whole number, e.g. ${eg}, or leave it empty.`;
  const n = Number(s);
  if (n < 1) return 'Use at least 1, or leave it empty for no limit.';
  if (n > PER_MINUTE_MAX) return `Use at most ${PER_MINUTE_MAX.toLocaleString('en-US')} per minute.`;
  return null;
}

/** Why the allowlist is not acceptable, in words, or null. */
export function modelsError(raw: string): string | null {
  const list = parseModels(raw);
  if (list.length > 50) return `List at most 50 models (this has ${list.length}); a wildcard like gpt-4o* covers many.`;
  const long = list.find((p) => p.length > 128);
  if (long) return `“${long.slice(0, 24)}…” is too long: use at most 128 characters per model.`;
  const bad = list.find((p) => !/^[A-Za-z0-9._:/@*?-]+$/.test(p));
  if (bad) return `“${bad}” is not a model name: use letters, digits, . _ : / @ - and the wildcards * and ?.`;
  return null;
}

/** The field errors of the rate limits before anything is sent, or null. */
export function rateErrors(s: RateState): Record<string, string> | null {
  const e: Record<string, string> = {};
  const rpm = perMinuteError(s.rpm, 'requests');
  const tpm = perMinuteError(s.tpm, 'tokens');
  const models = modelsError(s.models);
  if (rpm) e.rateLimitRpm = rpm;
  if (tpm) e.rateLimitTpm = tpm;
  if (models) e.allowedModels = models;
  return Object.keys(e).length ? e : null;
}

/** The service input for this state (an empty field is null: the workspace default / every model). */
export function rateInput(s: RateState): { rateLimitRpm: number | null; rateLimitTpm: number | null; allowedModels: string[] | null } {
  const models = [...new Set(parseModels(s.models))];
  return { rateLimitRpm: perMinuteValue(s.rpm), rateLimitTpm: perMinuteValue(s.tpm), allowedModels: models.length ? models : null };
}

/** Only what differs from the key as it is (for an edit's patch). */
export function ratePatch(s: RateState, k: { rateLimitRpm: number | null; rateLimitTpm: number | null; allowedModels: string[] | null }) {
  const v = rateInput(s);
  const patch: Partial<typeof v> = {};
  if (v.rateLimitRpm !== k.rateLimitRpm) patch.rateLimitRpm = v.rateLimitRpm;
  if (v.rateLimitTpm !== k.rateLimitTpm) patch.rateLimitTpm = v.rateLimitTpm;
  if ((v.allowedModels ?? []).join('\n') !== (k.allowedModels ?? []).join('\n')) patch.allowedModels = v.allowedModels;
  return patch;
}

/** A server message for one of these fields in words (the browser's check normally catches them first). */
function serverRateMessage(field: string, msg: string): string {
  const unit = field === 'rateLimitTpm' || field === 'defaultRateLimitTpm' ? 'tokens' : 'requests';
  if (/allowedModels/.test(field)) {
    if (/at least one/.test(msg)) return 'List at least one model, or leave the field empty to allow every model.';
    if (/at most 50/.test(msg)) return 'List at most 50 models; a wildcard like gpt-4o* covers many.';
    if (/128/.test(msg)) return 'Use at most 128 characters per model.';
    if (/may contain/.test(msg)) return 'Use letters, digits, . _ : / @ - and the wildcards * and ? in model names.';
    return 'Check the model names: one per line or separated by commas, e.g. gpt-4o*.';
  }
  const eg = unit === 'requests' ? '60' : '100000';
  if (/whole number/i.test(msg)) return `Use a whole number, e.g. ${eg}.`;
  if (/at least 1/.test(msg)) return 'Use at least 1, or leave it empty for no limit.';
  if (/at most/.test(msg)) return `Use at most ${PER_MINUTE_MAX.toLocaleString('en-US')} per minute.`;
  return `Enter a whole number, e.g. ${eg}, or leave it empty.`;
}

/** The code of an error found by the browser's own checks: its messages are already in words. */
export const CLIENT_CHECK = 'client_check';

/**
 * The server's field errors for the rate limits in words, under one name each (the server names a bad
 * pattern `allowedModels.3`). Other fields, and the browser's own checks, pass through unchanged.
 */
export function rateFieldErrors<E extends { code: string; fields: Record<string, string> } | null>(err: E, names: readonly string[] = RATE_FIELDS): E {
  if (!err || err.code === CLIENT_CHECK) return err;
  const fields: Record<string, string> = {};
  for (const [f, m] of Object.entries(err.fields)) {
    const base = f.replace(/\.\d+$/, '');
    if (!names.includes(base)) fields[f] = m;
    else fields[base] ??= serverRateMessage(base, m);
  }
  return { ...err, fields };
}

export function RateLimitFields({ value, onChange, errors, defaults }: {
  value: RateState;
  onChange: (v: RateState) => void;
  errors: Record<string, string>;
  /** the workspace's default rate limits (undefined while they load: no hint yet) */
  defaults?: RateDefaults;
}) {
  const set = (patch: Partial<RateState>) => onChange({ ...value, ...patch });
  const hint = (d: number | null | undefined) =>
    d === undefined ? undefined : d === null ? 'Empty: no limit.' : `Workspace default: ${perMinuteText(d)}, used when empty.`;
  return (
    <fieldset className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="rate-limit-fields">
      <legend className="sr-only">Rate limits and models</legend>
      <p className="text-sm font-medium text-slate-800" aria-hidden>Rate limits and models <span className="font-normal text-slate-500">(optional)</span></p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Requests per minute" error={errors.rateLimitRpm} hint={hint(defaults?.rpm)}>
          <Input name="rateLimitRpm" inputMode="numeric" autoComplete="off" placeholder={defaults?.rpm ? String(defaults.rpm) : 'No limit'} value={value.rpm} onChange={(e) => set({ rpm: e.target.value })} className="tabular" />
        </Field>
        <Field label="Tokens per minute" error={errors.rateLimitTpm} hint={hint(defaults?.tpm)}>
          <Input name="rateLimitTpm" inputMode="numeric" autoComplete="off" placeholder={defaults?.tpm ? String(defaults.tpm) : 'No limit'} value={value.tpm} onChange={(e) => set({ tpm: e.target.value })} className="tabular" />
        </Field>
      </div>
      <Field label="Allowed models" error={errors.allowedModels} hint={<>Leave empty to allow every model. Use <code className="font-mono">*</code> as a wildcard: <code className="font-mono">gpt-4o*</code>. Separate models with commas or new lines.</>}>
        <textarea
          name="allowedModels"
          rows={2}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder="All models"
          value={value.models}
          onChange={(e) => set({ models: e.target.value })}
          className={`${inputClass} font-mono`}
        />
      </Field>
    </fieldset>
  );
}
