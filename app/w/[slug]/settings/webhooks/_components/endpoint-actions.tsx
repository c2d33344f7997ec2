'use client';
// Per-endpoint controls: status badge, send test event, edit, enable/disable, rotate secret (with an
// overlap during which the old secret signs too), delete.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { DeliveryObject, EndpointObject } from '@/lib/webhooks/service';
import { Badge, Button, Field, Select } from '@/components/ui';
import { fmtDate } from '@/lib/format';
import { useAction } from '../../../keys/_components/use-action';
import { ConfirmButton } from '../../_components/confirm';
import { deleteEndpointAction, resendAction, rotateSecretAction, sendTestAction, updateEndpointAction } from '../actions';
import { EndpointForm } from './endpoint-form';
import { SecretOnce } from './secret-once';

export function EndpointStatus({ e }: { e: Pick<EndpointObject, 'enabled' | 'disabledAt' | 'failingSince'> }) {
  if (!e.enabled) return <Badge tone="red">{e.disabledAt ? 'Disabled after failures' : 'Disabled'}</Badge>;
  if (e.failingSince) return <Badge tone="amber" title={`Failing since ${e.failingSince}`}>Failing</Badge>;
  return <Badge tone="green">Enabled</Badge>;
}

export function attemptSummary(d: DeliveryObject): string {
  const a = d.attemptLog.at(-1);
  if (!a) return d.status === 'PENDING' ? 'Queued' : d.status.toLowerCase();
  const what = a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? 'no response');
  return `${d.status === 'DELIVERED' ? 'Delivered' : 'Failed'}: ${what} in ${a.durationMs} ms`;
}

export function TestSendButton({ slug, id, size = 'sm' }: { slug: string; id: string; size?: 'sm' | 'md' }) {
  const { pending, error, run } = useAction();
  const [result, setResult] = useState<DeliveryObject | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" className={size === 'sm' ? 'px-2.5 py-1.5 text-xs' : undefined} disabled={pending} onClick={() => run(() => sendTestAction(slug, { id }), setResult)}>
        {pending ? 'Sending…' : 'Send test event'}
      </Button>
      {result && (
        <span role="status" data-testid="test-result" className={result.status === 'DELIVERED' ? 'text-xs text-emerald-700' : 'text-xs text-red-700'}>
          {attemptSummary(result)}
        </span>
      )}
      {error && <span role="status" className="text-xs text-red-700">{error.message}</span>}
    </span>
  );
}

export function ResendButton({ slug, id, deliveryId, disabled }: { slug: string; id: string; deliveryId: string; disabled?: boolean }) {
  const { pending, error, run } = useAction();
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="ghost" className="px-2 py-1 text-xs text-brand-700" disabled={pending || disabled} title={disabled ? 'Enable the endpoint to re-send' : 'Send this event again (same webhook-id)'} onClick={() => run(() => resendAction(slug, { id, deliveryId }))}>
        {pending ? 'Sending…' : 'Re-send'}
      </Button>
      {error && <span role="status" className="text-xs text-red-700">{error.message}</span>}
    </span>
  );
}

const OVERLAP_CHOICES: [hours: number, label: string][] = [
  [24, '24 hours (recommended)'],
  [1, '1 hour'],
  [72, '3 days'],
  [168, '7 days'],
  [0, 'No overlap: the old secret stops now'],
];

/** After a rotation: until when the replaced secret still verifies (it signs every delivery as well). */
export function OverlapNote({ e }: { e: Pick<EndpointObject, 'previousSecretHint' | 'previousSecretExpiresAt'> }) {
  if (!e.previousSecretExpiresAt) return <>The old secret no longer signs deliveries: update your receiver now.</>;
  return (
    <>
      The old secret <code className="font-mono">{e.previousSecretHint}</code> keeps working until <b>{fmtDate(e.previousSecretExpiresAt)}</b>: until then every
      delivery carries a signature from each secret, so your receiver accepts it with either. Switch the receiver to the new secret before then.
    </>
  );
}

export function EndpointControls({ slug, endpoint }: { slug: string; endpoint: EndpointObject }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<{ value: string; endpoint: EndpointObject } | null>(null);
  const [overlapHours, setOverlapHours] = useState(24);
  const toggle = useAction();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <TestSendButton slug={slug} id={endpoint.id} size="md" />
      <Button type="button" variant="secondary" onClick={() => setEditing(true)}>Edit</Button>
      <Button
        type="button"
        variant="secondary"
        disabled={toggle.pending}
        onClick={() => toggle.run(() => updateEndpointAction(slug, { id: endpoint.id, enabled: !endpoint.enabled }))}
      >
        {endpoint.enabled ? 'Disable' : 'Enable'}
      </Button>
      <ConfirmButton
        label="Rotate secret"
        className="px-3 py-2 text-sm"
        title="Rotate the signing secret?"
        body={
          <div className="space-y-3">
            <p>
              Deliveries from now on are signed with a new secret. During the overlap they are signed with the old secret as well, so your receiver keeps
              accepting them while you switch it to the new one.
            </p>
            <Field label="Keep the old secret working for">
              <Select value={overlapHours} onChange={(ev) => setOverlapHours(Number(ev.target.value))} data-testid="rotate-overlap">
                {OVERLAP_CHOICES.map(([h, label]) => <option key={h} value={h}>{label}</option>)}
              </Select>
            </Field>
          </div>
        }
        confirmLabel="Rotate secret"
        action={async () => {
          const r = await rotateSecretAction(slug, { id: endpoint.id, overlapHours });
          if (r.ok) setSecret({ value: r.data.secret, endpoint: r.data.endpoint });
          return r;
        }}
      />
      <ConfirmButton
        label="Delete"
        className="px-3 py-2 text-sm text-red-700 hover:bg-red-50"
        title="Delete this endpoint?"
        body={<p>No more events are sent to <code className="break-all font-mono">{endpoint.url}</code>, and its delivery log is deleted. The alerts themselves stay listed on each key.</p>}
        confirmLabel="Delete endpoint"
        action={async () => {
          const r = await deleteEndpointAction(slug, { id: endpoint.id });
          if (r.ok) router.push(`/w/${slug}/settings/webhooks`);
          return r;
        }}
      />
      {toggle.error && <span role="status" className="text-xs text-red-700">{toggle.error.message}</span>}
      {editing && <EndpointForm slug={slug} endpoint={endpoint} onClose={() => setEditing(false)} />}
      {secret && <SecretOnce title="New signing secret" secret={secret.value} note={<OverlapNote e={secret.endpoint} />} onClose={() => setSecret(null)} />}
    </div>
  );
}
