// Role -> permission map (product.md "Permissions"). Checked on the server in every action,
// route and service that changes or reads workspace data.
export type Role = 'OWNER' | 'ADMIN' | 'MEMBER';
export const ROLES: Role[] = ['OWNER', 'ADMIN', 'MEMBER'];

export const PERMISSIONS = {
  'workspace.view': ['OWNER', 'ADMIN', 'MEMBER'],
  'keys.manage': ['OWNER', 'ADMIN'],
  'workspace.settings': ['OWNER', 'ADMIN'],
  'webhooks.manage': ['OWNER', 'ADMIN'],
  'prices.manage': ['OWNER', 'ADMIN'],
  'members.manage': ['OWNER'],
  /** credit top-ups and the DIEM daily allocation (credit the workspace gets every day) */
  'credits.manage': ['OWNER'],
  'workspace.delete': ['OWNER'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
