'use server';
import { z } from 'zod';
import { userAction } from '@/lib/action';
import { acceptInvitation } from '@/lib/services/members';

export const acceptInviteAction = userAction(z.object({ token: z.string().min(1).max(200) }), (userId, { token }) => acceptInvitation(userId, token));
