import type { Case, CaseStatus, Customer, Transaction } from '../../../src/shared/index.js';
import { ORDER_STATUS_LABELS, PRIORITY_LABELS, STATUS_LABELS, TIER_LABELS, labelFor } from './labels.js';

export function StatusBadge({ status }: { status: CaseStatus }) {
  return <span className={`badge status-${status}`}>{labelFor(STATUS_LABELS, status)}</span>;
}

export function PriorityBadge({ priority }: { priority: Case['priority'] }) {
  return <span className={`badge priority-${priority}`}>{labelFor(PRIORITY_LABELS, priority)}</span>;
}

export function TierBadge({ tier }: { tier: Customer['tier'] }) {
  return <span className={`badge tier-${tier}`}>{labelFor(TIER_LABELS, tier)}</span>;
}

export function OrderStatusBadge({ status }: { status: Transaction['status'] }) {
  return <span className={`badge order-${status}`}>{labelFor(ORDER_STATUS_LABELS, status)}</span>;
}
