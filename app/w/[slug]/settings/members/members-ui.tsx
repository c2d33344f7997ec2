'use client';
// Members table (role changes and removal for owners), invite-by-link form, pending invitations.
import { useState } from 'react';
import { ROLES, type Role } from '@/lib/permissions';
import { fmtDate, fmtRelative } from '@/lib/format';
import { Badge, Button, ErrorText, Field, Input, Select } from '@/components/ui';
import { fieldError, useAction } from '../../keys/_components/use-action';
import { SecretReveal } from '../../keys/_components/secret-reveal';
import { ConfirmButton } from '../_components/confirm';
import { changeRoleAction, createInvitationAction, removeMemberAction, revokeInvitationAction } from './actions';

interface Member { id: string; userId: string; email: string; name: string | null; role: Role; joinedAt: string }
interface Invitation { id: string; role: Role; email: string | null; createdAt: string; expiresAt: string }

const ROLE_TONE = { OWNER: 'blue', ADMIN: 'green', MEMBER: 'slate' } as const;
const roleLabel = (r: Role) => r[0] + r.slice(1).toLowerCase();

function RoleSelect({ slug, m }: { slug: string; m: Member }) {
  const { pending, error, run } = useAction();
  return (
    <div>
      <Select
        aria-label={`Role of ${m.email}`}
        data-testid="role-select"
        className="w-32 py-1.5"
        value={m.role}
        disabled={pending}
        onChange={(e) => run(() => changeRoleAction(slug, { membershipId: m.id, role: e.target.value as Role }))}
      >
        {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
      </Select>
      {error && <p role="alert" className="mt-1 max-w-xs text-xs text-red-700" data-kind="error">{error.message}</p>}
    </div>
  );
}

export function MembersTable({ slug, members, canManage, currentUserId, now }: { slug: string; members: Member[]; canManage: boolean; currentUserId: string; now: number }) {
  return (
    <ul className="-my-2 divide-y divide-slate-100" aria-label="Members">
      {members.map((m) => (
        <li key={m.id} data-testid="member-row" data-email={m.email} className="flex flex-wrap items-center gap-3 py-3">
          <span className="flex h-8 w-8 flex-none items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-700" aria-hidden>{(m.name ?? m.email)[0]?.toUpperCase()}</span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900">{m.name ?? m.email}{m.userId === currentUserId && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}</p>
            <p className="truncate text-xs text-slate-500">{m.name ? `${m.email} · ` : ''}<span title={fmtDate(m.joinedAt)}>joined {fmtRelative(m.joinedAt, now)}</span></p>
          </div>
          {canManage ? (
            <div className="flex items-start gap-2">
              <RoleSelect slug={slug} m={m} />
              <ConfirmButton
                label="Remove"
                testId="remove-member"
                title={`Remove ${m.email}?`}
                body={<p>{m.email} loses access to this workspace at once. Their keys keep working until revoked.</p>}
                confirmLabel="Remove member"
                action={() => removeMemberAction(slug, { membershipId: m.id })}
              />
            </div>
          ) : (
            <Badge tone={ROLE_TONE[m.role]} data-testid="member-role">{roleLabel(m.role)}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteForm({ slug }: { slug: string }) {
  const { pending, error, setError, run, formRef } = useAction({ email: 'the email', role: 'the role' });
  const [role, setRole] = useState<Role>('MEMBER');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<{ url: string; role: Role } | null>(null);
  return (
    <form
      ref={formRef}
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setLink(null);
        if (email.trim() && !EMAIL.test(email.trim())) return setError(fieldError('email', 'Enter an email address like name@example.com, or leave it empty for a link anyone can use.'));
        run(() => createInvitationAction(slug, { role, email: email.trim() }), (d) => { setLink({ url: d.url, role: d.role }); setEmail(''); });
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[8rem_1fr]">
        <Field label="Role" error={error?.fields.role}>
          <Select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="invite-role">
            {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
          </Select>
        </Field>
        <Field label="Email (optional)" error={error?.fields.email} hint="Restrict the link to one address.">
          <Input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="Anyone with the link" autoComplete="off" />
        </Field>
      </div>
      <ErrorText>{error && !error.fields.role && !error.fields.email ? error.message : null}</ErrorText>
      <Button type="submit" disabled={pending} data-testid="create-invite">{pending ? 'Creating…' : 'Create invite link'}</Button>
      {link && (
        <div className="space-y-2 pt-2" data-testid="invite-result">
          <p className="text-sm text-slate-700">Send this link to your teammate. It joins them as <b>{roleLabel(link.role)}</b>, works once and expires in 7 days.</p>
          <SecretReveal secret={link.url} variant="link" />
        </div>
      )}
    </form>
  );
}

export function InvitationList({ slug, invitations, now }: { slug: string; invitations: Invitation[]; now: number }) {
  if (invitations.length === 0) return <p className="text-sm text-slate-600">No open invitations.</p>;
  return (
    <ul className="-my-2 divide-y divide-slate-100" aria-label="Pending invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex items-center gap-3 py-2.5 text-sm">
          <Badge tone={ROLE_TONE[i.role]}>{roleLabel(i.role)}</Badge>
          <span className="min-w-0 flex-1 truncate text-slate-700">{i.email ?? 'anyone with the link'}</span>
          <span className="text-xs text-slate-600" title={fmtDate(i.expiresAt)}>expires {fmtRelative(i.expiresAt, now)}</span>
          <ConfirmButton
            label="Revoke"
            title="Revoke this invitation?"
            body={<p>The link stops working at once.</p>}
            confirmLabel="Revoke invitation"
            action={() => revokeInvitationAction(slug, { id: i.id })}
          />
        </li>
      ))}
    </ul>
  );
}
