'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button, ErrorText } from '@/components/ui';
import { acceptInviteAction } from './actions';

export function AcceptInvite({ token, workspaceName, role }: { token: string; workspaceName: string; role: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">Join {workspaceName}</h1>
      <p className="text-sm text-slate-600">You were invited as <b>{role}</b>.</p>
      <ErrorText>{error}</ErrorText>
      <Button
        className="w-full"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await acceptInviteAction({ token });
            if (r.ok) router.push(`/w/${r.data.workspaceSlug}`);
            else setError(r.error.message);
          })
        }
      >
        {pending ? 'Joining…' : 'Accept invitation'}
      </Button>
    </div>
  );
}
