// Sign-up: a new user gets a workspace of their own (OWNER), or joins through an invitation.
// The user and their membership are created in one transaction: a bad invitation creates nothing.
import { db } from '../db';
import { conflict } from '../errors';
import { hashPassword } from '../auth/password';
import { isUniqueViolation } from '../db-errors';
import { createWorkspace } from './workspaces';
import { acceptInvitationTx } from './members';

const emailTaken = () => conflict('email_taken', 'An account with this email already exists. Sign in instead.', 'email');

export async function signUp(input: { email: string; password: string; name?: string | null; workspaceName?: string | null; inviteToken?: string | null }) {
  const email = input.email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email } })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name?.trim() || null, passwordHash } });
      if (input.inviteToken) {
        const { workspaceSlug } = await acceptInvitationTx(tx, user.id, input.inviteToken);
        return { userId: user.id, workspaceSlug };
      }
      const ws = await createWorkspace(tx, input.workspaceName?.trim() || `${email.split('@')[0]}'s workspace`, user.id, email);
      return { userId: user.id, workspaceSlug: ws.slug };
    });
  } catch (e) {
    // Two sign-ups with one email at the same moment: the unique index decides, the loser gets the field error.
    if (isUniqueViolation(e) && (await db.user.findUnique({ where: { email } }))) throw emailTaken();
    throw e;
  }
}
