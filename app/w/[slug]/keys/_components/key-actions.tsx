'use client';
// Edit (name, spend limit and period, rate limits and allowed models; effective immediately, secret unchanged), Roll (a new secret, the old one
// working through a grace period; on the key's page) and Revoke (confirmed).
import { useState } from 'react';
import type { KeyObject } from '@/lib/services/keys';
import { Button, ErrorText, Field, Input, Modal, Select } from '@/components/ui';
import { SecretReveal } from './secret-reveal';
import { cleanAmount } from '@/components/ui/messages';
import { revokeKeyAction, rollKeyAction, updateKeyAction } from '../actions';
import { CLIENT_CHECK, LIMIT_LABELS, LimitFields, RATE_FIELDS, RATE_LABELS, RateLimitFields, limitErrors, limitInput, rateErrors, rateFieldErrors, ratePatch, rateStateOf, useRateDefaults, type LimitState, type RateState } from './limit-fields';
import { formLevelMessage, useAction } from './use-action';

type Size = 'sm' | 'md';
const small = 'px-2.5 py-1.5 text-xs';

export function KeyActions({ slug, k, size = 'sm', onRevoked }: { slug: string; k: KeyObject; size?: Size; onRevoked?: () => void }) {
  const [dialog, setDialog] = useState<'edit' | 'roll' | 'revoke' | null>(null);
  if (k.status === 'revoked') return null;
  const cls = size === 'sm' ? small : undefined;
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" className={cls} onClick={() => setDialog('edit')} aria-label={`Edit ${k.name}`} data-testid="edit-key">Edit</Button>
      {size === 'md' && (
        // on the key's own page only: the list stays to Edit and Revoke
        <Button variant="secondary" onClick={() => setDialog('roll')} aria-label={`Roll the secret of ${k.name}`} data-testid="roll-key">Roll secret</Button>
      )}
      <Button variant="ghost" className={`${cls ?? ''} text-red-700! hover:bg-red-50!`} onClick={() => setDialog('revoke')} aria-label={`Revoke ${k.name}`} data-testid="revoke-key">Revoke</Button>
      {dialog === 'edit' && <EditKeyDialog slug={slug} k={k} onClose={() => setDialog(null)} />}
      {dialog === 'roll' && <RollKeyDialog slug={slug} k={k} onClose={() => setDialog(null)} />}
      {dialog === 'revoke' && <RevokeKeyDialog slug={slug} k={k} onClose={() => setDialog(null)} onRevoked={onRevoked} />}
    </div>
  );
}

const FIELDS = ['name', 'spendLimit', 'spendLimitPeriod', 'confirmZeroLimit', ...RATE_FIELDS];

function EditKeyDialog({ slug, k, onClose }: { slug: string; k: KeyObject; onClose: () => void }) {
  const { pending, error: rawError, setError, run, formRef } = useAction({ ...LIMIT_LABELS, ...RATE_LABELS, name: 'the name' });
  const error = rateFieldErrors(rawError);
  const rateDefaults = useRateDefaults(slug);
  const [rates, setRates] = useState<RateState>(() => rateStateOf(k));
  const [name, setName] = useState(k.name);
  const [limit, setLimit] = useState<LimitState>({
    enabled: k.spendLimit !== null,
    amount: k.spendLimit !== null ? String(k.spendLimit) : '',
    period: k.spendLimitPeriod ?? 'monthly',
    confirmZero: false,
  });
  const f = error?.fields ?? {};

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = 'The key needs a name.';
    else if (name.trim().length > 64) fields.name = `Use at most 64 characters (this one has ${name.trim().length}).`;
    Object.assign(fields, limitErrors(limit, { zeroNeedsConfirm: k.spendLimit !== 0 }) ?? {}, rateErrors(rates) ?? {});
    if (Object.keys(fields).length) {
      setError({ code: CLIENT_CHECK, message: 'Check the highlighted fields.', param: Object.keys(fields)[0], fields });
      return;
    }
    const patch: Record<string, unknown> = {};
    if (name.trim() !== k.name) patch.name = name.trim();
    const l = limitInput(limit);
    const limitChanged =
      (k.spendLimit === null) !== !limit.enabled ||
      (limit.enabled && (Number(cleanAmount(limit.amount)) !== k.spendLimit || limit.period !== k.spendLimitPeriod));
    if (limitChanged) Object.assign(patch, l);
    Object.assign(patch, ratePatch(rates, k));
    if (Object.keys(patch).length === 0) return onClose();
    run(() => updateKeyAction(slug, { id: k.id, patch }), onClose);
  }

  return (
    <Modal title={`Edit “${k.name}”`} description="Changes apply to the very next call. The secret stays the same." onClose={onClose} wide>
      <form ref={formRef} onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Name" error={f.name}>
          <Input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoComplete="off" />
        </Field>
        <LimitFields value={limit} onChange={setLimit} errors={f} zeroNeedsConfirm={k.spendLimit !== 0} hint="Raising or removing the limit unblocks the key at once; lowering it below the spend so far blocks it." />
        <RateLimitFields value={rates} onChange={setRates} errors={f} defaults={rateDefaults} />
        <ErrorText>{formLevelMessage(error, FIELDS)}</ErrorText>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save changes'}</Button>
        </div>
      </form>
    </Modal>
  );
}

function RevokeKeyDialog({ slug, k, onClose, onRevoked }: { slug: string; k: KeyObject; onClose: () => void; onRevoked?: () => void }) {
  const { pending, error, run } = useAction();
  return (
    <Modal title={`Revoke “${k.name}”?`} onClose={onClose}>
      <p className="text-sm text-slate-700">
        Every call made with the key ending in <code className="rounded bg-slate-100 px-1 font-mono">…{k.last6}</code> is refused from now on
        (401 <code className="font-mono">api_key_revoked</code>). This cannot be undone; its usage history is kept.
      </p>
      <div className="mt-4"><ErrorText>{error?.message}</ErrorText></div>
      <div className="mt-5 flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose} data-autofocus>Cancel</Button>
        <Button
          type="button"
          variant="danger"
          disabled={pending}
          data-testid="confirm-revoke"
          onClick={() => run(() => revokeKeyAction(slug, { id: k.id }), () => { onClose(); onRevoked?.(); })}
        >
          {pending ? 'Revoking…' : 'Revoke key'}
        </Button>
      </div>
    </Modal>
  );
}

const GRACE = [
  { hours: 24, label: '24 hours (recommended)' },
  { hours: 1, label: '1 hour' },
  { hours: 168, label: '7 days' },
  { hours: 0, label: 'No grace: the old secret stops at once' },
];

function RollKeyDialog({ slug, k, onClose }: { slug: string; k: KeyObject; onClose: () => void }) {
  const { pending, error, run } = useAction({ gracePeriodHours: 'the grace period' });
  const [hours, setHours] = useState(24);
  const [rolled, setRolled] = useState<{ secret: string; until: string | null; oldLast6: string } | null>(null);
  if (rolled)
    return (
      <Modal key="rolled" title="Save the new secret" description={`“${k.name}” has a new secret; its limits, spend and history are unchanged.`} onClose={onClose} wide testId="rolled-key-dialog">
        <SecretReveal secret={rolled.secret} />
        <p className="mt-3 text-sm text-slate-700" data-testid="roll-grace">
          {rolled.until
            ? `The old secret (…${rolled.oldLast6}) keeps working until ${new Date(rolled.until).toUTCString()}, so you can switch without downtime.`
            : `The old secret (…${rolled.oldLast6}) no longer works.`}
        </p>
        <div className="mt-5 flex justify-end">
          <Button onClick={onClose} data-autofocus>I have saved it</Button>
        </div>
      </Modal>
    );
  return (
    <Modal title={`Roll the secret of “${k.name}”?`} description="The key gets a new secret. Its id, limits, spend and history stay the same." onClose={onClose}>
      <Field label="The old secret keeps working for" error={error?.fields?.gracePeriodHours}>
        <Select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="roll-grace-select">
          {GRACE.map((g) => (
            <option key={g.hours} value={g.hours}>{g.label}</option>
          ))}
        </Select>
      </Field>
      <div className="mt-4"><ErrorText>{error && !error.fields?.gracePeriodHours ? error.message : null}</ErrorText></div>
      <div className="mt-5 flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose} data-autofocus>Cancel</Button>
        <Button
          type="button"
          disabled={pending}
          data-testid="confirm-roll"
          onClick={() => run(() => rollKeyAction(slug, { id: k.id, gracePeriodHours: hours }), (d) => setRolled({ secret: d.secret, until: d.previousSecretExpiresAt, oldLast6: d.previousSecretLast6 }))}
        >
          {pending ? 'Rolling…' : 'Roll secret'}
        </Button>
      </div>
    </Modal>
  );
}
