import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/index.js';
import { can, PERMISSIONS } from './permissions.js';

describe('permissions', () => {
  it('lets an auditor read but never write', () => {
    for (const permission of PERMISSIONS) {
      const allowed = can('auditor', permission);
      expect(allowed, permission).toBe(permission === 'record:read' || permission === 'audit:read');
    }
  });

  it('keeps agents away from users, teams, keys and imports', () => {
    expect(can('agent', 'record:write')).toBe(true);
    for (const permission of ['user:manage', 'team:manage', 'api-key:manage', 'import:run', 'audit:read'] as const) {
      expect(can('agent', permission), permission).toBe(false);
    }
  });

  it('gives every role at least read access, and only admins API keys', () => {
    for (const role of ROLES) {
      expect(can(role, 'record:read')).toBe(true);
      expect(can(role, 'api-key:manage')).toBe(role === 'admin');
    }
  });
});
