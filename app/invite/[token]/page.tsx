import { auth } from '@/lib/auth';
import { describeInvitation } from '@/lib/services/members';
import { SignupForm } from '@/app/(auth)/auth-forms';
import { AcceptInvite } from './accept';

export const metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await describeInvitation(token);
  const session = await auth();
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        {!invite ? (
          <div className="rounded-lg bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
            <h1 className="text-lg font-semibold">Invitation not valid</h1>
            <p className="mt-2 text-sm text-slate-600">This link is invalid, expired or already used. Ask a workspace owner for a new one.</p>
          </div>
        ) : session?.user ? (
          <AcceptInvite token={token} workspaceName={invite.workspaceName} role={invite.role} />
        ) : (
          <SignupForm inviteToken={token} invite={invite} />
        )}
      </div>
    </main>
  );
}
