import { RecordConsentEvent, SaveContactPreferences } from '../../../shared/index.js';
import type { Work } from '../../platform/db/work.js';
import { recordConsentEvent, saveContactPreferences } from '../contact/contact.store.js';

/** A demo customer once written: its id, and the details that decide which channels reach it. */
export interface DemoContactCustomer {
  id?: string;
  email?: string | null;
  phone?: string | null;
}

const DAY = 24 * 3_600_000;

const MARKETING_SOURCES = ['Newsletter box ticked at checkout', 'Signed up for offers in store', 'Asked for offers by email'];
const SURVEY_OPT_OUT_SOURCES = ['Replied STOP to a survey text', 'Asked on the phone not to be surveyed'];

/**
 * Contact preferences and consent for a share of the demo's customers, so the profile and the
 * follow-ups show more than the defaults: about a third have preferences of their own (SMS or a
 * call preferred, other quiet hours, a tighter contact limit), about a quarter gave marketing
 * consent (a few withdrew it since), and a few opted out of surveys. `next` is the demo's seeded
 * random source, so the same seed gives the same desk. Written through the same validation and
 * store as the API.
 */
export async function writeDemoContact(work: Work, customers: readonly DemoContactCustomer[], next: () => number, now: number): Promise<void> {
  const chance = (probability: number) => next() < probability;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(items.length * next())]!;
  const daysAgo = (min: number, max: number) => new Date(now - (min + (max - min) * next()) * DAY).toISOString();

  for (const customer of customers) {
    if (!customer.id) throw new Error('demo contact preferences need the customers written first');
    const hasPhone = !!customer.phone;
    const hasEmail = !!customer.email;

    if (chance(0.35)) {
      const preferredChannel = hasPhone && chance(0.6) ? pick(['sms', 'phone'] as const) : hasEmail ? 'email' : undefined;
      const input = SaveContactPreferences.parse({
        preferredChannel,
        // Some want nothing but their preferred channel.
        allowedChannels: preferredChannel && chance(0.3) ? [preferredChannel] : undefined,
        quietHours: chance(0.5) ? pick([{ start: '22:00', end: '07:00' }, { start: '20:00', end: '09:00' }, { start: '12:00', end: '14:00' }]) : undefined,
        cap: chance(0.3) ? pick([{ count: 2, days: 7 }, { count: 1, days: 14 }, { count: 5, days: 30 }]) : undefined,
      });
      await saveContactPreferences(work, customer.id, input);
    }

    if (chance(0.25)) {
      const channel = hasEmail && chance(0.7) ? 'email' : 'any';
      const givenAt = daysAgo(60, 400);
      await recordConsentEvent(work, customer.id, RecordConsentEvent.parse({ channel, purpose: 'marketing', action: 'given', source: pick(MARKETING_SOURCES), occurredAt: givenAt }));
      if (chance(0.15)) {
        await recordConsentEvent(
          work,
          customer.id,
          RecordConsentEvent.parse({ channel, purpose: 'marketing', action: 'withdrawn', source: 'Unsubscribe link in an offer email', occurredAt: daysAgo(1, 59) }),
        );
      }
    }

    if (chance(0.05)) {
      await recordConsentEvent(work, customer.id, RecordConsentEvent.parse({ channel: 'any', purpose: 'survey', action: 'withdrawn', source: pick(SURVEY_OPT_OUT_SOURCES), occurredAt: daysAgo(1, 120) }));
    }
  }
}
