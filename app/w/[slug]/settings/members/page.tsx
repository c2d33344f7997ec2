import { pageCtx } from '@/lib/page-ctx';
import { listInvitations, listMembers } from '@/lib/services/members';
import { Card } from '@/components/ui';
import { InviteForm, InvitationList, MembersTable } from './members-ui';

export const metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const canManage = p.can('members.manage');
  const [members, invitations] = await Promise.all([listMembers(p.ctx), canManage ? listInvitations(p.ctx) : Promise.resolve([])]);
  // One server timestamp so relative times render the same on server and client
  const now = Date.now();
  return (
    <div className="space-y-6">
      <Card title={`Members (${members.length})`} actions={!canManage && <span className="text-xs text-slate-500">Only owners can change members and roles.</span>}>
        <MembersTable slug={slug} members={members} canManage={canManage} currentUserId={p.user.id} now={now} />
      </Card>
      {canManage && (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card title="Invite by link">
            <InviteForm slug={slug} />
          </Card>
          <Card title={`Pending invitations (${invitations.length})`}>
            <InvitationList slug={slug} invitations={invitations} now={now} />
          </Card>
        </div>
      )}
      <Card title="Roles">
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
          <div><dt className="font-medium text-slate-900">Owner</dt><dd className="text-slate-600">Everything, plus members, roles, credit top-ups, the DIEM daily allocation and deleting the workspace.</dd></div>
          <div><dt className="font-medium text-slate-900">Admin</dt><dd className="text-slate-600">Create, edit and revoke keys and their limits; budget, default limit, prices and webhooks.</dd></div>
          <div><dt className="font-medium text-slate-900">Member</dt><dd className="text-slate-600">Read-only: dashboards, usage, keys and settings.</dd></div>
        </dl>
      </Card>
    </div>
  );
}
