'use server';
// Settings → Members: OWNER only (members.manage), checked by the wrapper and again by the service.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { changeRole, createInvitation, removeMember, revokeInvitation } from '@/lib/services/members';
import { ROLES } from '@/lib/permissions';
import { consoleOrigin } from '../../_lib/origin';

const id = z.string().trim().min(1, 'must not be empty').max(64);
const role = z.enum(ROLES, { error: 'must be OWNER, ADMIN or MEMBER' });

export const createInvitationAction = workspaceAction(
  'members.manage',
  z.strictObject({ role, email: z.union([z.literal(''), z.email('must be an email address').max(200)]).optional() }),
  // the link points at the origin the owner is using (APP_URL when configured), never a hard-coded localhost
  async (ctx, input) => createInvitation(ctx, { role: input.role, email: input.email || null }, { baseUrl: await consoleOrigin() }),
);

export const revokeInvitationAction = workspaceAction('members.manage', z.strictObject({ id }), (ctx, input) => revokeInvitation(ctx, input.id));

export const changeRoleAction = workspaceAction('members.manage', z.strictObject({ membershipId: id, role }), (ctx, input) =>
  changeRole(ctx, input.membershipId, input.role),
);

export const removeMemberAction = workspaceAction('members.manage', z.strictObject({ membershipId: id }), (ctx, input) => removeMember(ctx, input.membershipId));
