import { SaveFollowUpRule } from '../../../shared/index.js';
import { insertAudited } from '../../platform/db/audited-writes.js';
import type { SurveyInvitationRow, SurveyResponseRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { newId } from '../../platform/ids.js';
import { sentimentScore } from '../feedback/sentiment.js';
import { createFollowUpRule } from '../follow-ups/follow-up-rules.store.js';
import { DEFAULT_SURVEY_SETTINGS } from '../surveys/survey-settings.store.js';

const DAY_MS = 24 * 60 * 60_000;

/** What customers say, by how it went: scores around a mood, and comments a desk hears every week. */
const MOODS = [
  {
    weight: 5,
    csat: [5, 5, 4],
    nps: [10, 9, 9, 8],
    ces: [7, 6, 6],
    comments: [
      'Friendly staff and a quick answer, thank you.',
      'The agent was very friendly and explained everything clearly.',
      'Replacement arrived the next day. Great service!',
      'Helpful and patient on the phone, problem solved in one call.',
      null,
      null,
    ],
  },
  {
    weight: 3,
    csat: [4, 3],
    nps: [8, 7, 6],
    ces: [5, 4],
    comments: [
      'Sorted in the end, but the refund took too long to reach my account.',
      'Friendly staff, but I had to explain the problem twice.',
      'The delivery was late again, otherwise fine.',
      'Good result, though waiting a week for a reply is too long.',
      null,
    ],
  },
  {
    weight: 2,
    csat: [2, 1],
    nps: [3, 2, 0, 5],
    ces: [2, 1, 3],
    comments: [
      'The replacement kettle arrived with a broken lid as well.',
      'Late delivery, and nobody told me the parcel was delayed.',
      'Refund took three weeks and I had to chase it twice.',
      'The part arrived broken and the courier left it in the rain.',
      'Nobody called me back as promised.',
    ],
  },
] as const;

const FRENCH_COMMENTS = ['Personnel très aimable, merci.', 'Livraison en retard, mais le problème est réglé.', 'Le remboursement a pris trop de temps.'];

/** A small deterministic generator, so the demo is the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The demo's surveys: a survey rule (1 resolved case in 2, a day after), and for about two thirds of
 * the resolved and closed cases an invitation sent a day after the case last changed, most answered
 * with scores and comments (friendly staff, late deliveries, broken parts, slow refunds, so the
 * feedback analysis has themes to find), some left unanswered, open or expired. Call it after the
 * cases, in a unit of work of its own.
 */
export async function writeDemoSurveys(work: Work, seed = 42): Promise<void> {
  await createFollowUpRule(
    work,
    SaveFollowUpRule.parse({ name: 'Survey 1 in 2 resolved cases', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 24 * 60, channel: 'email', conditions: { sampleOneIn: 2 } }),
  );
  const random = generator(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const cases = await work.tx
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['cases.id', 'cases.customer_id', 'cases.transaction_id', 'cases.assignee_id', 'cases.team_id', 'cases.channel', 'cases.kind', 'cases.updated_at', 'customers.language'])
    .where('cases.status', 'in', ['resolved', 'closed'])
    .orderBy('cases.id')
    .execute();
  const now = Date.now();
  const totalWeight = MOODS.reduce((sum, mood) => sum + mood.weight, 0);
  const surveyed = new Set<string>();
  for (const caseRow of cases) {
    // One survey per customer, as the never-twice window would have it.
    if (random() > 0.65 || surveyed.has(caseRow.customer_id)) continue;
    surveyed.add(caseRow.customer_id);
    const sentAt = Math.min(Date.parse(caseRow.updated_at) + DAY_MS, now - 60_000);
    const language = caseRow.language.startsWith('fr') ? 'fr' : 'en';
    const invitation: SurveyInvitationRow = {
      id: newId('svi', sentAt),
      customer_id: caseRow.customer_id,
      case_id: caseRow.id,
      transaction_id: caseRow.transaction_id,
      follow_up_id: null,
      rule_id: null,
      trigger: 'case_resolved',
      questions_json: JSON.stringify(DEFAULT_SURVEY_SETTINGS.questions),
      language,
      agent_id: caseRow.assignee_id,
      team_id: caseRow.team_id,
      case_channel: caseRow.channel,
      case_kind: caseRow.kind,
      expires_at: new Date(sentAt + DEFAULT_SURVEY_SETTINGS.validityDays * DAY_MS).toISOString(),
      created_at: new Date(sentAt).toISOString(),
      answered_at: null,
    };
    const answers = random() < 0.8;
    const submittedAt = sentAt + Math.floor(random() * 3 * DAY_MS) + 3_600_000;
    if (!answers || submittedAt >= now) {
      await insertAudited(work, 'survey_invitations', invitation);
      continue;
    }
    let roll = random() * totalWeight;
    const mood = MOODS.find((candidate) => (roll -= candidate.weight) < 0) ?? MOODS[0];
    const comment = language === 'fr' && random() < 0.5 ? pick(FRENCH_COMMENTS) : pick(mood.comments);
    const submitted = new Date(submittedAt).toISOString();
    await insertAudited(work, 'survey_invitations', { ...invitation, answered_at: submitted });
    const response: SurveyResponseRow = {
      id: newId('svr', submittedAt),
      invitation_id: invitation.id,
      customer_id: invitation.customer_id,
      case_id: invitation.case_id,
      csat: pick(mood.csat),
      // Some customers skip a question.
      nps: random() < 0.9 ? pick(mood.nps) : null,
      ces: random() < 0.85 ? pick(mood.ces) : null,
      comment,
      sentiment: comment === null ? null : sentimentScore(comment, language),
      language,
      agent_id: invitation.agent_id,
      team_id: invitation.team_id,
      case_channel: invitation.case_channel,
      case_kind: invitation.case_kind,
      submitted_at: submitted,
    };
    await insertAudited(work, 'survey_responses', response);
  }
}
