'use server';
// Settings → General (and the DIEM allocation on Credits): the workspace object. The service validates
// the input (strict: unknown fields → 400 naming the field), refuses a $0 default limit and a $0 budget
// without confirmZeroBudget: true, and audits.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { updateWorkspace } from '@/lib/services/workspace-settings';

export const updateWorkspaceAction = workspaceAction('workspace.settings', z.unknown(), (ctx, input) => updateWorkspace(ctx, input));
