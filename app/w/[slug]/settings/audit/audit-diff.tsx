// Readable before/after of one audit entry: changed fields as old → new, the rest folded away.
import { cx } from '@/components/ui';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'none';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Readable names for the recorded fields (the raw name stays in a tooltip and in the JSON view). */
const FIELD_LABEL: Record<string, string> = {
  name: 'Name',
  type: 'Type',
  expiresAt: 'Expires',
  revokedAt: 'Revoked',
  spendLimitUsd: 'Spend limit (USD)',
  spendLimitPeriod: 'Limit period',
  monthlyBudgetUsd: 'Monthly budget (USD)',
  defaultSpendLimitUsd: 'Default key limit (USD)',
  defaultSpendLimitPeriod: 'Default limit period',
  diemEpochAllocationUsd: 'DIEM per day (USD)',
  balanceUsd: 'Balance (USD)',
  addedUsd: 'Added (USD)',
  note: 'Note',
  role: 'Role',
  email: 'Email',
  slug: 'Slug',
  url: 'URL',
  events: 'Events',
  enabled: 'Enabled',
  description: 'Description',
};
const label = (k: string) => FIELD_LABEL[k] ?? k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before === null && after === null) return <span className="text-slate-500">—</span>;
  if (!isObj(before) && !isObj(after)) {
    return <span className="font-mono text-xs">{show(before)} → {show(after)}</span>;
  }
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const kind = before === null ? 'added' : after === null ? 'removed' : 'changed';
  // Created / deleted: list the fields that have a value; changed: only what changed.
  const side = kind === 'added' ? a : b;
  const changed = kind === 'changed' ? keys.filter((k) => !same(b[k], a[k])) : keys.filter((k) => side[k] !== null && side[k] !== undefined);
  const unchanged = kind === 'changed' ? keys.filter((k) => same(b[k], a[k])) : keys.filter((k) => side[k] === null || side[k] === undefined);
  return (
    <div className="space-y-1 text-xs" data-testid="audit-diff">
      <dl className="space-y-0.5">
        {changed.map((k) => (
          <div key={k} className="flex flex-wrap gap-x-1.5">
            <dt className="font-medium text-slate-700" title={k}>{label(k)}:</dt>
            <dd className="font-mono">
              {kind !== 'added' && <span className={cx('break-all', kind === 'changed' ? 'text-red-700 line-through decoration-red-300' : 'text-red-700')} data-side="before">{show(b[k])}</span>}
              {kind === 'changed' && <span className="px-1 text-slate-500" aria-label="changed to">→</span>}
              {kind !== 'removed' && <span className="break-all text-emerald-700" data-side="after">{show(a[k])}</span>}
            </dd>
          </div>
        ))}
        {kind === 'changed' && changed.length === 0 && <div className="text-slate-600">no field changed</div>}
      </dl>
      <details className="text-slate-600">
        <summary className="cursor-pointer select-none hover:text-slate-700">{unchanged.length > 0 ? `${unchanged.length} ${kind === 'changed' ? 'unchanged' : 'empty'} · ` : ''}JSON</summary>
        <div className="mt-1 grid grid-cols-1 gap-2 sm:grid-cols-2">
          <div><p className="font-medium text-slate-600">Before</p><pre tabIndex={0} className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200">{before === null ? '(nothing)' : JSON.stringify(before, null, 2)}</pre></div>
          <div><p className="font-medium text-slate-600">After</p><pre tabIndex={0} className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200">{after === null ? '(nothing)' : JSON.stringify(after, null, 2)}</pre></div>
        </div>
      </details>
    </div>
  );
}
