import type { Transaction } from '../../../src/shared/index.js';
import { formatDate, formatMoney } from '../ui/format.js';

/** The customer's orders as choices for a case's purchase, told apart by reference, date and total. */
export function PurchaseOptions({ orders }: { orders: readonly Transaction[] }) {
  return orders.map((order) => (
    <option key={order.id} value={order.id}>
      {order.externalId} · {formatDate(order.purchasedAt)} · {formatMoney(order.totalMinor, order.currency)}
    </option>
  ));
}
