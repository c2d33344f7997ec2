// /docs/api: the OpenAPI document (lib/openapi/document.ts) for humans — every operation by tag with its
// method, path, auth, parameters, request body fields and responses, then the response schemas. Public and
// static: a server component with no client JavaScript. The same document is at /api/v1/openapi.json.
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge, Card, cx } from '@/components/ui';
import { openApiDocument, type JsonSchema, type OperationObject, type ParameterObject, type ResponseObject } from '@/lib/openapi/document';
import { resolveRef } from '@/lib/openapi/json-schema';
import { fieldRows, isOpen, rules, typeParts, type FieldRow } from '@/lib/openapi/render';

export const metadata: Metadata = { title: 'API reference', description: 'Keycap HTTP API: every /api/v1 endpoint, generated from the request and response schemas.' };

const doc = openApiDocument();

type Op = OperationObject & { method: string; path: string };
const ops: Op[] = Object.entries(doc.paths).flatMap(([path, ms]) => Object.entries(ms).map(([method, o]) => ({ ...o, method, path })));
const byTag = doc.tags.map((t) => ({ ...t, ops: ops.filter((o) => o.tags[0] === t.name) })).filter((t) => t.ops.length);
const tagId = (name: string) => `tag-${name.toLowerCase().replace(/\s+/g, '-')}`;
/** Response schemas worth a section of their own: the named objects the operations answer with. */
const shownSchemas = Object.keys(doc.components.schemas).filter((n) => !n.endsWith('Request') && n !== 'OpenApiDocument');

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  post: 'bg-brand-50 text-brand-700 ring-brand-100',
  patch: 'bg-amber-50 text-amber-800 ring-amber-200',
  delete: 'bg-red-50 text-red-700 ring-red-200',
};

function Method({ method, small }: { method: string; small?: boolean }) {
  return (
    <span className={cx('inline-flex w-16 shrink-0 justify-center rounded font-mono font-semibold uppercase ring-1 ring-inset', small ? 'px-1 py-0 text-[11px]' : 'px-1.5 py-0.5 text-xs', METHOD_STYLE[method])}>
      {method}
    </span>
  );
}

function Auth({ auth }: { auth: OperationObject['x-keycap-auth'] }) {
  if (auth === 'admin') return <Badge tone="amber">ADMIN key</Badge>;
  if (auth === 'any') return <Badge tone="blue">any key</Badge>;
  return <Badge tone="green">public</Badge>;
}

function Type({ schema }: { schema: JsonSchema }) {
  return (
    <code className="text-xs text-slate-700">
      {typeParts(schema).map((p, i) =>
        typeof p === 'string' ? (
          <span key={i}>{p}</span>
        ) : (
          <a key={i} href={`#schema-${p.ref}`} className="text-brand-700 underline decoration-brand-100 underline-offset-2 hover:decoration-brand-500">
            {p.ref}
          </a>
        ),
      )}
    </code>
  );
}

function Notes({ description, schema, extra }: { description?: string; schema: JsonSchema; extra?: ReactNode }) {
  const r = rules(schema);
  return (
    <>
      {description && <span>{description}</span>}
      {(r.length > 0 || schema.default !== undefined || extra) && (
        <span className="mt-0.5 block text-xs text-slate-500">
          {[...r, ...(schema.default !== undefined ? [`default ${JSON.stringify(schema.default)}`] : [])].join(' · ')}
          {extra}
        </span>
      )}
    </>
  );
}

const th = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const td = 'px-3 py-2 align-top';

function Table({ head, label, children }: { head: string[]; label: string; children: ReactNode }) {
  return (
    // focusable so the table can be scrolled sideways with the keyboard on narrow screens
    <div className="overflow-x-auto rounded-md ring-1 ring-slate-200" tabIndex={0} role="region" aria-label={label}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>{head.map((h) => <th key={h} className={th}>{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>
      </table>
    </div>
  );
}

function Required({ yes }: { yes: boolean }) {
  return yes ? <span className="text-xs font-medium text-slate-900">required</span> : <span className="text-xs text-slate-500">optional</span>;
}

function Fields({ schema, label }: { schema: JsonSchema; label: string }) {
  const rows: FieldRow[] = fieldRows(schema);
  if (!rows.length) return <p className="text-sm text-slate-600">{isOpen(schema) ? 'Any JSON object.' : 'No fields: send {} or no body.'}</p>;
  return (
    <Table head={['field', 'type', '', 'description']} label={label}>
      {rows.map((r) => (
        <tr key={r.name}>
          <td className={cx(td, 'whitespace-nowrap font-mono text-xs text-slate-900')}>{r.name}</td>
          <td className={td}><Type schema={r.schema} /></td>
          <td className={cx(td, 'whitespace-nowrap')}><Required yes={r.required} /></td>
          <td className={cx(td, 'min-w-64 text-slate-700')}><Notes description={r.description} schema={r.schema} /></td>
        </tr>
      ))}
    </Table>
  );
}

function Parameters({ params, label }: { params: ParameterObject[]; label: string }) {
  return (
    <Table head={['parameter', 'in', 'type', '', 'description']} label={label}>
      {params.map((p) => (
        <tr key={`${p.in}-${p.name}`}>
          <td className={cx(td, 'whitespace-nowrap font-mono text-xs text-slate-900')}>{p.name}</td>
          <td className={cx(td, 'text-xs text-slate-500')}>{p.in}</td>
          <td className={td}><Type schema={p.schema} /></td>
          <td className={cx(td, 'whitespace-nowrap')}><Required yes={p.required} /></td>
          <td className={cx(td, 'min-w-64 text-slate-700')}><Notes description={p.description} schema={p.schema} /></td>
        </tr>
      ))}
    </Table>
  );
}

function Responses({ op }: { op: Op }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
      {Object.entries(op.responses).map(([status, r]) => {
        const resp = ('$ref' in r ? resolveRef(doc, r.$ref) : r) as unknown as ResponseObject;
        const ok = status.startsWith('2');
        return (
          <li key={status} className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:gap-3">
            <span className={cx('w-10 shrink-0 font-mono font-semibold', ok ? 'text-emerald-700' : 'text-slate-600')}>{status}</span>
            <div className="min-w-0 flex-1 text-slate-700">
              <p>{resp.description}</p>
              <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                {Object.entries(resp.content ?? {}).map(([type, m]) => (
                  <span key={type}>
                    {type} → <Type schema={m.schema} />
                  </span>
                ))}
                {resp.headers && <span>headers: {Object.keys(resp.headers).map((h) => <code key={h} className="mr-1">{h}</code>)}</span>}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Operation({ op }: { op: Op }) {
  const body = op.requestBody?.content['application/json']?.schema;
  const bodySchema = body ? resolveRef(doc, String(body.$ref)) : null;
  const bodyNote = [bodySchema?.description, op.requestBody?.description].filter(Boolean).join(' ');
  return (
    <article id={op.operationId} className="scroll-mt-4">
      <Card>
        <header className="flex flex-wrap items-center gap-2">
          <Method method={op.method} />
          <code className="break-all font-mono text-sm font-semibold text-slate-900">/api/v1{op.path}</code>
          <Auth auth={op['x-keycap-auth']} />
        </header>
        <h3 className="mt-3 font-semibold text-slate-900">{op.summary}</h3>
        <p className="mt-1 text-sm text-slate-600">{op.description}</p>
        {op.parameters?.length ? (
          <div className="mt-4">
            <h4 className="mb-2 text-sm font-medium text-slate-900">Parameters</h4>
            <Parameters params={op.parameters} label={`Parameters of ${op.method.toUpperCase()} ${op.path}`} />
          </div>
        ) : null}
        {bodySchema && (
          <div className="mt-4">
            <h4 className="mb-2 text-sm font-medium text-slate-900">
              Request body <span className="font-normal text-slate-500">application/json{op.requestBody?.required ? '' : ', optional'}</span>
            </h4>
            {bodyNote && <p className="mb-2 text-sm text-slate-600">{bodyNote}</p>}
            <Fields schema={bodySchema} label={`Request body of ${op.method.toUpperCase()} ${op.path}`} />
            <p className="mt-1 text-xs text-slate-500">{isOpen(bodySchema) ? 'Other fields are passed through.' : 'Any other field is a 400 naming it.'}</p>
          </div>
        )}
        <div className="mt-4">
          <h4 className="mb-2 text-sm font-medium text-slate-900">Responses</h4>
          <Responses op={op} />
        </div>
      </Card>
    </article>
  );
}

export default function ApiDocsPage() {
  const bearer = doc.components.securitySchemes.bearerAuth;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-slate-100/80">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <span className="rounded-md bg-brand-600 px-1.5 py-0.5 text-sm text-white">kc</span>
            <span>Keycap</span>
          </Link>
          <span className="text-sm text-slate-600">API reference</span>
          <a href="/api/v1/openapi.json" className="ml-auto rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-white">openapi.json</a>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-8 px-4 py-6">
        <nav aria-label="Endpoints" className="sticky top-4 hidden max-h-[calc(100vh-2rem)] w-64 shrink-0 overflow-y-auto text-sm lg:block">
          {byTag.map((t) => (
            <div key={t.name} className="mb-4">
              <a href={`#${tagId(t.name)}`} className="font-medium text-slate-900 hover:text-brand-700">{t.name}</a>
              <ul className="mt-1 space-y-0.5">
                {t.ops.map((o) => (
                  <li key={o.operationId}>
                    <a href={`#${o.operationId}`} className="flex items-center gap-2 rounded px-1 py-0.5 text-slate-700 hover:bg-slate-200">
                      <Method method={o.method} small />
                      <span className="break-all font-mono text-xs">{o.path}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <a href="#schemas" className="font-medium text-slate-900 hover:text-brand-700">Schemas</a>
        </nav>
        <main className="min-w-0 flex-1 space-y-10">
          <section>
            <h1 className="text-2xl font-semibold tracking-tight">{doc.info.title}</h1>
            <p className="mt-2 max-w-3xl text-sm text-slate-600">{doc.info.description}</p>
            <dl className="mt-4 grid max-w-3xl gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
              <dt className="font-medium text-slate-900">Base URL</dt>
              <dd><code>{doc.servers[0].url}</code> <span className="text-slate-500">— {doc.servers[0].description}</span></dd>
              <dt className="font-medium text-slate-900">Auth</dt>
              <dd className="text-slate-700">{String(bearer.description)}</dd>
              <dt className="font-medium text-slate-900">Errors</dt>
              <dd className="text-slate-700">
                Every error is the <a href="#schema-Error" className="text-brand-700 underline">error envelope</a>; refusals (402) are a{' '}
                <a href="#schema-SpendRefusal" className="text-brand-700 underline">SpendRefusal</a>.
              </dd>
              <dt className="font-medium text-slate-900">Machine-readable</dt>
              <dd><a href="/api/v1/openapi.json" className="text-brand-700 underline">/api/v1/openapi.json</a> <span className="text-slate-500">(OpenAPI {doc.openapi})</span></dd>
            </dl>
          </section>
          {byTag.map((t) => (
            <section key={t.name} id={tagId(t.name)} className="scroll-mt-4 space-y-4" aria-labelledby={`${tagId(t.name)}-h`}>
              <div>
                <h2 id={`${tagId(t.name)}-h`} className="text-xl font-semibold tracking-tight">{t.name}</h2>
                <p className="mt-1 text-sm text-slate-600">{t.description}</p>
              </div>
              {t.ops.map((o) => <Operation key={o.operationId} op={o} />)}
            </section>
          ))}
          <section id="schemas" className="scroll-mt-4 space-y-4" aria-labelledby="schemas-h">
            <h2 id="schemas-h" className="text-xl font-semibold tracking-tight">Schemas</h2>
            {shownSchemas.map((name) => {
              const s = doc.components.schemas[name];
              return (
                <article key={name} id={`schema-${name}`} className="scroll-mt-4">
                  <Card title={<code className="font-mono">{name}</code>}>
                    {s.description ? <p className="mb-3 text-sm text-slate-600">{String(s.description)}</p> : null}
                    {s.type === 'object' ? <Fields schema={s} label={`Fields of ${name}`} /> : <p className="text-sm"><Type schema={s} /></p>}
                    {s.type === 'object' && isOpen(s) && fieldRows(s).length > 0 && <p className="mt-1 text-xs text-slate-500">May carry more fields than these.</p>}
                  </Card>
                </article>
              );
            })}
            <p className="text-xs text-slate-500">Request bodies are listed with their operation; every schema is under components.schemas in openapi.json.</p>
          </section>
        </main>
      </div>
    </div>
  );
}
