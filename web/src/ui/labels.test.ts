import { describe, expect, it } from 'vitest';
import {
  CASE_KINDS,
  CASE_STATUSES,
  CHANNELS,
  CUSTOMER_TIERS,
  DIRECTIONS,
  PRIORITIES,
  TRANSACTION_STATUSES,
} from '../../../src/shared/enums.js';
import {
  CHANNEL_LABELS,
  DIRECTION_LABELS,
  KIND_LABELS,
  ORDER_STATUS_LABELS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TIER_LABELS,
} from './labels.js';

describe('label records', () => {
  it('list their vocabulary in its own order, the order a select offers it in', () => {
    expect(Object.keys(STATUS_LABELS)).toEqual(CASE_STATUSES);
    expect(Object.keys(KIND_LABELS)).toEqual(CASE_KINDS);
    expect(Object.keys(PRIORITY_LABELS)).toEqual(PRIORITIES);
    expect(Object.keys(CHANNEL_LABELS)).toEqual(CHANNELS);
    expect(Object.keys(DIRECTION_LABELS)).toEqual(DIRECTIONS);
    expect(Object.keys(TIER_LABELS)).toEqual(CUSTOMER_TIERS);
    expect(Object.keys(ORDER_STATUS_LABELS)).toEqual(TRANSACTION_STATUSES);
  });
});
