// Shown on the Overview until the workspace has any usage: how to send a first request.
import Link from 'next/link';

export function FirstRequest({ baseUrl, slug, canManageKeys, canTopUp, needsCredit }: { baseUrl: string; slug: string; canManageKeys: boolean; canTopUp: boolean; needsCredit: boolean }) {
  const curl = `curl ${baseUrl}/api/v1/chat/completions \\
  -H "Authorization: Bearer $KEYCAP_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "keycap-echo", "messages": [{"role": "user", "content": "Hello!"}]}'`;
  return (
    <section className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="first-request">
      <h2 className="text-base font-semibold text-slate-900">No usage yet — send a first request</h2>
      <p className="mt-1 text-sm text-slate-600">
        {canManageKeys ? (
          <>
            <Link href={`/w/${slug}/keys`} className="font-medium text-brand-700 hover:underline">Create an inference key</Link>, then call the
          </>
        ) : (
          <>Ask an admin for an inference key, then call the</>
        )}{' '}
        OpenAI-compatible endpoint. <code className="rounded bg-slate-100 px-1 font-mono text-xs">keycap-echo</code> is a built-in test model; its spend shows up here within seconds.
      </p>
      {needsCredit && (
        <p className="mt-2 text-sm text-slate-600">
          The workspace has no credit yet, so requests are refused with <code className="font-mono text-xs">insufficient_balance</code>:{' '}
          {canTopUp ? (
            <Link href={`/w/${slug}/settings/credits`} className="font-medium text-brand-700 hover:underline">add credit first</Link>
          ) : (
            'ask the owner to add credit first'
          )}
          .
        </p>
      )}
      <pre tabIndex={0} aria-label="Example request" className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100"><code>{curl}</code></pre>
    </section>
  );
}
