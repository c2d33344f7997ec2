'use client';
// Price table with add / edit / delete for OWNER and ADMIN.
import { useState } from 'react';
import { exactUsd, fmtUsd } from '@/lib/format';
import { Badge, Button, ErrorText, Field, Input, Modal, MoneyInput, ScrollX, Select } from '@/components/ui';
import { amountError, cleanAmount } from '@/components/ui/messages';
import { formLevelMessage, useAction } from '../../keys/_components/use-action';
import { ConfirmButton } from '../_components/confirm';
import { deletePriceAction, setPriceAction } from './actions';

export interface PriceView { model: string; modelType: 'text' | 'embedding'; input: number; output: number; defaultReserve: number | null }

/** A price is a rate, not an amount: shown exactly as set (at most 3 decimals per million tokens). */
const perM = (v: number) => exactUsd(v);

export function PriceTable({ slug, prices, canManage }: { slug: string; prices: PriceView[]; canManage: boolean }) {
  const [editing, setEditing] = useState<PriceView | 'new' | null>(null);
  return (
    <div className="space-y-4">
      {prices.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">No prices yet. Requests to a model without a price cannot be costed; add one.</p>
      ) : (
        <ScrollX label="Model prices" className="-mx-5">
          <table className="w-full min-w-[40rem] text-sm" data-testid="price-table">
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-5 py-2 font-medium">Model</th>
                <th className="px-2 py-2 text-right font-medium">Input / 1M</th>
                <th className="px-2 py-2 text-right font-medium">Output / 1M</th>
                <th className="px-2 py-2 text-right font-medium">Default reserve</th>
                {canManage && <th className="px-5 py-2"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {prices.map((p) => (
                <tr key={p.model} data-testid="price-row" data-model={p.model}>
                  <td className="px-5 py-2.5"><span className="font-mono text-slate-900">{p.model}</span> {p.modelType === 'embedding' && <Badge>embedding</Badge>}</td>
                  <td className="tabular px-2 py-2.5 text-right">{perM(p.input)}</td>
                  <td className="tabular px-2 py-2.5 text-right">{p.modelType === 'embedding' && p.output === 0 ? '—' : perM(p.output)}</td>
                  <td className="tabular px-2 py-2.5 text-right text-slate-600">{p.defaultReserve === null ? '—' : <span title={exactUsd(p.defaultReserve)}>{fmtUsd(p.defaultReserve)}</span>}</td>
                  {canManage && (
                    <td className="px-5 py-2.5">
                      <div className="flex justify-end gap-1">
                        <Button variant="secondary" className="px-2.5 py-1.5 text-xs" onClick={() => setEditing(p)} aria-label={`Edit ${p.model}`}>Edit</Button>
                        <ConfirmButton
                          label="Delete"
                          title={`Delete the price of ${p.model}?`}
                          body={<p>Requests to <code className="font-mono">{p.model}</code> can no longer be costed from the table until a price is added again. Recorded usage is not changed.</p>}
                          confirmLabel="Delete price"
                          action={() => deletePriceAction(slug, { model: p.model })}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      {canManage ? <Button onClick={() => setEditing('new')} data-testid="add-price">Add model price</Button> : <p className="text-xs text-slate-600">Only owners and admins can change prices.</p>}
      {editing && <PriceDialog slug={slug} price={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

const FIELD_OF: Record<string, string> = { input: 'inputUsdPerMtok', output: 'outputUsdPerMtok' };

const LABELS = { model: 'the model', inputUsdPerMtok: 'the input price', outputUsdPerMtok: 'the output price', defaultReserveUsd: 'the default reserve', input: 'the input price', output: 'the output price' };

function PriceDialog({ slug, price, onClose }: { slug: string; price: PriceView | null; onClose: () => void }) {
  const { pending, error, setError, run, formRef } = useAction(LABELS);
  const [model, setModel] = useState(price?.model ?? '');
  const [modelType, setModelType] = useState<'text' | 'embedding'>(price?.modelType ?? 'text');
  const [input, setInput] = useState(price ? String(price.input) : '');
  const [output, setOutput] = useState(price ? String(price.output) : '');
  const [reserve, setReserve] = useState(price?.defaultReserve === null || !price ? '' : String(price.defaultReserve));
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(error?.fields ?? {})) f[FIELD_OF[k] ?? k] = v;
  const shown = ['model', 'inputUsdPerMtok', 'outputUsdPerMtok', 'defaultReserveUsd', 'input', 'output'];
  return (
    <Modal title={price ? `Edit ${price.model}` : 'Add model price'} onClose={onClose}>
      <form
        ref={formRef}
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const fields: Record<string, string> = {};
          if (!model.trim()) fields.model = 'Enter the model name exactly as clients send it, e.g. gpt-4o-mini.';
          else if (model.trim().length > 128) fields.model = 'Use at most 128 characters.';
          const perMtok = { empty: 'Enter a price per million tokens, e.g. 0.15 (0 for free).', decimals: 3 };
          const inErr = amountError(input, perMtok);
          if (inErr) fields.inputUsdPerMtok = inErr;
          const outErr = amountError(output, perMtok);
          if (outErr) fields.outputUsdPerMtok = outErr;
          const resErr = reserve.trim() === '' ? null : amountError(reserve);
          if (resErr) fields.defaultReserveUsd = resErr;
          if (Object.keys(fields).length) return setError({ code: 'invalid_request', message: 'Check the highlighted fields.', param: Object.keys(fields)[0], fields });
          const r = reserve.trim() === '' ? null : Number(cleanAmount(reserve));
          run(() => setPriceAction(slug, { model: model.trim(), modelType, inputUsdPerMtok: cleanAmount(input), outputUsdPerMtok: cleanAmount(output), defaultReserveUsd: r }), onClose);
        }}
      >
        <Field label="Model" error={f.model} hint={price ? undefined : 'Exactly as clients send it, e.g. gpt-4o-mini.'}>
          <Input name="model" value={model} onChange={(e) => setModel(e.target.value)} readOnly={!!price} className={price ? 'bg-slate-50 font-mono' : 'font-mono'} />
        </Field>
        <Field label="Type" error={f.modelType}>
          <Select name="modelType" value={modelType} onChange={(e) => setModelType(e.target.value as 'text' | 'embedding')}>
            <option value="text">Text (chat / completions)</option>
            <option value="embedding">Embedding</option>
          </Select>
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Input, USD / 1M tokens" error={f.inputUsdPerMtok}><MoneyInput name="inputUsdPerMtok" value={input} onChange={(e) => setInput(e.target.value)} placeholder="e.g. 0.15" /></Field>
          <Field label="Output, USD / 1M tokens" error={f.outputUsdPerMtok}><MoneyInput name="outputUsdPerMtok" value={output} onChange={(e) => setOutput(e.target.value)} placeholder="e.g. 0.6" /></Field>
        </div>
        <Field label="Default reserve, USD (optional)" error={f.defaultReserveUsd} hint="Held per request when no estimate is given. Empty: $0.01.">
          <MoneyInput name="defaultReserveUsd" value={reserve} onChange={(e) => setReserve(e.target.value)} placeholder="0.01 when empty" />
        </Field>
        <ErrorText>{formLevelMessage(error, shown)}</ErrorText>
        <div className="flex justify-end gap-2 pt-1">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save price'}</Button>
        </div>
      </form>
    </Modal>
  );
}
