import { describe, expect, it } from 'vitest';
import { RESOLUTION_TYPES, ROLES, TEMPLATE_KINDS, TEMPLATE_VARIABLES } from '../../../src/shared/index.js';
import { RESOLUTION_TYPE_LABELS, ROLE_LABELS, TEMPLATE_KIND_LABELS, TEMPLATE_VARIABLE_HELP } from './rule-labels.js';

describe('rule label records', () => {
  it('list their vocabulary in its own order, the order a select offers it in', () => {
    expect(Object.keys(RESOLUTION_TYPE_LABELS)).toEqual(RESOLUTION_TYPES);
    expect(Object.keys(ROLE_LABELS)).toEqual(ROLES);
    expect(Object.keys(TEMPLATE_KIND_LABELS)).toEqual(TEMPLATE_KINDS);
    expect(Object.keys(TEMPLATE_VARIABLE_HELP)).toEqual(TEMPLATE_VARIABLES);
  });
});
