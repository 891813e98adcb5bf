import type { Role } from '../../../src/shared/index.js';
import { useWorkspace } from './workspace-context.js';

// The server decides (permission 'policy:manage'); the UI only hides controls that would be refused.
const RULE_SETTERS: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** Whether a role sets the rules agents work by: policies, templates, authority limits, procedure settings. */
export function managesRules(role: Role): boolean {
  return RULE_SETTERS.includes(role);
}

export function useManagesRules(): boolean {
  return managesRules(useWorkspace().session.user.role);
}
