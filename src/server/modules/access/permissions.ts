import type { Role } from '../../../shared/index.js';

export const PERMISSIONS = [
  'record:read',
  'record:write',
  'import:run',
  'team:manage',
  'user:manage',
  'api-key:manage',
  'audit:read',
  'policy:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Auditors read everything and write nothing; agents work cases but change no users or settings;
// supervisors and up set the rules agents work by (policies, templates, authority limits).
const GRANTS: Record<Role, readonly Permission[]> = {
  auditor: ['record:read', 'audit:read'],
  agent: ['record:read', 'record:write'],
  supervisor: ['record:read', 'record:write', 'import:run', 'audit:read', 'policy:manage'],
  manager: ['record:read', 'record:write', 'import:run', 'team:manage', 'user:manage', 'audit:read', 'policy:manage'],
  admin: ['record:read', 'record:write', 'import:run', 'team:manage', 'user:manage', 'api-key:manage', 'audit:read', 'policy:manage'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
