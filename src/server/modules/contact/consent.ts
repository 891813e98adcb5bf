import {
  CONTACT_PURPOSES,
  FOLLOW_UP_CHANNELS,
  type ConsentDecision,
  type ConsentEvent,
  type ConsentState,
  type ContactPurpose,
  type FollowUpChannel,
} from '../../../shared/index.js';

/** What holds without any event: service and survey contact until withdrawn, marketing never until given. */
export function allowedByDefault(purpose: ContactPurpose): boolean {
  return purpose !== 'marketing';
}

/** Events in the order they happened; two at the same instant in the order they were recorded (ids sort so). */
function byOccurrence(a: ConsentEvent, b: ConsentEvent): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Consent per channel and purpose from a customer's history: the latest event on the channel or on
 * `any` decides, whichever came later; without one, the purpose's default holds. A purpose is opted
 * out when its latest `any` event is a withdrawal (a later event on one channel may still allow it there).
 */
export function consentStateFrom(events: readonly ConsentEvent[]): ConsentState {
  const ordered = [...events].sort(byOccurrence);
  const latest = new Map<string, ConsentEvent>();
  for (const event of ordered) latest.set(`${event.channel}/${event.purpose}`, event);

  const decisions: ConsentDecision[] = [];
  for (const purpose of CONTACT_PURPOSES) {
    const anyChannel = latest.get(`any/${purpose}`);
    for (const channel of FOLLOW_UP_CHANNELS) {
      const own = latest.get(`${channel}/${purpose}`);
      const decidedBy = own && anyChannel ? (byOccurrence(own, anyChannel) > 0 ? own : anyChannel) : (own ?? anyChannel ?? null);
      decisions.push({ channel, purpose, allowed: decidedBy ? decidedBy.action === 'given' : allowedByDefault(purpose), decidedBy });
    }
  }
  const optOuts = CONTACT_PURPOSES.filter((purpose) => latest.get(`any/${purpose}`)?.action === 'withdrawn');
  return { decisions, optOuts };
}

export function consentDecision(state: ConsentState, channel: FollowUpChannel, purpose: ContactPurpose): ConsentDecision {
  const decision = state.decisions.find((d) => d.channel === channel && d.purpose === purpose);
  // A state built elsewhere may leave a pair out: the purpose's default holds there.
  return decision ?? { channel, purpose, allowed: allowedByDefault(purpose), decidedBy: null };
}
