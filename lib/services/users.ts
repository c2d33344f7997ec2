// Sign-up: a new user gets a workspace of their own (OWNER), or joins through an invitation.
import { db } from '../db';
import { conflict } from '../errors';
import { hashPassword } from '../auth/password';
import { createWorkspace } from './workspaces';
import { acceptInvitation } from './members';

export async function signUp(input: { email: string; password: string; name?: string | null; workspaceName?: string | null; inviteToken?: string | null }) {
  const email = input.email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email } })) throw conflict('email_taken', 'An account with this email already exists. Sign in instead.', 'email');
  const passwordHash = await hashPassword(input.password);
  const user = await db.user.create({ data: { email, name: input.name?.trim() || null, passwordHash } });
  if (input.inviteToken) {
    const { workspaceSlug } = await acceptInvitation(user.id, input.inviteToken);
    return { userId: user.id, workspaceSlug };
  }
  const ws = await db.$transaction((tx) => createWorkspace(tx, input.workspaceName?.trim() || `${email.split('@')[0]}'s workspace`, user.id, email));
  return { userId: user.id, workspaceSlug: ws.slug };
}
