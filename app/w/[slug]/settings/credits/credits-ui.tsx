'use client';
// Credits forms, both OWNER only (credits.manage): a top-up, and the DIEM daily allocation (credit the
// workspace gets every day, so it is set by whoever may add credit).
import { useState } from 'react';
import { Button, ErrorText, Field, Input, MoneyInput, Select } from '@/components/ui';
import { amountError, cleanAmount } from '@/components/ui/messages';
import { fieldError, formLevelMessage, useAction } from '../../keys/_components/use-action';
import { addCreditsAction } from './actions';
import { updateWorkspaceAction } from '../actions';
import { fmtUsd } from '@/lib/format';

export function TopUpForm({ slug }: { slug: string }) {
  const { pending, error, setError, run, formRef } = useAction({ usd: 'the amount', note: 'the note', bucket: 'the bucket' });
  const [bucket, setBucket] = useState<'USD' | 'BUNDLED_CREDITS'>('USD');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const f = error?.fields ?? {};
  return (
    <form
      ref={formRef}
      noValidate
      className="space-y-3"
      data-testid="topup-form"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        const fields: Record<string, string> = {};
        const problem = amountError(amount, { zero: 'Enter an amount above $0.' });
        if (problem) fields.usd = problem;
        if (!note.trim()) fields.note = 'Add a note: who paid and why, e.g. “Invoice 2026-11”.';
        if (Object.keys(fields).length) return setError({ ...fieldError(Object.keys(fields)[0], Object.values(fields)[0]), fields });
        run(() => addCreditsAction(slug, { bucket, usd: cleanAmount(amount), note: note.trim() }), (d) => {
          setDone(`Added ${fmtUsd(d.amountUsd)}. New balance ${fmtUsd(d.balanceUsd)}.`);
          setAmount('');
          setNote('');
        });
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Bucket" error={f.bucket}>
          <Select name="bucket" value={bucket} onChange={(e) => setBucket(e.target.value as 'USD' | 'BUNDLED_CREDITS')}>
            <option value="USD">USD balance</option>
            <option value="BUNDLED_CREDITS">Bundled credits</option>
          </Select>
        </Field>
        <Field label="Amount (USD)" error={f.usd}>
          <MoneyInput name="usd" placeholder="e.g. 100" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
      </div>
      <Field label="Note" error={f.note} hint="Who paid and why, e.g. “Invoice 2026-11, card ending 4242”.">
        <Input name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
      </Field>
      <ErrorText>{formLevelMessage(error, ['bucket', 'usd', 'note'])}</ErrorText>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? 'Adding…' : 'Add credits'}</Button>
        {done && <span role="status" className="text-sm text-emerald-700">{done}</span>}
      </div>
    </form>
  );
}

export function DiemForm({ slug, allocation }: { slug: string; allocation: number | null }) {
  const { pending, error, setError, run, formRef } = useAction({ diemEpochAllocation: 'the allocation' });
  const [value, setValue] = useState(allocation === null ? '' : String(allocation));
  const [done, setDone] = useState<string | null>(null);
  const save = (raw: string) => {
    setDone(null);
    const v = cleanAmount(raw);
    if (v) {
      const problem = amountError(v);
      if (problem) return setError(fieldError('diemEpochAllocation', problem));
    }
    run(() => updateWorkspaceAction(slug, { diemEpochAllocation: v === '' ? null : v }), () => setDone(v ? 'Saved' : 'Removed'));
  };
  return (
    <form ref={formRef} noValidate className="space-y-3" onSubmit={(e) => { e.preventDefault(); save(value); }} data-testid="diem-form">
      <Field label="Allocation per UTC day (USD)" error={error?.fields.diemEpochAllocation} hint="The DIEM bucket is refilled to this amount at 00:00 UTC and is used first. Leave empty for none.">
        <MoneyInput name="diemEpochAllocation" placeholder={allocation === null ? 'None' : undefined} value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
      <ErrorText>{formLevelMessage(error, ['diemEpochAllocation'])}</ErrorText>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>Save allocation</Button>
        {done && <span role="status" className="text-sm text-emerald-700">{done}</span>}
      </div>
    </form>
  );
}
