'use client';
// "Create key": name, type, optional expiry, limit pre-filled from the workspace default, optional rate
// limits and model allowlist; then the secret, shown exactly once.
import { useState } from 'react';
import type { Period } from '@/lib/periods';
import { PERIOD_WORDS } from '@/lib/periods';
import { Button, ErrorText, Field, Input, Modal, Select } from '@/components/ui';
import { createKeyAction } from '../actions';
import { CLIENT_CHECK, LIMIT_LABELS, LimitFields, RATE_FIELDS, RATE_LABELS, RateLimitFields, limitErrors, limitInput, rateErrors, rateFieldErrors, rateInput, rateStateOf, useRateDefaults, type LimitState, type RateState } from './limit-fields';
import { formLevelMessage, useAction } from './use-action';
import { SecretReveal } from './secret-reveal';
import { usd } from './key-badges';

const FIELDS = ['name', 'type', 'expiresAt', 'spendLimit', 'spendLimitPeriod', 'confirmZeroLimit', ...RATE_FIELDS];
const LABELS = { ...LIMIT_LABELS, ...RATE_LABELS, name: 'the name', expiresAt: 'the expiry date' };

export function CreateKeyButton({ slug, defaultLimit, defaultPeriod }: { slug: string; defaultLimit: number | null; defaultPeriod: Period | null }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="create-key">
        <svg viewBox="0 0 20 20" className="h-4 w-4" aria-hidden><path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
        Create key
      </Button>
      {open && <CreateKeyDialog slug={slug} defaultLimit={defaultLimit} defaultPeriod={defaultPeriod} onClose={() => setOpen(false)} />}
    </>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function CreateKeyDialog({ slug, defaultLimit, defaultPeriod, onClose }: { slug: string; defaultLimit: number | null; defaultPeriod: Period | null; onClose: () => void }) {
  const { pending, error: rawError, setError, run, formRef } = useAction(LABELS);
  const error = rateFieldErrors(rawError);
  const rateDefaults = useRateDefaults(slug);
  const [rates, setRates] = useState<RateState>(() => rateStateOf());
  const [name, setName] = useState('');
  const [type, setType] = useState<'INFERENCE' | 'ADMIN'>('INFERENCE');
  const [expires, setExpires] = useState('');
  const [limit, setLimit] = useState<LimitState>({
    enabled: defaultLimit !== null,
    amount: defaultLimit !== null ? String(defaultLimit) : '',
    period: defaultPeriod ?? 'monthly',
    confirmZero: false,
  });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const f = error?.fields ?? {};

  if (created)
    return (
      // a new dialog (key), so it takes focus: the form that was focused is gone
      <Modal key="reveal" title="Save your new key" description={`“${created.name}” is ready.`} onClose={onClose} wide testId="new-key-dialog">
        <SecretReveal secret={created.secret} />
        <div className="mt-5 flex justify-end">
          <Button onClick={onClose} data-autofocus>I have saved it</Button>
        </div>
      </Modal>
    );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = 'Give the key a name, e.g. “backend prod”.';
    else if (name.trim().length > 64) fields.name = `Use at most 64 characters (this one has ${name.trim().length}).`;
    if (expires && expires <= today()) fields.expiresAt = 'Pick a day after today, or leave it empty for a key that never expires.';
    Object.assign(fields, limitErrors(limit) ?? {}, rateErrors(rates) ?? {});
    if (Object.keys(fields).length) {
      setError({ code: CLIENT_CHECK, message: 'Check the highlighted fields.', param: Object.keys(fields)[0], fields });
      return;
    }
    const input = {
      name: name.trim(),
      type,
      ...(expires ? { expiresAt: `${expires}T23:59:59Z` } : {}),
      ...limitInput(limit),
      ...rateInput(rates),
    };
    run(() => createKeyAction(slug, input), (d) => setCreated({ name: d.key.name, secret: d.secret }));
  }

  const defaultHint = defaultLimit !== null ? `Pre-filled from the workspace default (${usd(defaultLimit)} ${PERIOD_WORDS[defaultPeriod ?? 'monthly']}).` : undefined;
  return (
    <Modal title="Create API key" description="The secret is shown once, right after creation." onClose={onClose} wide>
      <form ref={formRef} onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Name" error={f.name} hint="Up to 64 characters, e.g. “backend prod”.">
          <Input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required autoComplete="off" />
        </Field>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Type" error={f.type} hint={type === 'ADMIN' ? 'Inference, plus the admin API (keys, billing, usage).' : 'Model calls and usage analytics only.'}>
            <Select name="type" value={type} onChange={(e) => setType(e.target.value as 'INFERENCE' | 'ADMIN')}>
              <option value="INFERENCE">Inference</option>
              <option value="ADMIN">Admin</option>
            </Select>
          </Field>
          <Field label="Expires (optional)" error={f.expiresAt} hint="Stops working after 23:59:59 UTC that day.">
            <Input name="expiresAt" type="date" value={expires} min={today()} onChange={(e) => setExpires(e.target.value)} />
          </Field>
        </div>
        <LimitFields value={limit} onChange={setLimit} errors={f} hint={defaultHint} />
        <RateLimitFields value={rates} onChange={setRates} errors={f} defaults={rateDefaults} />
        <ErrorText>{formLevelMessage(error, FIELDS)}</ErrorText>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create key'}</Button>
        </div>
      </form>
    </Modal>
  );
}
