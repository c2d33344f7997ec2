'use client';
// Add / edit a webhook endpoint: URL, description, subscribed events.
import { useState } from 'react';
import { ALERT_EVENT_TYPES, EVENT_DESCRIPTIONS, type AlertEventType } from '@/lib/webhooks/events';
import type { EndpointObject } from '@/lib/webhooks/service';
import { Button, ErrorText, Field, Input, Modal } from '@/components/ui';
import { formLevelMessage, useAction } from '../../../keys/_components/use-action';
import { createEndpointAction, updateEndpointAction } from '../actions';

export function EndpointForm({ slug, endpoint, onClose, onCreated }: {
  slug: string;
  endpoint: EndpointObject | null;
  onClose: () => void;
  onCreated?: (secret: string, id: string) => void;
}) {
  const { pending, error, setError, run, formRef } = useAction({ url: 'the URL', events: 'the events', description: 'the description' });
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<AlertEventType[]>(endpoint?.events ?? [...ALERT_EVENT_TYPES]);
  const f = error?.fields ?? {};
  const eventsError = Object.entries(f).find(([k]) => k === 'events' || k.startsWith('events.'))?.[1];
  const toggle = (e: AlertEventType) => setEvents((cur) => (cur.includes(e) ? cur.filter((x) => x !== e) : ALERT_EVENT_TYPES.filter((x) => x === e || cur.includes(x))));
  return (
    <Modal title={endpoint ? 'Edit webhook endpoint' : 'Add webhook endpoint'} onClose={onClose} wide>
      <form
        ref={formRef}
        className="space-y-4"
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          const fields: Record<string, string> = {};
          if (!url.trim()) fields.url = 'Enter the URL that should receive the events, e.g. https://example.com/webhooks/keycap.';
          if (events.length === 0) fields.events = 'Pick at least one event.';
          if (Object.keys(fields).length) return setError({ code: 'invalid_request', message: 'Check the highlighted fields.', param: Object.keys(fields)[0], fields });
          const body = { url: url.trim(), description: description.trim() || null, events };
          if (endpoint) run(() => updateEndpointAction(slug, { id: endpoint.id, ...body }), onClose);
          else run(() => createEndpointAction(slug, body), (d) => onCreated?.(d.secret, d.endpoint.id));
        }}
      >
        <Field label="Endpoint URL" error={f.url} hint="An https:// URL on the public internet that answers 2xx within 5 seconds. Redirects are not followed.">
          <Input name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)}  className="font-mono" />
        </Field>
        <Field label="Description (optional)" error={f.description}>
          <Input name="description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="e.g. Pager alerts" maxLength={200} />
        </Field>
        <fieldset aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <div className="mt-2 space-y-2">
            {ALERT_EVENT_TYPES.map((e, i) => (
              <label key={e} className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300" checked={events.includes(e)} onChange={() => toggle(e)} aria-invalid={eventsError && i === 0 ? true : undefined} />
                <span>
                  <code className="font-mono text-slate-900">{e}</code>
                  <span className="block text-xs text-slate-500">{EVENT_DESCRIPTIONS[e]}</span>
                </span>
              </label>
            ))}
          </div>
          {eventsError && <p id="webhook-events-error" className="mt-1 text-sm text-red-700" data-field-error>{eventsError}</p>}
        </fieldset>
        <ErrorText>{formLevelMessage(error, ['url', 'description', 'events', ...Object.keys(f).filter((k) => k.startsWith('events.'))])}</ErrorText>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? 'Saving…' : endpoint ? 'Save endpoint' : 'Add endpoint'}</Button>
        </div>
      </form>
    </Modal>
  );
}
