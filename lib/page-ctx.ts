// For server pages under /w/[slug]: the signed-in user's context in that workspace (cached per request).
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { auth } from './auth';
import { db } from './db';
import type { Ctx } from './context';
import { can, type Permission, type Role } from './permissions';
import { isAppError } from './errors';
import { listUserWorkspaces, membershipBySlug } from './services/workspaces';

export const pageCtx = cache(async (slug: string) => {
  const session = await auth();
  const userId = session?.user?.id as string | undefined;
  if (!userId) redirect(`/login?next=/w/${encodeURIComponent(slug)}`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
  if (!user) redirect('/login');
  let m;
  try {
    m = await membershipBySlug(userId, slug);
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  }
  const ctx: Ctx = { workspaceId: m.workspace.id, workspaceSlug: m.workspace.slug, actor: { kind: 'user', userId, role: m.role, label: user.email } };
  return {
    ctx,
    role: m.role as Role,
    workspace: m.workspace,
    user,
    can: (p: Permission) => can(m.role, p),
    workspaces: await listUserWorkspaces(userId),
  };
});
