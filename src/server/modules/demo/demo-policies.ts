import { CreatePolicy, CreateReplyTemplate, type Channel, type TemplateKind } from '../../../shared/index.js';
import { insertAudited } from '../../platform/db/audited-writes.js';
import type { Work } from '../../platform/db/work.js';
import { newId } from '../../platform/ids.js';
import { unknownVariables } from '../policies/template-render.js';

/**
 * The demo shop's policies and reply templates. Policies are versioned: some changed a few weeks
 * ago, so older cases cite the earlier version, and one has a version that has not taken effect yet.
 * Times are in days relative to now (negative: in the future), like the rest of the demo.
 */

export type PolicyKey = 'refunds' | 'goodwill' | 'faults' | 'delivery' | 'complaints';

const DAY = 24 * 3_600_000;

interface PolicyVersionPlan {
  title: string;
  body: string;
  /** When it takes effect, in days before now; negative for a version still to come. */
  effectiveDaysAgo: number;
  /** When it was written, in days before now: always before it takes effect, never in the future. */
  writtenDaysAgo: number;
  writtenBy: string;
}

/** In the order they were first written; each version's effective date follows the previous one's. */
const POLICIES: Record<PolicyKey, PolicyVersionPlan[]> = {
  refunds: [
    {
      title: 'Refunds and returns',
      writtenDaysAgo: 252,
      effectiveDaysAgo: 245,
      writtenBy: 'Mei Lin',
      body: [
        'Customers may return any product within 30 days of delivery for a full refund, as long as it is unused and complete. Faulty, damaged or wrongly sent goods are refunded whatever their condition.',
        'We send a prepaid return label for every return. The refund goes back to the original payment method within 14 days of the return reaching our warehouse.',
        'Price promise: when we lower the price of a product within 14 days of an order, we refund the difference as a partial refund.',
        'A full refund is the order total. A partial refund is always less than the order total, and refunds on one order never add up to more than the customer paid.',
      ].join('\n\n'),
    },
    {
      title: 'Refunds and returns',
      writtenDaysAgo: 80,
      effectiveDaysAgo: 70,
      writtenBy: 'Mei Lin',
      body: [
        'Customers may return any product within 30 days of delivery for a full refund, as long as it is unused and complete. Faulty, damaged or wrongly sent goods are refunded whatever their condition.',
        'We send a prepaid return label for every return. The refund goes back to the original payment method within 3 working days of the courier scanning the parcel (changed from 14 days after it reaches the warehouse).',
        'Duplicate or incorrect charges are refunded in full as soon as the payment provider confirms them; we never ask the customer to wait for a return.',
        'Price promise: when we lower the price of a product within 14 days of an order, we refund the difference as a partial refund.',
        'A full refund is the order total. A partial refund is always less than the order total, and refunds on one order never add up to more than the customer paid.',
      ].join('\n\n'),
    },
  ],
  goodwill: [
    {
      title: 'Goodwill gestures',
      writtenDaysAgo: 250,
      effectiveDaysAgo: 245,
      writtenBy: 'Mei Lin',
      body: [
        'A goodwill gesture says sorry when we fell short of what we promised: a late or mishandled delivery, a broken promise, a customer who lost time because of us. It is not a substitute for fixing the problem.',
        'Usual amounts, in the currency of the order: a voucher of 10 to 20 for inconvenience, up to 25 for a broken promise, and a small thank-you voucher for feedback that helps us improve. Anything above your authority limit goes to a supervisor or manager for approval in Aftercare.',
        'Vouchers go onto the customer account and are valid for 12 months. Offer money back only when the customer actually lost money.',
      ].join('\n\n'),
    },
    {
      title: 'Goodwill gestures',
      writtenDaysAgo: 4,
      effectiveDaysAgo: -21,
      writtenBy: 'Mei Lin',
      body: [
        'A goodwill gesture says sorry when we fell short of what we promised: a late or mishandled delivery, a broken promise, a customer who lost time because of us. It is not a substitute for fixing the problem.',
        'Usual amounts, in the currency of the order: a voucher of 10 to 20 for inconvenience and up to 30 for a broken promise. Thank-you vouchers for feedback end: thank the customer personally and tell them what we changed.',
        'Vouchers go onto the customer account and are valid for 24 months (was 12). Offer money back only when the customer actually lost money.',
      ].join('\n\n'),
    },
  ],
  faults: [
    {
      title: 'Faulty goods and repairs',
      writtenDaysAgo: 252,
      effectiveDaysAgo: 245,
      writtenBy: 'Piotr Nowak',
      body: [
        'Every product carries a two-year warranty from the day it was delivered.',
        'In the first 30 days a faulty product is replaced or refunded, as the customer prefers. After that we repair it, or replace it when a repair would take more than 10 working days or cost more than half its price. Collection and return delivery are free; coffee machine owners get a loan machine while theirs is away.',
        'Before booking a repair, walk the customer through the fixes in the product guide (resets, descaling, cleaning filters) and explain what to do to keep it from happening again. Known batch faults are replaced without further checks.',
      ].join('\n\n'),
    },
  ],
  delivery: [
    {
      title: 'Late and damaged deliveries',
      writtenDaysAgo: 250,
      effectiveDaysAgo: 245,
      writtenBy: 'Mei Lin',
      body: [
        'When an express delivery arrives late, refund the express delivery fee. When a parcel arrives damaged, replace or refund the item at the customer’s choice.',
        'Claims against the courier are ours to make, never the customer’s.',
      ].join('\n\n'),
    },
    {
      title: 'Delivery problems',
      writtenDaysAgo: 40,
      effectiveDaysAgo: 35,
      writtenBy: 'Mei Lin',
      body: [
        'When an express delivery arrives late, refund the express delivery fee and add a voucher for the day the customer lost. When a parcel arrives damaged, replace or refund the item at the customer’s choice.',
        'When a courier ignores the customer’s delivery instructions (safe place, neighbour, time slot), apologise, add a voucher of up to 20 and file a complaint with the courier.',
        'Claims against the courier are ours to make, never the customer’s. Tell the customer what the courier found, in plain words.',
      ].join('\n\n'),
    },
  ],
  complaints: [
    {
      title: 'Complaint handling',
      writtenDaysAgo: 252,
      effectiveDaysAgo: 245,
      writtenBy: 'Mei Lin',
      body: [
        'Every complaint follows LATER: Listen, Apologise, Thank, Explain, Resolve.',
        'Listen: record the concern in the customer’s own words, restate it in yours and check with the customer that you understood. Apologise for what happened to them, and thank them for telling us. Explain the cause in plain words once you know it. Resolve with an outcome the customer accepts, then check with them that it worked.',
        'Before closing a complaint, record its cause and root-cause category so we can fix the cause, not only the case.',
      ].join('\n\n'),
    },
    {
      title: 'Complaint handling',
      writtenDaysAgo: 110,
      effectiveDaysAgo: 100,
      writtenBy: 'Mei Lin',
      body: [
        'Every complaint follows LATER: Listen, Apologise, Thank, Explain, Resolve.',
        'Listen: record the concern in the customer’s own words, restate it in yours and check with the customer that you understood; log the contact in which they confirmed it. Apologise for what happened to them, and thank them for telling us. Explain the cause in plain words once you know it. Resolve with an outcome the customer accepts, then check with them that it worked.',
        'If the customer cannot be reached to confirm, make three documented attempts over several days before resolving the case as unreachable.',
        'Before closing a complaint, record its cause and root-cause category so we can fix the cause, not only the case.',
      ].join('\n\n'),
    },
  ],
};

/** The version of a policy in effect at `at` (ms), as the policies store would find it. */
export function policyVersionAt(key: PolicyKey, at: number, now: number): number | null {
  let found: number | null = null;
  POLICIES[key].forEach((version, index) => {
    if (now - version.effectiveDaysAgo * DAY <= at) found = index + 1;
  });
  return found;
}

interface TemplatePlan {
  name: string;
  kind: TemplateKind;
  channel: Channel;
  language: string;
  policy: PolicyKey | null;
  writtenDaysAgo: number;
  body: string;
}

const SIGNATURE = '{{agent.name}}\nHearth & Home Customer Care';

export const TEMPLATES: TemplatePlan[] = [
  {
    name: 'Complaint: first reply',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'complaints',
    writtenDaysAgo: 240,
    body: `Hello {{customer.name}},\n\nThank you for telling us about this, and I'm sorry for the trouble it has caused. I'm {{agent.name}}, and I'm looking after your complaint as case {{case.number}}.\n\nBefore anything else I'd like to make sure I have understood exactly what happened and what you would like us to do, so I'll call you within one working day. If there's a better time or number to reach you, just reply to this email.\n\n${SIGNATURE}`,
  },
  {
    name: 'Complaint call: check we understood',
    kind: 'call_script',
    channel: 'phone',
    language: 'en',
    policy: 'complaints',
    writtenDaysAgo: 100,
    body: [
      '1. "Hello {{customer.name}}, this is {{agent.name}} from Hearth & Home, calling about case {{case.number}}. Is now a good time?"',
      '2. Let them tell it again in their own words. Do not interrupt; note the words they use.',
      '3. Restate it: "So, to check I have understood: … Have I got that right?" Record your restatement on the case before the call.',
      '4. If they correct you, change the restatement and read it back again.',
      '5. Say sorry for what happened to them, and thank them for telling us.',
      '6. Tell them what happens next, and by when.',
      '7. Log the call, and tick "understanding confirmed" only if they said yes.',
    ].join('\n'),
  },
  {
    name: 'Follow-up call: did it work?',
    kind: 'call_script',
    channel: 'phone',
    language: 'en',
    policy: 'complaints',
    writtenDaysAgo: 100,
    body: [
      '1. "Hello {{customer.name}}, it\'s {{agent.name}} from Hearth & Home, about case {{case.number}}."',
      '2. Ask whether what we agreed has worked: has the refund arrived, does the replacement work, is anything still wrong?',
      '3. If it has worked: thank them, and record their confirmation in their own words.',
      '4. If it has not: say sorry, find out what is still wrong and reopen the investigation.',
      '5. No answer: leave a short voicemail with the case number, and log the call as a failed attempt. Try again on another day.',
    ].join('\n'),
  },
  {
    name: 'Refund on its way',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'refunds',
    writtenDaysAgo: 230,
    body: `Hello {{customer.name}},\n\nWe have refunded your order {{order.number}} today. Refunds usually reach your card within 3 to 5 working days, depending on your bank.\n\nIf it hasn't arrived by then, reply to this email and mention case {{case.number}}, and we'll chase it for you.\n\n${SIGNATURE}`,
  },
  {
    name: 'Prepaid return label',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'refunds',
    writtenDaysAgo: 230,
    body: `Hello {{customer.name}},\n\nAttached is a prepaid return label for order {{order.number}}. Please pack the item securely (the original box is welcome but not required), stick the label on the parcel and drop it at any parcel shop.\n\nWe'll refund you as soon as the courier scans the parcel, and let you know when we have. Your case number is {{case.number}}.\n\n${SIGNATURE}`,
  },
  {
    name: 'Replacement on its way',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'faults',
    writtenDaysAgo: 225,
    body: `Hello {{customer.name}},\n\nI'm sorry your appliance from order {{order.number}} let you down. A replacement leaves our warehouse today, and the courier will collect the faulty one when they deliver it, so there's nothing for you to pack.\n\nOnce it has arrived, please let us know that everything works, quoting case {{case.number}}.\n\n${SIGNATURE}`,
  },
  {
    name: 'Late delivery: sorry and goodwill',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'delivery',
    writtenDaysAgo: 35,
    body: `Hello {{customer.name}},\n\nI'm sorry your order {{order.number}} arrived later than we promised, and thank you for letting us know. [What the courier told us, in plain words.]\n\nWe have refunded the express delivery fee and added a voucher to your account for the time you lost. We have also raised it with the courier.\n\nYour case number is {{case.number}}, if you need to get back to us.\n\n${SIGNATURE}`,
  },
  {
    name: 'Goodwill voucher added',
    kind: 'reply',
    channel: 'email',
    language: 'en',
    policy: 'goodwill',
    writtenDaysAgo: 200,
    body: `Hello {{customer.name}},\n\nAs a small way of saying sorry, we've added a voucher to your Hearth & Home account. It is taken off your next order automatically and is valid for 12 months.\n\nThank you for your patience with case {{case.number}}.\n\n${SIGNATURE}`,
  },
  {
    name: 'Chat: first reply',
    kind: 'reply',
    channel: 'chat',
    language: 'en',
    policy: null,
    writtenDaysAgo: 180,
    body: "Hi {{customer.name}}, I'm {{agent.name}} from Hearth & Home. Thanks for getting in touch! I've opened case {{case.number}} so nothing gets lost. Is this about order {{order.number}}?",
  },
  {
    name: 'SMS: update on your case',
    kind: 'reply',
    channel: 'sms',
    language: 'en',
    policy: null,
    writtenDaysAgo: 180,
    body: 'Hearth & Home: hello {{customer.name}}, there is an update on case {{case.number}}. Please check your email, or reply to this message. {{agent.name}}',
  },
  {
    name: 'Réclamation : première réponse',
    kind: 'reply',
    channel: 'email',
    language: 'fr',
    policy: 'complaints',
    writtenDaysAgo: 150,
    body: "Bonjour {{customer.name}},\n\nMerci de nous avoir signalé ce problème, et toutes nos excuses pour le désagrément. Je m'appelle {{agent.name}} et je m'occupe de votre réclamation, dossier {{case.number}}.\n\nAvant toute chose, je souhaite m'assurer d'avoir bien compris ce qui s'est passé et ce que vous attendez de nous : je vous appellerai sous un jour ouvré. Si un autre moment ou un autre numéro vous convient mieux, répondez simplement à ce message.\n\nBien cordialement,\n{{agent.name}}\nService client Hearth & Home",
  },
  {
    name: 'Remboursement effectué',
    kind: 'reply',
    channel: 'email',
    language: 'fr',
    policy: 'refunds',
    writtenDaysAgo: 150,
    body: "Bonjour {{customer.name}},\n\nNous avons remboursé votre commande {{order.number}} aujourd'hui. Le montant apparaîtra sur votre compte sous 3 à 5 jours ouvrés, selon votre banque.\n\nS'il n'est pas arrivé d'ici là, répondez à ce message en indiquant le dossier {{case.number}} et nous nous en occuperons.\n\nBien cordialement,\n{{agent.name}}\nService client Hearth & Home",
  },
  {
    name: 'Follow-up: did our fix work?',
    kind: 'confirm_resolution',
    channel: 'email',
    language: 'en',
    policy: 'complaints',
    writtenDaysAgo: 30,
    body: `Hello {{customer.name}},\n\nWe have done what we agreed for case {{case.number}}. Has it put things right? Just reply to this email with a yes, or tell us what is still not right and we will pick it up straight away.\n\n${SIGNATURE}`,
  },
  {
    name: 'Follow-up SMS: happy with how we handled it?',
    kind: 'satisfaction_check',
    channel: 'sms',
    language: 'en',
    policy: null,
    writtenDaysAgo: 30,
    body: 'Hearth & Home: hello {{customer.name}}, case {{case.number}} is resolved. Are you happy with how we handled it, and is there anything else we can do? Just reply.',
  },
  {
    name: 'Suivi : tout est-il réglé ?',
    kind: 'confirm_resolution',
    channel: 'email',
    language: 'fr',
    policy: 'complaints',
    writtenDaysAgo: 30,
    body: `Bonjour {{customer.name}},\n\nNous avons fait ce qui était convenu pour le dossier {{case.number}}. Tout est-il réglé ? Répondez simplement à ce message, ou dites-nous ce qui ne va pas encore.\n\n{{agent.name}}\nHearth & Home Service Client`,
  },
];

/**
 * Writes the policies with their versions and the templates, back-dated to when they were
 * written, through the same validation as API input. Returns each policy's id.
 */
export async function writePolicies(work: Work, now: number): Promise<Record<PolicyKey, string>> {
  const ids = {} as Record<PolicyKey, string>;
  const at = (daysAgo: number) => now - daysAgo * DAY;
  for (const [key, versions] of Object.entries(POLICIES) as [PolicyKey, PolicyVersionPlan[]][]) {
    const first = versions[0]!;
    const last = versions.at(-1)!;
    const id = newId('pol', at(first.writtenDaysAgo));
    ids[key] = id;
    const iso = (daysAgo: number) => new Date(at(daysAgo)).toISOString();
    await insertAudited(work, 'policies', {
      id,
      latest_version: versions.length,
      created_at: iso(first.writtenDaysAgo),
      updated_at: iso(last.writtenDaysAgo),
    });
    for (const [index, version] of versions.entries()) {
      const input = CreatePolicy.parse({ title: version.title, body: version.body, effectiveFrom: iso(version.effectiveDaysAgo) });
      await insertAudited(work, 'policy_versions', {
        id: newId('pov', at(version.writtenDaysAgo)),
        policy_id: id,
        version: index + 1,
        title: input.title,
        body: input.body,
        effective_from: input.effectiveFrom!,
        created_by_name: version.writtenBy,
        created_at: iso(version.writtenDaysAgo),
      });
    }
  }
  for (const template of TEMPLATES) {
    const input = CreateReplyTemplate.parse({ ...template, policyId: undefined });
    const unknown = unknownVariables(input.body);
    if (unknown.length > 0) throw new Error(`demo template "${template.name}" uses unknown variables: ${unknown.join(', ')}`);
    const writtenAt = new Date(at(template.writtenDaysAgo)).toISOString();
    await insertAudited(work, 'reply_templates', {
      id: newId('tpl', at(template.writtenDaysAgo)),
      name: input.name,
      kind: input.kind,
      channel: input.channel,
      language: input.language,
      body: input.body,
      policy_id: template.policy ? ids[template.policy] : null,
      active: 1,
      created_at: writtenAt,
      updated_at: writtenAt,
    });
  }
  return ids;
}
