'use client';
// Credits forms: top-up (OWNER) and the DIEM daily allocation (OWNER/ADMIN, a workspace setting).
import { useState } from 'react';
import { Button, ErrorText, Field, Input, Select } from '@/components/ui';
import { useAction, formLevelMessage } from '../../keys/_components/use-action';
import { addCreditsAction } from './actions';
import { updateWorkspaceAction } from '../actions';
import { fmtUsd } from '@/lib/format';

function MoneyInput(p: React.ComponentProps<'input'>) {
  return (
    <div className="relative">
      <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">$</span>
      <Input inputMode="decimal" autoComplete="off" {...p} className="pl-7 tabular" />
    </div>
  );
}

export function TopUpForm({ slug }: { slug: string }) {
  const { pending, error, run } = useAction();
  const [bucket, setBucket] = useState<'USD' | 'BUNDLED_CREDITS'>('USD');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const f = error?.fields ?? {};
  return (
    <form
      className="space-y-3"
      data-testid="topup-form"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        run(() => addCreditsAction(slug, { bucket, usd: amount.trim(), note }), (d) => {
          setDone(`Added ${fmtUsd(d.amountUsd, 4)}. New balance ${fmtUsd(d.balanceUsd, 4)}.`);
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
          <MoneyInput name="usd" placeholder="100.00" value={amount} onChange={(e) => setAmount(e.target.value)} />
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
  const { pending, error, run } = useAction();
  const [value, setValue] = useState(allocation === null ? '' : String(allocation));
  const [done, setDone] = useState<string | null>(null);
  const save = (v: string | null) => {
    setDone(null);
    run(() => updateWorkspaceAction(slug, { diemEpochAllocation: v === null || v.trim() === '' ? null : v.trim() }), () => setDone(v ? 'Saved' : 'Removed'));
  };
  return (
    <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save(value); }}>
      <Field label="Allocation per UTC day (USD)" error={error?.fields.diemEpochAllocation} hint="The DIEM bucket is refilled to this amount at 00:00 UTC. Leave empty for none.">
        <MoneyInput name="diemEpochAllocation" placeholder="10.00" value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
      <ErrorText>{formLevelMessage(error, ['diemEpochAllocation'])}</ErrorText>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>Save allocation</Button>
        {done && <span role="status" className="text-sm text-emerald-700">{done}</span>}
      </div>
    </form>
  );
}
