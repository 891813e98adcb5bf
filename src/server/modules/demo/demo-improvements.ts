import type { Work } from '../../platform/db/work.js';
import { createImprovementItem, updateImprovementItem } from '../feedback/improvement-items.store.js';

const DAY_MS = 24 * 3600_000;
const dateIn = (now: number, days: number) => new Date(now + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The demo's improvement items, for themes its complaints and survey comments speak of: one done,
 * one overdue, one in progress and one just opened, owned by the demo's manager and supervisor.
 * Call it after the cases and survey responses, in a unit of work of its own.
 */
export async function writeDemoImprovements(work: Work, now = Date.now()): Promise<void> {
  const staff = await work.tx.selectFrom('users').select(['id', 'role']).where('role', 'in', ['manager', 'supervisor']).orderBy('email').execute();
  const manager = staff.find((user) => user.role === 'manager')?.id ?? null;
  const supervisor = staff.find((user) => user.role === 'supervisor')?.id ?? manager;

  const items = [
    {
      title: 'Agree a delivery-date promise with the carrier',
      theme: 'late delivery',
      description: 'Customers are told a date the carrier does not keep: agree a two-day window and send the tracking link on dispatch.',
      affected: 'Process: delivery',
      ownerId: manager,
      dueDate: dateIn(now, 21),
      status: 'in_progress' as const,
      examples: ['Late delivery again', 'Delivered a week late, nobody told me'],
    },
    {
      title: 'Stronger packaging for glass and small appliances',
      theme: 'damaged item',
      description: 'Double boxing for fragile lines; photos of the packed parcel kept for claims.',
      affected: 'Process: product quality',
      ownerId: supervisor,
      dueDate: dateIn(now, -5),
      status: 'open' as const,
      examples: ['Item damaged in transit', 'The box was crushed and the item damaged'],
    },
    {
      title: 'Refund within 5 working days of the return arriving',
      theme: 'refund',
      description: 'Refunds waited for a weekly batch; they now go out the day the return is checked.',
      affected: 'Process: billing',
      ownerId: manager,
      dueDate: dateIn(now, -30),
      status: 'done' as const,
      examples: ['Still waiting for my refund', 'Refund took three weeks'],
    },
    {
      title: 'Checkout error with saved cards',
      theme: 'checkout error',
      description: null,
      affected: 'Process: website or system',
      ownerId: null,
      dueDate: null,
      status: 'open' as const,
      examples: ['Checkout error when paying by card'],
    },
  ];
  for (const item of items) {
    const created = await createImprovementItem(work, {
      title: item.title,
      theme: item.theme,
      description: item.description,
      affected: item.affected,
      evidence: { mentions: item.examples.length, fromSurveys: 0, fromComplaints: item.examples.length, examples: item.examples },
      estimatedEffect: null,
      ownerId: item.ownerId,
      dueDate: item.dueDate,
      force: false,
    });
    if (item.status !== 'open') await updateImprovementItem(work, created.id, { status: item.status });
  }
}
