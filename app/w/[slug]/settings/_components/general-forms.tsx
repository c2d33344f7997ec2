'use client';
// Settings → General forms (OWNER/ADMIN): workspace name, monthly budget (a $0 budget is confirmed in a
// dialog first), default limit for new keys, default rate limits for keys without their own. Amounts are checked in the browser with the server's rules;
// what was typed stays in the field after an error.
import { useState } from 'react';
import { PERIODS, type Period } from '@/lib/periods';
import { Button, ErrorText, Field, Input, Modal, MoneyInput, Select } from '@/components/ui';
import { amountError, cleanAmount } from '@/components/ui/messages';
import { updateWorkspaceAction } from '../actions';
import { fieldError, formLevelMessage, useAction } from '../../keys/_components/use-action';
import { CLIENT_CHECK, isZeroAmount, perMinuteError, perMinuteValue, rateFieldErrors } from '../../keys/_components/limit-fields';

const PERIOD_LABEL: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', total: 'Total (lifetime)' };
const LABELS = { monthlyBudget: 'the budget', defaultSpendLimit: 'the default limit', defaultSpendLimitPeriod: 'the period', name: 'the name' };

function Saved({ text }: { text: string | null }) {
  return text ? <span role="status" className="text-sm text-emerald-700">{text}</span> : null;
}

export function NameForm({ slug, name }: { slug: string; name: string }) {
  const { pending, error, setError, run, formRef } = useAction(LABELS);
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        if (!value.trim() || value.trim().length > 64) return setError(fieldError('name', 'Use 1 to 64 characters.'));
        run(() => updateWorkspaceAction(slug, { name: value.trim() }), () => setSaved('Saved'));
      }}
    >
      <Field className="flex-1" label="Workspace name" error={error?.fields.name ?? formLevelMessage(error, ['name'])}>
        <Input name="name" value={value} onChange={(e) => setValue(e.target.value)} maxLength={80} />
      </Field>
      <div className="flex items-center gap-3 sm:pb-0.5"><Button type="submit" variant="secondary" disabled={pending || value.trim() === name}>{pending ? 'Saving…' : 'Rename'}</Button><Saved text={saved} /></div>
    </form>
  );
}

export function BudgetForm({ slug, budget }: { slug: string; budget: number | null }) {
  const { pending, error, setError, run, formRef } = useAction(LABELS);
  const [value, setValue] = useState(budget === null ? '' : String(budget));
  const [saved, setSaved] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The server asks for the same confirmation if a $0 budget slips past the check below.
  const zeroRefused = error?.code === 'zero_budget_requires_confirmation';
  const save = (raw: string | null, confirmedZero = false) => {
    setSaved(null);
    if (raw !== null) {
      const problem = amountError(raw, { empty: 'Enter an amount, or use “Remove budget” for no budget.' });
      if (problem) return setError(fieldError('monthlyBudget', problem));
    }
    const monthlyBudget = raw === null ? null : cleanAmount(raw);
    if (monthlyBudget !== null && isZeroAmount(monthlyBudget) && budget !== 0 && !confirmedZero) {
      setError(null);
      setConfirming(true);
      return;
    }
    run(() => updateWorkspaceAction(slug, { monthlyBudget, ...(confirmedZero ? { confirmZeroBudget: true } : {}) }), () => {
      setConfirming(false);
      if (monthlyBudget === null) setValue('');
      setSaved(monthlyBudget === null ? 'Budget removed' : 'Saved');
    });
  };
  const closeConfirm = () => {
    setConfirming(false);
    setError(null);
  };
  return (
    <form ref={formRef} noValidate className="space-y-3" onSubmit={(e) => { e.preventDefault(); save(value); }} data-testid="budget-form">
      <Field label="Monthly budget (USD)" error={zeroRefused ? undefined : error?.fields.monthlyBudget} hint="Every call is refused once the workspace spends this much in a calendar month (UTC). Empty: no budget.">
        <MoneyInput name="monthlyBudget" placeholder={budget === null ? 'No budget' : undefined} value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
      <ErrorText>{zeroRefused || confirming ? null : formLevelMessage(error, ['monthlyBudget'])}</ErrorText>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>{budget === null ? 'Set budget' : 'Save budget'}</Button>
        {budget !== null && <Button type="button" variant="ghost" className="text-red-700! hover:bg-red-50!" disabled={pending} onClick={() => save(null)}>Remove budget</Button>}
        <Saved text={saved} />
      </div>
      {(confirming || zeroRefused) && (
        <Modal title="Set the monthly budget to $0?" onClose={closeConfirm} testId="zero-budget-confirm">
          <p className="text-sm text-slate-700">
            A budget of <b>$0 refuses every call</b> in this workspace, whichever key makes it, until you raise or
            remove the budget. To stop a single key instead, set that key’s spend limit.
          </p>
          <div className="mt-4"><ErrorText>{zeroRefused ? null : (error?.fields.monthlyBudget ?? error?.message)}</ErrorText></div>
          <div className="mt-5 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={closeConfirm} data-autofocus>Cancel</Button>
            <Button type="button" variant="danger" disabled={pending} onClick={() => save(value, true)}>{pending ? 'Saving…' : 'Set a $0 budget'}</Button>
          </div>
        </Modal>
      )}
    </form>
  );
}

export function DefaultLimitForm({ slug, limit, period }: { slug: string; limit: number | null; period: Period | null }) {
  const { pending, error, setError, run, formRef } = useAction(LABELS);
  const [amount, setAmount] = useState(limit === null ? '' : String(limit));
  const [per, setPer] = useState<Period>(period ?? 'monthly');
  const [saved, setSaved] = useState<string | null>(null);
  const save = (raw: string | null) => {
    setSaved(null);
    if (raw !== null) {
      const problem = amountError(raw, {
        empty: 'Enter an amount, or use “Remove default” so new keys start without a limit.',
        zero: 'Enter an amount above $0: a default of $0 would create every new key blocked.',
      });
      if (problem) return setError(fieldError('defaultSpendLimit', problem));
    }
    const input = raw === null ? { defaultSpendLimit: null } : { defaultSpendLimit: cleanAmount(raw), defaultSpendLimitPeriod: per };
    run(() => updateWorkspaceAction(slug, input), () => {
      if (raw === null) setAmount('');
      setSaved(raw === null ? 'Default removed' : 'Saved');
    });
  };
  return (
    <form ref={formRef} noValidate className="space-y-3" onSubmit={(e) => { e.preventDefault(); save(amount); }} data-testid="default-limit-form">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Default limit (USD)" error={error?.fields.defaultSpendLimit}>
          <MoneyInput name="defaultSpendLimit" placeholder={limit === null ? 'No default' : undefined} value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="Period" error={error?.fields.defaultSpendLimitPeriod}>
          <Select name="defaultSpendLimitPeriod" value={per} onChange={(e) => setPer(e.target.value as Period)}>
            {PERIODS.map((p) => <option key={p} value={p}>{PERIOD_LABEL[p]}</option>)}
          </Select>
        </Field>
      </div>
      <p className="text-xs text-slate-600">
        {limit === null
          ? 'No default: new keys start without a limit unless one is given. '
          : 'New keys start with this limit pre-filled (it can be changed per key). '}
        It must be above $0, so no new key ever starts blocked.
      </p>
      <ErrorText>{formLevelMessage(error, ['defaultSpendLimit', 'defaultSpendLimitPeriod'])}</ErrorText>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>{limit === null ? 'Set default' : 'Save default'}</Button>
        {limit !== null && <Button type="button" variant="ghost" className="text-red-700! hover:bg-red-50!" disabled={pending} onClick={() => save(null)}>Remove default</Button>}
        <Saved text={saved} />
      </div>
    </form>
  );
}

const RATE_DEFAULT_FIELDS = ['defaultRateLimitRpm', 'defaultRateLimitTpm'];

export function RateDefaultsForm({ slug, rpm, tpm }: { slug: string; rpm: number | null; tpm: number | null }) {
  const { pending, error: rawError, setError, run, formRef } = useAction({ defaultRateLimitRpm: 'the requests per minute', defaultRateLimitTpm: 'the tokens per minute' });
  const error = rateFieldErrors(rawError, RATE_DEFAULT_FIELDS);
  const [r, setR] = useState(rpm === null ? '' : String(rpm));
  const [t, setT] = useState(tpm === null ? '' : String(tpm));
  const [saved, setSaved] = useState<string | null>(null);
  const save = () => {
    setSaved(null);
    const fields: Record<string, string> = {};
    const re = perMinuteError(r, 'requests');
    const te = perMinuteError(t, 'tokens');
    if (re) fields.defaultRateLimitRpm = re;
    if (te) fields.defaultRateLimitTpm = te;
    if (Object.keys(fields).length) return setError({ code: CLIENT_CHECK, message: 'Check the highlighted fields.', param: Object.keys(fields)[0], fields });
    const input = { defaultRateLimitRpm: perMinuteValue(r), defaultRateLimitTpm: perMinuteValue(t) };
    run(() => updateWorkspaceAction(slug, input), () => {
      setR(input.defaultRateLimitRpm === null ? '' : String(input.defaultRateLimitRpm));
      setT(input.defaultRateLimitTpm === null ? '' : String(input.defaultRateLimitTpm));
      setSaved('Saved');
    });
  };
  const f = error?.fields ?? {};
  return (
    <form ref={formRef} noValidate className="space-y-3" onSubmit={(e) => { e.preventDefault(); save(); }} data-testid="rate-defaults-form">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Requests per minute" error={f.defaultRateLimitRpm} hint="Empty: no default.">
          <Input name="defaultRateLimitRpm" inputMode="numeric" autoComplete="off" className="tabular" placeholder="No default" value={r} onChange={(e) => setR(e.target.value)} />
        </Field>
        <Field label="Tokens per minute" error={f.defaultRateLimitTpm} hint="Empty: no default.">
          <Input name="defaultRateLimitTpm" inputMode="numeric" autoComplete="off" className="tabular" placeholder="No default" value={t} onChange={(e) => setT(e.target.value)} />
        </Field>
      </div>
      <p className="text-xs text-slate-600">
        Applies at once to every key without a rate limit of its own, existing keys included. A key’s own limit takes its place.
      </p>
      <ErrorText>{formLevelMessage(error, RATE_DEFAULT_FIELDS)}</ErrorText>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save rate limits'}</Button>
        <Saved text={saved} />
      </div>
    </form>
  );
}
