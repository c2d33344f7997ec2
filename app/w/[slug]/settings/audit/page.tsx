import Link from 'next/link';
import { pageCtx } from '@/lib/page-ctx';
import { listAuditLog, type AuditPage } from '@/lib/services/audit-log';
import { isAppError } from '@/lib/errors';
import { fmtDate } from '@/lib/format';
import { Badge, ButtonLink, Card, ErrorText, Input, ScrollX, Select, Button } from '@/components/ui';
import { AuditDiff } from './audit-diff';

export const metadata = { title: 'Audit log' };

const ACTION_PREFIXES = [
  { value: 'api_key.', label: 'API keys' },
  { value: 'workspace.', label: 'Workspace' },
  { value: 'member.', label: 'Members' },
  { value: 'invitation.', label: 'Invitations' },
  { value: 'credits.', label: 'Credits' },
  { value: 'price.', label: 'Prices' },
  { value: 'webhook', label: 'Webhooks' },
];

const TONE: Record<string, 'red' | 'green' | 'amber' | 'blue' | 'slate'> = { create: 'green', add: 'green', join: 'green', revoke: 'red', remove: 'red', delete: 'red', update: 'blue', set: 'blue', role_change: 'amber' };
const actionTone = (a: string) => TONE[a.split('.').pop() ?? ''] ?? 'slate';

type Search = Record<string, string | string[] | undefined>;

/** The service's 400 about a filter, in words (it names API parameters). */
function filterError(param: string | null, message: string, f: { from: string; to: string }): string {
  if (param === 'to' && /on or after/.test(message)) return `“To” (${f.to}) is before “From” (${f.from}): nothing can match. Pick a “To” date on or after the “From” date.`;
  if ((param === 'from' || param === 'to') && /real date|YYYY-MM-DD/.test(message)) return `“${param === 'from' ? 'From' : 'To'}” is not a real date (${param === 'from' ? f.from : f.to}). Pick a day from the calendar.`;
  if (param === 'action') return 'The action filter is too long: use at most 64 characters.';
  if (param === 'page') return 'That page does not exist.';
  return 'These filters cannot be used. Clear them and try again.';
}
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const p = await pageCtx(slug);
  const filters = { action: one(sp.action), actor: one(sp.actor), from: one(sp.from), to: one(sp.to), page: one(sp.page) };
  let result: AuditPage | null = null;
  let error: { field: string | null; message: string } | null = null;
  try {
    result = await listAuditLog(p.ctx, filters);
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    error = { field: e.param, message: filterError(e.param, e.message, filters) };
  }
  const invalid = (f: string) => (error?.field === f ? true : undefined);
  const base = `/w/${slug}/settings/audit`;
  const pageHref = (n: number) => {
    const q = new URLSearchParams(Object.entries({ ...filters, page: String(n) }).filter(([, v]) => v !== ''));
    return `${base}?${q}`;
  };
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'page' && v !== '');
  const actors = result?.actors ?? [];
  const keyHref = (id: string | null) => (id ? `/w/${slug}/keys/${id}` : null);
  return (
    <div className="space-y-4">
      <Card>
        <form method="get" action={base} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end" aria-label="Filter the audit log">
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Action</span>
            <Input name="action" list="audit-actions" defaultValue={filters.action} placeholder="All actions" className="mt-1" aria-invalid={invalid('action')} aria-describedby="audit-filter-hint" />
            <span id="audit-filter-hint" className="mt-1 block text-xs text-slate-600">A prefix, e.g. api_key.</span>
            <datalist id="audit-actions">{ACTION_PREFIXES.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}</datalist>
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">Actor</span>
            <Select name="actor" defaultValue={filters.actor} className="mt-1">
              <option value="">Everyone</option>
              {actors.map((a) => <option key={a} value={a}>{a}</option>)}
              {filters.actor && !actors.includes(filters.actor) && <option value={filters.actor}>{filters.actor}</option>}
            </Select>
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">From</span>
            <Input type="date" name="from" defaultValue={filters.from} className="mt-1" aria-invalid={invalid('from')} aria-describedby={error ? 'audit-filter-error' : undefined} />
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-800">To</span>
            <Input type="date" name="to" defaultValue={filters.to} className="mt-1" aria-invalid={invalid('to')} aria-describedby={error ? 'audit-filter-error' : undefined} />
          </label>
          <div className="flex gap-2">
            <Button type="submit">Filter</Button>
            {filtered && <ButtonLink href={base} variant="secondary">Clear</ButtonLink>}
          </div>
        </form>
      </Card>

      {error && <div id="audit-filter-error"><ErrorText>{error.message}</ErrorText></div>}

      {result && (
        <Card>
          {result.data.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-600">{filtered ? 'No entries match these filters.' : 'Nothing has been changed yet.'}</p>
          ) : (
            <ScrollX label="Audit log" className="-mx-5 -my-5" fade="from-white" testId="audit-scroll">
              <table className="w-full min-w-[48rem] text-sm" data-testid="audit-table">
                <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th className="px-5 py-2 font-medium">When (UTC)</th>
                    <th className="px-2 py-2 font-medium">Actor</th>
                    <th className="px-2 py-2 font-medium">Action</th>
                    <th className="px-2 py-2 font-medium">Target</th>
                    <th className="w-[40%] px-5 py-2 font-medium">Before → after</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 align-top">
                  {result.data.map((e) => {
                    const href = e.targetType === 'api_key' ? keyHref(e.targetId) : null;
                    return (
                      <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                        <td className="whitespace-nowrap px-5 py-3 text-slate-600">{fmtDate(e.createdAt).replace(' UTC', '')}</td>
                        <td className="px-2 py-3">
                          <span className="text-slate-900" data-testid="audit-actor">{e.actorLabel}</span>
                          {e.actorKeyId && <span className="block text-xs text-slate-600">API key</span>}
                        </td>
                        <td className="px-2 py-3"><Badge tone={actionTone(e.action)}><code>{e.action}</code></Badge></td>
                        <td className="px-2 py-3 text-slate-600">
                          <span className="block text-xs">{e.targetType.replace('_', ' ')}</span>
                          {e.targetId && (href ? (
                            <Link href={href} className="break-all text-brand-700 hover:underline" title={e.targetId}>{e.targetLabel ?? <code className="text-xs">{e.targetId}</code>}</Link>
                          ) : e.targetLabel ? (
                            <span className="break-all text-slate-800" title={e.targetId}>{e.targetLabel}</span>
                          ) : (
                            <code className="break-all text-xs">{e.targetId}</code>
                          ))}
                        </td>
                        <td className="px-5 py-3"><AuditDiff before={e.before} after={e.after} /></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollX>
          )}
        </Card>
      )}

      {result && result.pagination.totalPages > 1 && (
        <nav className="flex items-center justify-between text-sm" aria-label="Pagination">
          <span className="text-slate-600">Page {result.pagination.page} of {result.pagination.totalPages} · {result.pagination.total} entries</span>
          <div className="flex gap-2">
            {result.pagination.page > 1 && <ButtonLink variant="secondary" href={pageHref(result.pagination.page - 1)}>Previous</ButtonLink>}
            {result.pagination.page < result.pagination.totalPages && <ButtonLink variant="secondary" href={pageHref(result.pagination.page + 1)}>Next</ButtonLink>}
          </div>
        </nav>
      )}
      {result && result.pagination.totalPages <= 1 && result.data.length > 0 && <p className="text-xs text-slate-600">{result.pagination.total} entr{result.pagination.total === 1 ? 'y' : 'ies'}</p>}
    </div>
  );
}
