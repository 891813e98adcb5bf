import type { DIRECTIONS, INTERACTION_MARKS } from './enums.js';

type Direction = (typeof DIRECTIONS)[number];
type InteractionMark = (typeof INTERACTION_MARKS)[number];

/**
 * The directions each mark may go with, for the API that refuses any other pairing and the
 * composer that offers only these. Marks record what was said to or by the customer, so an
 * internal note carries none; the customer's confirmation has to come from them, and a failed
 * attempt is one we made.
 */
export const MARK_DIRECTIONS: Record<InteractionMark, readonly Direction[]> = {
  understanding_confirmed: ['inbound', 'outbound'],
  apology: ['inbound', 'outbound'],
  thanks: ['inbound', 'outbound'],
  explanation: ['inbound', 'outbound'],
  resolution_confirmed: ['inbound'],
  failed_attempt: ['outbound'],
};

/** The marks a contact in this direction may carry, in vocabulary order. */
export function marksFor(direction: Direction): InteractionMark[] {
  return (Object.keys(MARK_DIRECTIONS) as InteractionMark[]).filter((mark) => MARK_DIRECTIONS[mark].includes(direction));
}
