import type { Role } from '../../../src/shared/index.js';
import { useWorkspace } from './workspace-context.js';

// The server decides (permissions 'record:write' and 'policy:manage'); the UI only hides controls that would be refused.
const RECORD_WRITERS: readonly Role[] = ['agent', 'supervisor', 'manager', 'admin'];
const RULE_SETTERS: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** Whether a role works cases and customers: everyone but an auditor, who reads and never writes. */
export function writesRecords(role: Role): boolean {
  return RECORD_WRITERS.includes(role);
}

export function useWritesRecords(): boolean {
  return writesRecords(useWorkspace().session.user.role);
}

/** Whether a role sets the rules agents work by: policies, templates, authority limits, procedure settings. */
export function managesRules(role: Role): boolean {
  return RULE_SETTERS.includes(role);
}

export function useManagesRules(): boolean {
  return managesRules(useWorkspace().session.user.role);
}
