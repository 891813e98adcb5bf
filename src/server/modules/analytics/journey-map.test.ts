import { describe, expect, it } from 'vitest';
import { journeyTally, stageBefore, stageTimes, type JourneyFacts } from './journey-map.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const day = (n: number) => T0 + n * DAY;

const journey = (fields: Partial<JourneyFacts> = {}): JourneyFacts => ({
  purchasedAtMs: T0,
  deliveredAtMs: null,
  nextPurchaseAtMs: null,
  cases: [],
  followUpsDoneAtMs: [],
  answers: [],
  ...fields,
});

/** Four customers, worked by hand in the expectations below. */
const FOUR = [
  // A: delivered, complained about the delivery, resolved, followed up, scored low, bought again.
  journey({
    deliveredAtMs: day(2),
    cases: [{ kind: 'complaint', openedAtMs: day(3), rootCause: 'delivery', resolvedAtMs: day(5) }],
    followUpsDoneAtMs: [day(6)],
    answers: [{ submittedAtMs: day(7), csat: 1, nps: 3, kind: 'complaint', rootCause: 'delivery' }],
    nextPurchaseAtMs: day(40),
  }),
  // B: delivered, nothing else.
  journey({ deliveredAtMs: day(1) }),
  // C: not delivered, complained about the product, not resolved.
  journey({ cases: [{ kind: 'complaint', openedAtMs: day(1), rootCause: 'product_quality', resolvedAtMs: null }] }),
  // D: delivered, asked a question, resolved, scored high without a follow-up, bought again.
  journey({
    deliveredAtMs: day(2),
    cases: [{ kind: 'query', openedAtMs: day(4), rootCause: null, resolvedAtMs: day(4.5) }],
    answers: [{ submittedAtMs: day(5), csat: 5, nps: 10, kind: 'query', rootCause: null }],
    nextPurchaseAtMs: day(10),
  }),
];

describe('stageTimes and stageBefore', () => {
  it('reads the earliest time of each stage and places an event after the last stage reached before it', () => {
    const times = stageTimes(FOUR[0]!);
    expect(times).toEqual({
      purchase: T0,
      delivery: day(2),
      first_contact: day(3),
      complaint: day(3),
      resolution: day(5),
      follow_up: day(6),
      survey: day(7),
      next_purchase: day(40),
    });
    // The complaint that was also the first contact: placed after the delivery, not after itself.
    expect(stageBefore(times, day(3))).toBe('delivery');
    expect(stageBefore(times, day(7))).toBe('follow_up');
    expect(stageBefore(times, T0)).toBe('purchase');
  });
});

describe('journeyTally', () => {
  it('counts the customers at each stage, those who came from the previous one, and the drop-off', () => {
    const tally = journeyTally();
    for (const facts of FOUR) tally.add(facts);
    const { stages } = tally.result();
    expect(stages.map((s) => [s.stage, s.customers, s.fromPrevious, s.dropOff])).toEqual([
      ['purchase', 4, 4, 0],
      ['delivery', 3, 3, 1],
      ['first_contact', 3, 2, 1],
      ['complaint', 2, 2, 1],
      ['resolution', 2, 1, 1],
      ['follow_up', 1, 1, 1],
      ['survey', 2, 1, 0],
      ['next_purchase', 2, 2, 0],
    ]);
    expect(stages.map((s) => s.dropOffRate)).toEqual([null, 0.25, 1 / 3, 1 / 3, 0.5, 0.5, 0, 0]);
  });

  it('places complaints and low scores at their stage with the kind and root cause, most first', () => {
    const tally = journeyTally();
    for (const facts of FOUR) tally.add(facts);
    expect(tally.result().clusters).toEqual([
      { stage: 'follow_up', kind: 'complaint', rootCause: 'delivery', complaints: 0, lowCsat: 1, lowNps: 1 },
      { stage: 'purchase', kind: 'complaint', rootCause: 'product_quality', complaints: 1, lowCsat: 0, lowNps: 0 },
      { stage: 'delivery', kind: 'complaint', rootCause: 'delivery', complaints: 1, lowCsat: 0, lowNps: 0 },
    ]);
  });

  it('counts a CSAT of 3 and an NPS of 7 as not low, and an answer about no case under no kind', () => {
    const tally = journeyTally();
    tally.add(
      journey({
        deliveredAtMs: day(1),
        answers: [
          { submittedAtMs: day(2), csat: 3, nps: 7, kind: null, rootCause: null },
          { submittedAtMs: day(3), csat: null, nps: 6, kind: null, rootCause: null },
        ],
      }),
    );
    expect(tally.result().clusters).toEqual([{ stage: 'survey', kind: null, rootCause: null, complaints: 0, lowCsat: 0, lowNps: 1 }]);
  });

  it('has every stage at zero and no drop-off rate when nobody bought', () => {
    const { stages, clusters } = journeyTally().result();
    expect(stages).toHaveLength(8);
    for (const stage of stages) expect(stage).toMatchObject({ customers: 0, fromPrevious: 0, dropOff: 0, dropOffRate: null });
    expect(clusters).toEqual([]);
  });
});
