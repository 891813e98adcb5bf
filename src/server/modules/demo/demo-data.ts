import {
  CASE_KINDS,
  CASE_STATUSES,
  CreateCustomer,
  CreateTransaction,
  nextCaseStatus,
  SetAuthorityLimit,
  type CaseEvent,
  type CaseKind,
  type CaseStatus,
  type Channel,
  type Direction,
  type InteractionMark,
  type LineItem,
  type ResolutionStatus,
  type ResolutionType,
  type Role,
  type RootCause,
  type TransactionStatus,
} from '../../../shared/index.js';
import { hashPassword } from '../access/secrets.js';
import { createTeam } from '../access/teams.store.js';
import { reserveCaseNumbers } from '../cases/cases.store.js';
import { createCustomer } from '../customers/customers.store.js';
import { authorityCovers, type Authority, type LimitRule } from '../resolutions/authority.js';
import { limitRules, setAuthorityLimit } from '../resolutions/authority-limits.store.js';
import { addBusinessMinutes, type CompiledCalendar } from '../sla/business-time.js';
import { createTransaction } from '../transactions/transactions.store.js';
import { insertAudited } from '../../platform/db/audited-writes.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import type { CaseRow, InteractionRow, ResolutionRow, UserRow } from '../../platform/db/schema.js';
import { inTransaction, SYSTEM_ACTOR, type Actor, type Work } from '../../platform/db/work.js';
import { writeDemoContact } from './demo-contact.js';
import { writeDemoFollowUps } from './demo-follow-ups.js';
import { writeDemoSurveys } from './demo-surveys.js';
import { writeDemoImprovements } from './demo-improvements.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { policyVersionAt, writePolicies, type PolicyKey } from './demo-policies.js';
import { businessTimeBefore, deskTime, deskTimeBefore, plannedSlaPolicy, writeSlaRules } from './demo-sla.js';
// Registers the hook that keeps the KPI facts before each unit of work commits: the dashboard counts
// the demo's history as it is written, even in a process that never loads the API's routes.
import '../analytics/kpi-facts.store.js';

/**
 * Demo data: a home-appliance web shop's after-sales desk, a few months into using Aftercare.
 *
 * Everything is planned in memory first, from a seeded PRNG and relative to now, so the same seed
 * gives the same desk on any day, only with the dates moved. Then it is written through the
 * audited store functions, so the audit chain covers the demo like any other data. Cases and
 * interactions go in through `insertAudited` directly: their statuses and past times are history
 * that no lifecycle call could produce today.
 *
 * The SLA calendars and policies are written before the cases, so each case's clocks are derived
 * from its history as it is written, like any other case's. Staff work the desk's opening hours,
 * faster on cases whose SLA is tighter; a few cases are placed in business time (nearly due, well
 * overdue, answered late), so the at-risk queue has something to show on any day.
 *
 * Settled cases went as a good desk's do: nearly a third settled by the reply to the customer's
 * first message, a few reopened when the customer wrote back, the rest through the usual steps;
 * so first contact resolution and the reopen rate read as they would at such a desk.
 */

export const DEMO_PASSWORD = 'aftercare-demo';
const DEMO_ACTOR: Actor = { type: 'system', id: null, name: 'Demo data' };
const SHOP = 'Hearth & Home';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOptions {
  seed?: number;
  customers?: number;
}

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
}

// ---------------------------------------------------------------------------------------------
// Randomness

interface Random {
  next(): number;
  between(min: number, max: number): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  weightedItem<T>(items: readonly T[], weightOf: (item: T) => number): T;
  shuffled<T>(items: readonly T[]): T[];
}

/** mulberry32: four lines, fast, and good enough to make demo data repeatable; never for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(items.length * next())]!,
    weighted: (weights) => random.weightedItem(Object.entries(weights) as [keyof typeof weights & string, number][], ([, weight]) => weight)[0],
    weightedItem: (items, weightOf) => {
      let ticket = next() * items.reduce((sum, item) => sum + weightOf(item), 0);
      for (const item of items) {
        ticket -= weightOf(item);
        if (ticket < 0) return item;
      }
      return items.at(-1)!;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor((i + 1) * next());
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
  return random;
}

// ---------------------------------------------------------------------------------------------
// The desk: departments and staff

type TeamKey = 'care' | 'returns' | 'billing' | 'logistics';

const TEAMS: Record<TeamKey, { name: string; description: string }> = {
  care: { name: 'Customer Care', description: 'First line for questions, complaints and follow-up calls' },
  returns: { name: 'Returns & Repairs', description: 'Returns, warranty repairs and replacements' },
  billing: { name: 'Billing', description: 'Payments, refunds and invoices' },
  logistics: { name: 'Logistics', description: 'Deliveries, couriers and packaging' },
};

interface StaffMember {
  email: string;
  name: string;
  role: Role;
  team: TeamKey | null;
  /** How much of the team's case load lands on this person. */
  caseShare: number;
}

// The demo agent gets the biggest share so their "my cases" view is full on first sign-in.
const STAFF: StaffMember[] = [
  { email: 'agent@demo.aftercare.local', name: 'Ana Ferreira', role: 'agent', team: 'care', caseShare: 4 },
  { email: 'supervisor@demo.aftercare.local', name: 'Samuel Okafor', role: 'supervisor', team: 'care', caseShare: 1 },
  { email: 'manager@demo.aftercare.local', name: 'Mei Lin', role: 'manager', team: null, caseShare: 0 },
  { email: 'admin@demo.aftercare.local', name: 'Piotr Nowak', role: 'admin', team: null, caseShare: 0 },
  { email: 'auditor@demo.aftercare.local', name: 'Ingrid Dahl', role: 'auditor', team: null, caseShare: 0 },
  { email: 'fatima.khan@demo.aftercare.local', name: 'Fatima Khan', role: 'agent', team: 'returns', caseShare: 1 },
  { email: 'jonas.weber@demo.aftercare.local', name: 'Jonas Weber', role: 'agent', team: 'returns', caseShare: 1 },
  { email: 'lucas.martin@demo.aftercare.local', name: 'Lucas Martin', role: 'agent', team: 'billing', caseShare: 1 },
  { email: 'chloe.evans@demo.aftercare.local', name: 'Chloé Evans', role: 'agent', team: 'logistics', caseShare: 1 },
];

function staffWithRole(role: Role): StaffMember {
  return STAFF.find((member) => member.role === role)!;
}

function caseWorkersOf(team: TeamKey): StaffMember[] {
  return STAFF.filter((member) => member.team === team && member.caseShare > 0);
}

function firstName(fullName: string): string {
  return fullName.split(' ')[0]!;
}

// ---------------------------------------------------------------------------------------------
// Customers

type Currency = 'EUR' | 'GBP';

interface Locale {
  timezone: string;
  language: string;
  currency: Currency;
  share: number;
  phone(random: Random): string;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

// Phone numbers come from ranges reserved for fiction where the country has one (UK 07700 900xxx,
// France 06 39 98, US 555-01xx), and emails use the reserved example.* domains, so a demo desk
// wired to a real mail or SMS provider can never reach a real person.
const LOCALES: Locale[] = [
  {
    timezone: 'Europe/London',
    language: 'en-GB',
    currency: 'GBP',
    share: 30,
    phone: (r) => `+44 7700 900${r.int(100, 999)}`,
    firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Sophie', 'Jack', 'Grace', 'Priya', 'Mohammed', 'Eleanor', 'Callum'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Patel', 'Hughes', 'Walker', 'Clarke', 'Ahmed', "O'Neill", 'Robinson'],
  },
  {
    timezone: 'Europe/Dublin',
    language: 'en-IE',
    currency: 'EUR',
    share: 6,
    phone: (r) => `+353 85 ${r.int(100, 999)} ${r.int(1000, 9999)}`,
    firstNames: ['Aoife', 'Cian', 'Niamh', 'Seán', 'Róisín', 'Darragh', 'Siobhán', 'Conor'],
    lastNames: ['Murphy', 'Kelly', 'Byrne', 'Ryan', "O'Sullivan", 'Walsh', 'Doyle', 'McCarthy'],
  },
  {
    timezone: 'Europe/Paris',
    language: 'fr-FR',
    currency: 'EUR',
    share: 14,
    phone: (r) => `+33 6 39 98 ${r.int(10, 99)} ${r.int(10, 99)}`,
    firstNames: ['Camille', 'Lucas', 'Léa', 'Hugo', 'Manon', 'Théo', 'Chloé', 'Antoine', 'Inès', 'Julien'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Rousseau', 'Fontaine', 'Mercier'],
  },
  {
    timezone: 'Europe/Berlin',
    language: 'de-DE',
    currency: 'EUR',
    share: 16,
    phone: (r) => `+49 151 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
    firstNames: ['Lukas', 'Anna', 'Felix', 'Lena', 'Maximilian', 'Sophie', 'Jonas', 'Hannah', 'Tobias', 'Katharina'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Wagner'],
  },
  {
    timezone: 'Europe/Amsterdam',
    language: 'nl-NL',
    currency: 'EUR',
    share: 8,
    phone: (r) => `+31 6 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
    firstNames: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Sanne', 'Bram', 'Fleur'],
    lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer'],
  },
  {
    timezone: 'Europe/Madrid',
    language: 'es-ES',
    currency: 'EUR',
    share: 8,
    phone: (r) => `+34 6${r.int(10, 99)} ${r.int(100, 999)} ${r.int(100, 999)}`,
    firstNames: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Sofía', 'Álvaro', 'Carmen', 'Javier'],
    lastNames: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Núñez'],
  },
  {
    timezone: 'Europe/Rome',
    language: 'it-IT',
    currency: 'EUR',
    share: 8,
    phone: (r) => `+39 3${r.int(10, 99)} ${r.int(100, 999)} ${r.int(1000, 9999)}`,
    firstNames: ['Giulia', 'Francesco', 'Chiara', 'Alessandro', 'Martina', 'Lorenzo', 'Elena', 'Matteo'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
  },
  {
    timezone: 'Europe/Lisbon',
    language: 'pt-PT',
    currency: 'EUR',
    share: 4,
    phone: (r) => `+351 91 ${r.int(100, 999)} ${r.int(1000, 9999)}`,
    firstNames: ['Beatriz', 'João', 'Mariana', 'Tiago', 'Inês', 'Rodrigo'],
    lastNames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa'],
  },
  {
    timezone: 'America/New_York',
    language: 'en-US',
    currency: 'EUR',
    share: 6,
    phone: (r) => `+1 212 555 01${r.int(10, 99)}`,
    firstNames: ['Emily', 'Michael', 'Madison', 'Ethan', 'Olivia', 'Daniel', 'Ava', 'Tyler'],
    lastNames: ['Johnson', 'Williams', 'Miller', 'Davis', 'Garcia', 'Anderson', 'Thompson', 'Lee'],
  },
];

interface CustomerPlan {
  name: string;
  email: string;
  phone: string | undefined;
  timezone: string;
  language: string;
  tier: 'standard' | 'silver' | 'gold' | 'platinum';
  externalRef: string;
  currency: Currency;
  id?: string;
}

/** ASCII for email local parts: "Lefèvre" → "lefevre", "O'Neill" → "oneill". */
function mailbox(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function planCustomers(random: Random, count: number): CustomerPlan[] {
  const takenEmails = new Set<string>();
  const customers: CustomerPlan[] = [];
  for (let i = 1; i <= count; i++) {
    const locale = random.weightedItem(LOCALES, (candidate) => candidate.share);
    const first = random.pick(locale.firstNames);
    const last = random.pick(locale.lastNames);
    const [f, l] = [mailbox(first), mailbox(last)];
    const styles = [`${f}.${l}@example.com`, `${f}${l.slice(0, 1)}${random.int(1, 99)}@example.org`, `${f.slice(0, 1)}.${l}@example.net`];
    let email = random.pick(styles);
    for (let n = 2; takenEmails.has(email); n++) email = email.replace('@', `${n}@`);
    takenEmails.add(email);
    customers.push({
      name: `${first} ${last}`,
      email,
      phone: random.chance(0.85) ? locale.phone(random) : undefined,
      timezone: locale.timezone,
      language: locale.language,
      tier: random.weighted({ standard: 62, silver: 24, gold: 10, platinum: 4 }),
      externalRef: `CRM-${String(i).padStart(5, '0')}`,
      currency: locale.currency,
    });
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------
// The shop's catalogue and orders

type Category = 'kettle' | 'coffee' | 'vacuum' | 'blender' | 'toaster' | 'airfryer' | 'iron';

/** What customers call the appliance in a sentence. */
const CATEGORY_NOUNS: Record<Category, string> = {
  kettle: 'kettle',
  coffee: 'coffee machine',
  vacuum: 'vacuum cleaner',
  blender: 'blender',
  toaster: 'toaster',
  airfryer: 'air fryer',
  iron: 'steam iron',
};

interface Product {
  sku: string;
  description: string;
  category: Category;
  priceEur: number;
}

const PRODUCTS: Product[] = [
  { sku: 'KET-1001', description: 'Brava 1.7 L glass kettle', category: 'kettle', priceEur: 4999 },
  { sku: 'KET-1002', description: 'Brava steel kettle with temperature control', category: 'kettle', priceEur: 6999 },
  { sku: 'COF-2001', description: 'Barista Pro bean-to-cup coffee machine', category: 'coffee', priceEur: 54999 },
  { sku: 'COF-2002', description: 'Capsula pod coffee machine', category: 'coffee', priceEur: 8999 },
  { sku: 'VAC-3001', description: 'Cyclo cordless stick vacuum', category: 'vacuum', priceEur: 29999 },
  { sku: 'VAC-3002', description: 'Cyclo bagless cylinder vacuum', category: 'vacuum', priceEur: 15999 },
  { sku: 'BLE-4001', description: 'Vortex 1200 W jug blender', category: 'blender', priceEur: 8999 },
  { sku: 'BLE-4002', description: 'Vortex hand blender set', category: 'blender', priceEur: 4499 },
  { sku: 'TOA-5001', description: 'Crisp 2-slice toaster', category: 'toaster', priceEur: 3999 },
  { sku: 'TOA-5002', description: 'Crisp 4-slice long-slot toaster', category: 'toaster', priceEur: 5999 },
  { sku: 'AIR-6001', description: 'Airo 5.5 L air fryer', category: 'airfryer', priceEur: 11999 },
  { sku: 'IRN-7001', description: 'Glide 2600 W steam iron', category: 'iron', priceEur: 5499 },
];

const ACCESSORIES: { sku: string; description: string; priceEur: number; fits: readonly Category[] }[] = [
  { sku: 'ACC-9001', description: 'Descaling tablets, pack of 10', priceEur: 899, fits: ['kettle', 'coffee', 'iron'] },
  { sku: 'ACC-9002', description: 'House blend coffee beans, 1 kg', priceEur: 1999, fits: ['coffee'] },
  { sku: 'ACC-9003', description: 'Replacement filter set', priceEur: 1499, fits: ['vacuum'] },
  { sku: 'ACC-9004', description: 'Crevice and pet hair tool kit', priceEur: 2499, fits: ['vacuum'] },
  { sku: 'ACC-9005', description: 'Spare 600 ml blender jug', priceEur: 1999, fits: ['blender'] },
  { sku: 'ACC-9006', description: 'Silicone liners, pack of 2', priceEur: 1299, fits: ['airfryer'] },
  { sku: 'ACC-9007', description: 'Sandwich warming rack', priceEur: 999, fits: ['toaster'] },
];

const EXTENDED_WARRANTY = { sku: 'WAR-3Y', description: '3-year extended warranty', priceEur: 2999 };

/** The shop prices in pounds as in euros, converted and rounded to the usual .99. */
function price(priceEur: number, currency: Currency): number {
  return currency === 'EUR' ? priceEur : Math.max(99, Math.round((priceEur * 0.86) / 100) * 100 - 1);
}

// Building an Intl formatter costs far more than using one, and the demo formats thousands of
// amounts and dates: one formatter per currency and style, per time zone and style (or hour).
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const hourFormats = new Map<string, Intl.DateTimeFormat>();

function formatMoney(minor: number, currency: Currency, whole = false): string {
  const key = `${currency}:${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const digits = whole ? 0 : 2;
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormats.set(key, format);
  }
  return format.format(minor / 100);
}

interface OrderPlan {
  customer: CustomerPlan;
  product: Product;
  lineItems: LineItem[];
  totalMinor: number;
  status: TransactionStatus;
  purchasedAt: number;
  /** When the courier delivered it, in the daytime where the customer lives. */
  deliveredAt: number | null;
  /**
   * The delivery as drawn, up to 12 hours after `deliveredAt`: cases are planned from it, because it
   * lies as long before now on any day, and the daytime hour does not.
   */
  plannedDeliveryAt: number | null;
  externalId: string;
  /** Cases already hanging on this order; a second one goes elsewhere when it can. */
  caseCount: number;
  id?: string;
}

/**
 * Couriers deliver from 08:00 to 20:00: a delivery drawn at night moves back 12 hours, into the
 * daytime before it. Check-ins are due a week after a delivery, at the same hour, so they do not
 * fall in the customers' quiet hours.
 */
function inDaytime(at: number, timezone: string): number {
  let format = hourFormats.get(timezone);
  if (!format) hourFormats.set(timezone, (format = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: timezone })));
  const hour = Number(format.format(at));
  return hour >= 8 && hour < 20 ? at : at - 12 * HOUR;
}

function planOrders(random: Random, customers: CustomerPlan[], now: number): OrderPlan[] {
  const orders: OrderPlan[] = [];
  for (const customer of customers) {
    const count = Number(random.weighted({ 1: 50, 2: 32, 3: 18 }));
    for (let n = 0; n < count; n++) {
      const product = random.pick(PRODUCTS);
      const currency = customer.currency;
      const lineItems: LineItem[] = [
        { sku: product.sku, description: product.description, quantity: random.chance(0.05) ? 2 : 1, unitPriceMinor: price(product.priceEur, currency) },
      ];
      const fitting = ACCESSORIES.filter((accessory) => accessory.fits.includes(product.category));
      for (const accessory of random.shuffled(fitting).slice(0, Number(random.weighted({ 0: 55, 1: 35, 2: 10 })))) {
        lineItems.push({ sku: accessory.sku, description: accessory.description, quantity: random.int(1, 2), unitPriceMinor: price(accessory.priceEur, currency) });
      }
      if (product.priceEur >= 10_000 && random.chance(0.2)) {
        lineItems.push({ ...EXTENDED_WARRANTY, quantity: 1, unitPriceMinor: price(EXTENDED_WARRANTY.priceEur, currency) });
      }
      const purchasedAt = now - random.between(HOUR, 180 * DAY);
      const plannedDeliveryAt = purchasedAt + random.between(1 * DAY, 6 * DAY);
      let status: TransactionStatus;
      if (plannedDeliveryAt <= now) status = random.weighted({ delivered: 92, returned: 2, refunded: 3, cancelled: 3 });
      else if (now - purchasedAt < 2 * HOUR) status = 'placed';
      else status = now - purchasedAt < DAY ? 'paid' : 'shipped';
      orders.push({
        customer,
        product,
        lineItems,
        totalMinor: lineItems.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0),
        status,
        purchasedAt,
        ...(['delivered', 'returned', 'refunded'].includes(status)
          ? { deliveredAt: inDaytime(plannedDeliveryAt, customer.timezone), plannedDeliveryAt }
          : { deliveredAt: null, plannedDeliveryAt: null }),
        externalId: '',
        caseCount: 0,
      });
    }
  }
  // Order numbers rise with purchase time, as the shop would have issued them.
  orders.sort((a, b) => a.purchasedAt - b.purchasedAt);
  orders.forEach((order, index) => (order.externalId = `SO-${100_001 + index}`));
  return orders;
}

// ---------------------------------------------------------------------------------------------
// What customers get in touch about

/**
 * One believable reason for a case, with the words each step of its handling uses. Texts take
 * `{placeholders}`: first, short, Short, product, order, total, delivered, warrantyEnd, voucher.
 */
interface Scenario {
  kind: CaseKind;
  team: TeamKey;
  /** What the case hangs on: the order's delivery, its purchase, or no order at all. */
  after: 'delivery' | 'purchase' | 'none';
  categories?: readonly Category[];
  subject: string;
  /** The customer's first message in their words; for a check-in, our message to them. */
  opening: string;
  /** Check-ins only: the customer's answer. */
  reply?: string;
  /** The agent's internal finding. */
  finding: string;
  /** What we need from the customer before we can go on. */
  ask: string;
  /** The resolution, in a phrase ("a replacement kettle"). */
  remedy: string;
  proposal: string;
  confirmation: string;
  /** What we offer, as a resolution. */
  resolution: ResolutionSpec;
  /** Complaints: the agent's restatement of the concern, read back to the customer to confirm. */
  restatement?: string;
  /** The cause, as explained to the customer, and its root-cause category (complaints, faults, returns). */
  cause?: string;
  rootCause?: RootCause;
  /** Days after the delivery (or purchase) this comes up, when the story says; else the kind's usual range. */
  daysAfter?: [number, number];
  /** The order's status while the case is open, and once it is settled. */
  orderWhileOpen?: TransactionStatus;
  orderWhenSettled?: TransactionStatus;
  /**
   * Internal requests: the department that asked the scenario's team to act, whose member writes
   * the opening as an internal note, and how the team introduces itself to the customer.
   */
  requestedBy?: TeamKey;
  handover?: string;
  /** When a first answer may not hold: the customer writing back, what we find then, our second answer, their confirmation. */
  relapse?: Relapse;
}

interface Relapse {
  message: string;
  finding: string;
  fix: string;
  confirmation: string;
}

/**
 * The resolution a scenario leads to: its type, the policy it applies, and its amount: the order
 * total, the appliance's price, a price cut on it, the case's voucher, a price in euro cents
 * (converted like the shop's prices), or none; `plusVoucher` adds the case's voucher to it.
 */
interface ResolutionSpec {
  type: ResolutionType;
  amount: 'total' | 'product' | 'difference' | 'voucher' | number | null;
  plusVoucher?: boolean;
  policy: PolicyKey;
}

const SCENARIOS: Scenario[] = [
  // faults
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['kettle'],
    subject: 'Kettle leaks from the base',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    cause: 'Faulty base seal on this production batch (supplier notice 14).',
    rootCause: 'product_quality',
    daysAfter: [7, 60],
    opening:
      'The kettle from order {order} has started leaking from the base. There is a puddle on the worktop every time I boil it and I am worried about the electrics. It is only a few weeks old.',
    finding: 'Known seal problem on this batch (supplier notice 14). Within warranty; a replacement is quicker than a repair.',
    ask: 'Could you send us a photo of the rating plate under the base, so we can check the batch number?',
    remedy: 'a replacement kettle',
    proposal:
      "I'm sorry about this. We'll send you a replacement kettle by express delivery, and the courier will take the leaking one away at the same time. You don't need the original box.",
    confirmation: "The new kettle arrived yesterday and it's completely dry. Thanks for sorting it so quickly.",
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['kettle'],
    subject: 'Kettle does not switch off after boiling',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    cause: 'The thermostat does not cut out at boiling point: a component fault on this model.',
    rootCause: 'product_quality',
    opening: "My kettle keeps boiling and doesn't click off, I have to switch it off at the wall. Surely that's not safe?",
    finding: 'Thermostat fault, third report this quarter for this model. Replace under warranty and flag to the product team.',
    ask: 'Please stop using the kettle for now. Could you tell us whether the lid was fully closed when it kept boiling?',
    remedy: 'a replacement kettle',
    proposal: "Please don't use it any more. We're sending you a new kettle today, with a prepaid label for the faulty one.",
    confirmation: 'The replacement switches off as it should. The faulty one has gone back with the courier.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['coffee'],
    subject: 'Descale warning stays on after descaling',
    resolution: { type: 'repair', amount: null, policy: 'faults' },
    cause: 'The manual does not say that the descale counter needs a button reset after descaling.',
    rootCause: 'communication',
    daysAfter: [20, Infinity],
    opening: "I've descaled the coffee machine twice following the manual but the descale light stays on and it won't make coffee.",
    finding: 'Descale counter did not reset. Talk the customer through the reset before booking a repair.',
    ask: 'Could you send us the serial number (on the label behind the water tank) and a short video of the display?',
    remedy: 'a remote reset, or a free repair with collection',
    proposal:
      "Please switch the machine on, then hold the steam and single-cup buttons together for five seconds until the light blinks twice. If the warning stays on, we'll collect the machine for a free repair.",
    confirmation: "The reset worked! The warning light is off and it's making coffee again.",
    relapse: {
      message: 'The reset worked for a few days, but the descale light is back on and the machine has stopped making coffee again.',
      finding: 'Water hardness is set to the lowest level, so the machine asks for descaling again almost at once. Talk the customer through setting it.',
      fix: "Thank you for letting us know. Your machine's water hardness is set to its lowest level, so it asks for descaling again after a few days. Hold the hot-water button for ten seconds, set the hardness to 3 with the cup buttons, then do the reset once more: the light should stay off for about two months.",
      confirmation: 'Set the hardness as you said and the light has stayed off all week. Thanks.',
    },
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['coffee'],
    subject: 'Grinder makes a loud noise and stops',
    resolution: { type: 'repair', amount: null, policy: 'faults' },
    cause: 'A small stone in the coffee beans jammed the grinder burrs.',
    rootCause: 'third_party',
    opening: 'The grinder on my coffee machine makes a horrible grating noise and then stops after a second. The beans are ordinary, nothing oily.',
    finding: 'Probably a stone in the burrs. Under warranty: repair with collection, about 10 working days, loan machine meanwhile.',
    ask: 'Could you send us a short video with the sound, and tell us which beans you use?',
    remedy: 'a free repair with collection and a loan machine',
    proposal:
      "We'll collect the machine for a free repair under warranty and lend you a pod machine in the meantime. Choose a collection day with the link below.",
    confirmation: 'Got the machine back today and the grinder is quiet again. Thank you for the loan machine too.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['vacuum'],
    subject: 'Vacuum loses suction after a few minutes',
    resolution: { type: 'replacement', amount: 3499, policy: 'faults' },
    cause: 'A partly blocked wand and a worn filter choke the airflow once the motor warms up.',
    rootCause: 'product_quality',
    opening: "My vacuum starts fine but after two or three minutes the suction drops to almost nothing. I've emptied the bin and washed the filter.",
    finding: 'Customer already washed the filter. Likely a blocked wand; send a new wand and filter set before replacing the unit.',
    ask: 'Could you check whether anything is stuck in the wand or the floor head, and whether the filter was completely dry when you refitted it?',
    remedy: 'a free replacement wand and filter set',
    proposal:
      "Thanks for trying those steps already. We're sending a new wand and filter set free of charge; if the suction still drops once they're fitted, we'll replace the vacuum.",
    confirmation: 'New filter and wand fitted, suction is back to normal. Cheers.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['vacuum'],
    subject: 'Battery lasts only five minutes',
    resolution: { type: 'replacement', amount: 7999, policy: 'faults' },
    cause: 'A failed cell in the battery pack.',
    rootCause: 'product_quality',
    daysAfter: [3, Infinity],
    opening: 'The battery is supposed to last 40 minutes but it dies after five, even on the lowest setting.',
    finding: 'Cell failure by the sound of it. Under warranty: replace the battery pack, no need to take the vacuum back.',
    ask: 'Could you charge it fully overnight and tell us how long it runs on the lowest setting?',
    remedy: 'a replacement battery pack',
    proposal: "The battery has failed, which shouldn't happen on a vacuum this new. A replacement pack is on its way; it clicks in without tools.",
    confirmation: 'The new battery lasts ages. Thank you.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['blender'],
    subject: 'Blender jug cracked at the base',
    resolution: { type: 'replacement', amount: 1999, policy: 'faults' },
    cause: 'A stress crack in the jug moulding, not damage from use.',
    rootCause: 'product_quality',
    daysAfter: [3, 60],
    opening: "The blender jug has a crack near the blades and leaks when I make smoothies. I've only used it a handful of times and never put it in the dishwasher.",
    finding: 'Photo shows a stress crack, not impact damage. Replace the jug under warranty.',
    ask: 'Could you send us a photo of the crack and of the underside of the jug?',
    remedy: 'a replacement jug',
    proposal: "Sorry about that. We'll send a new jug with the blades fitted. There's no need to return the cracked one; please recycle it carefully.",
    confirmation: 'The new jug arrived and no more leaks. Smoothies are back on.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['toaster'],
    subject: 'Toaster only browns one side',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    cause: 'One of the two heating elements has failed.',
    rootCause: 'product_quality',
    opening: 'The toaster only browns one side of the bread. The other side comes out pale whatever setting I use.',
    finding: 'One heating element has failed. Low-value item: replace rather than repair.',
    ask: 'Is it the same slot every time? A photo of a slice would help.',
    remedy: 'a replacement toaster',
    proposal: "An element has failed, so we'll send you a new toaster. Please keep the old one until the courier collects it.",
    confirmation: 'The new toaster browns both sides evenly. Thanks!',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['airfryer'],
    subject: 'Air fryer basket coating is peeling',
    resolution: { type: 'replacement', amount: 2499, policy: 'faults' },
    cause: 'Coating failure on the first production batch of baskets.',
    rootCause: 'product_quality',
    daysAfter: [25, 90],
    opening: 'The non-stick coating on the air fryer basket is flaking off into the food after a month. I only use silicone tongs.',
    finding: 'Coating failure known on the first production batch. Replacement baskets from the new batch are in stock.',
    ask: 'Could you send a photo of the basket and the batch code on the sticker under the drawer?',
    remedy: 'a replacement basket from the new batch',
    proposal: "You shouldn't have to put up with that. We'll send a basket from the updated batch, with a pair of silicone tongs by way of apology.",
    confirmation: 'The new basket came today and the coating looks much sturdier. Thank you.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    categories: ['iron'],
    subject: 'Steam iron spits brown water',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    cause: 'Scale built up in the steam chamber from hard tap water.',
    rootCause: 'product_quality',
    opening: 'My iron spits brown water onto my shirts when I use the steam. It has ruined a white shirt.',
    finding: 'Scale in the steam chamber; hard water area. Self-clean should fix it. Customer lost a shirt: goodwill is fair.',
    ask: 'Do you use tap water in the iron? A photo of the marks would help us too.',
    remedy: 'a replacement iron and a {voucher} voucher towards the shirt',
    proposal:
      "I'm sorry about your shirt. We're sending a replacement iron and have added a {voucher} voucher to your account towards a new shirt. Using filtered water will keep the new one from scaling up.",
    confirmation: 'The new iron is working well and the voucher is much appreciated.',
  },
  {
    kind: 'fault',
    team: 'returns',
    after: 'delivery',
    subject: '{Short} stopped working',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    cause: 'The power board failed within weeks of delivery.',
    rootCause: 'product_quality',
    daysAfter: [10, 120],
    opening: "My {short} has stopped working completely. No lights, nothing, and I've tried different sockets.",
    finding: 'Dead after a few weeks: most likely the power board. Warranty replacement.',
    ask: 'Could you check the fuse in the plug, and tell us whether any light comes on when it is plugged in?',
    remedy: 'a replacement {short}',
    proposal: "We're sorry it has let you down so soon. A replacement {short} is on its way and the courier will collect the faulty one.",
    confirmation: 'The replacement works fine. Thanks for the quick help.',
  },
  // returns
  {
    kind: 'return',
    team: 'returns',
    after: 'delivery',
    subject: 'Return: wrong colour',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    cause: 'The warehouse picked the wrong colour variant: the two were stored in swapped bins.',
    rootCause: 'process',
    daysAfter: [0.1, 14],
    opening: 'The {short} I received is black but I ordered the cream one (order {order}). I would like to return it.',
    finding: 'Picking error at the warehouse: colour variants swapped. Free return; refund in full.',
    ask: 'Could you send a photo of the label on the box, so we can trace the mix-up at the warehouse?',
    remedy: 'a free return and a refund of {total}',
    proposal: "Sorry for the mix-up. Here's a prepaid return label; as soon as the courier scans the parcel we'll refund {total}.",
    confirmation: 'The refund is on my card today, thanks.',
    orderWhenSettled: 'refunded',
  },
  {
    kind: 'return',
    team: 'returns',
    after: 'delivery',
    subject: 'Return: changed my mind',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    cause: 'The appliance is larger than the customer expected from the product page.',
    rootCause: 'communication',
    opening: "I'd like to return the {short}. It's unused and still in the box, it's just bigger than I expected for our kitchen.",
    finding: 'Within the 30-day return window (delivered {delivered}). Unused: standard return, refund in full.',
    ask: 'Could you confirm the {short} is unused and in its original packaging?',
    remedy: 'a refund of {total} once the return arrives',
    proposal: "No problem at all. Here's a prepaid return label; we'll refund {total} within three working days of the parcel reaching us.",
    confirmation: 'Refund received, thank you for making it easy.',
    relapse: {
      message: 'A restocking fee was taken off my refund, but the {short} was never used.',
      finding: 'Restocking fee deducted by mistake: an unused return within 30 days is free. Refunding the fee.',
      fix: "You're right, and I apologise: an unused return within 30 days costs nothing, and the fee was taken off by mistake. I've refunded it today.",
      confirmation: 'The fee is back on my card. Thanks.',
    },
    orderWhenSettled: 'refunded',
  },
  {
    kind: 'return',
    team: 'returns',
    after: 'delivery',
    categories: ['vacuum', 'blender', 'coffee'],
    subject: 'Return: far too loud',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    cause: 'The noise level is within specification, but louder than the customer expected.',
    rootCause: 'communication',
    daysAfter: [1, 30],
    opening: 'The {short} is much louder than I expected and wakes the baby. Can I send it back?',
    finding: 'Within the return window; noise level is within spec, so this is a change-of-mind return. Offer the quieter model as an alternative.',
    ask: 'Would you like to try our quieter model instead, or would you prefer a refund?',
    remedy: 'a refund of {total}',
    proposal: "Of course. Here's a prepaid return label; once the {short} is back with us we'll refund {total}.",
    confirmation: 'Money is back in my account. Thanks for being so understanding.',
    orderWhenSettled: 'refunded',
  },
  {
    kind: 'return',
    team: 'returns',
    after: 'delivery',
    subject: 'Return: arrived damaged',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    cause: 'The courier crushed the parcel in transit.',
    rootCause: 'delivery',
    daysAfter: [0.05, 5],
    opening: "The box was crushed and the {short} has a dent on the side. I haven't used it.",
    finding: 'Courier damage: the photos show a crushed outer box. Claim against the carrier; the customer gets a refund either way.',
    ask: 'Could you send us photos of the outer box and of the dent before you repack it?',
    remedy: 'a collection of the damaged {short} and a refund of {total}',
    proposal: "I'm sorry it arrived like that. The courier will collect the {short} on the day you choose, and we'll refund {total} the same day.",
    confirmation: "Collected on Monday and the refund's through. Thanks.",
    orderWhenSettled: 'refunded',
  },
  // complaints
  {
    kind: 'complaint',
    team: 'logistics',
    after: 'delivery',
    subject: 'Delivery arrived four days late',
    resolution: { type: 'goodwill', amount: 695, plusVoucher: true, policy: 'delivery' },
    restatement: 'You paid for next-day delivery, the {short} arrived four days late without any warning, and you stayed in for two days waiting for it.',
    cause: 'The courier held the parcel at its depot for three days and sent no delay notice.',
    rootCause: 'delivery',
    daysAfter: [0.05, 7],
    opening: 'I paid for next-day delivery and the {short} arrived four days later. Nobody told me it was delayed, and I stayed home two days for nothing.',
    finding: 'Tracking confirms the parcel sat at the courier depot for three days. Express fee refundable under the delivery policy.',
    ask: 'Could you tell us which days you waited in, so we can include them in our claim against the courier?',
    remedy: 'a refund of the express delivery fee and a {voucher} voucher',
    proposal:
      "I'm sorry you waited in for nothing, and thank you for telling us: it helps us hold our couriers to account. The courier kept your parcel at their depot for three days and never sent the delay notice they should have. We've refunded the express delivery fee and added a {voucher} voucher to your account.",
    confirmation: "Thanks, I've seen the refund. I appreciate the voucher.",
  },
  {
    kind: 'complaint',
    team: 'logistics',
    after: 'delivery',
    subject: 'Parcel left outside in the rain',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'delivery' },
    restatement: 'The courier left your parcel on the doorstep in the rain instead of with a neighbour, and the box was soaked through.',
    cause: "The driver ignored the customer's instruction to leave the parcel with a neighbour.",
    rootCause: 'third_party',
    daysAfter: [0.05, 3],
    opening: 'The courier left the parcel on my doorstep in the pouring rain instead of with a neighbour. The box was soaked through.',
    finding: "The driver's photo shows the parcel at the front door, not the chosen safe place. Complaint raised with the courier.",
    ask: 'Is the {short} itself dry and working? If not, please send us a photo.',
    remedy: 'a {voucher} voucher and a replacement if anything is damaged',
    proposal:
      "That's not how your parcel should have been treated, and I apologise. The driver left it at your front door instead of with your neighbour as you had asked; we've raised it with the courier and added a {voucher} voucher to your account. If anything turns out to be damaged, we'll replace it. Thank you for the photos, they made the complaint to the courier easy.",
    confirmation: 'Everything works, luckily. Thanks for taking it up with the courier.',
  },
  {
    kind: 'complaint',
    team: 'billing',
    after: 'purchase',
    subject: 'Charged twice for my order',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    restatement: 'You were charged {total} twice for order {order}, and you want the second payment back.',
    cause: 'The payment provider captured the payment a second time after the checkout timed out.',
    rootCause: 'billing',
    daysAfter: [0.5, 30],
    opening: 'My bank statement shows two payments of {total} for order {order}. Please refund one of them.',
    finding: 'Payment provider shows a duplicate capture a minute apart. Refund the second one.',
    ask: 'Could you send a screenshot of the two card payments? Please hide the card number.',
    remedy: 'a refund of the duplicate payment of {total}',
    proposal:
      "You were charged twice, and I'm sorry for the worry that caused. Our payment provider took the payment a second time after the checkout timed out. We've refunded the duplicate payment of {total}; it should reach your card within three to five working days. Thank you for spotting it and telling us.",
    confirmation: 'The refund has come through, thank you.',
  },
  {
    kind: 'complaint',
    team: 'care',
    after: 'delivery',
    subject: 'Nobody called me back as promised',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    restatement: 'We promised to call you back on Tuesday about your {short}, nobody did, and it is the second time this has happened.',
    cause: 'The call-back task from the earlier contact was never assigned to anyone.',
    rootCause: 'process',
    daysAfter: [7, Infinity],
    opening: 'I was promised a call back on Tuesday about my {short} and nobody called. This is the second time.',
    finding: 'The call-back task from the earlier contact was never assigned. Call today; fix the queue rule.',
    ask: "What's the best time to call you today?",
    remedy: 'a call back today and a {voucher} voucher',
    proposal:
      "You're right, we didn't call when we said we would, and I apologise. The call-back from your earlier contact was never assigned to anyone, and we've changed how call-backs are handed out so it can't slip again. I'll call you myself today at the time you chose, and we've added a {voucher} voucher to your account. Thank you for your patience.",
    confirmation: 'Spoke to your colleague and it is all sorted now. Thanks for following up.',
  },
  {
    kind: 'complaint',
    team: 'returns',
    after: 'delivery',
    subject: 'Repair is taking far too long',
    resolution: { type: 'replacement', amount: 'product', policy: 'faults' },
    restatement: 'Your {short} has been with our repair centre for three weeks, well past the ten working days we told you, and nobody has told you why.',
    cause: 'The repair centre is waiting for a part on back-order and did not tell us or the customer.',
    rootCause: 'third_party',
    daysAfter: [25, Infinity],
    opening: "My {short} went for repair three weeks ago and I've heard nothing since. I was told ten working days.",
    finding: 'Repair centre is waiting for a part on back-order. Offer a new unit rather than more waiting.',
    ask: 'Would you accept a brand-new {short} instead of waiting for the repair?',
    remedy: 'a brand-new {short} instead of the repair',
    proposal:
      "I'm sorry for the wait and for not keeping you informed. The repair centre is waiting for a part that is on back-order, and they didn't tell us or you. Rather than make you wait any longer, we're sending you a brand-new {short}; it leaves our warehouse today. Thank you for bearing with us.",
    confirmation: 'The new one arrived, thank you. Shame about the wait, but you made up for it.',
  },
  {
    kind: 'complaint',
    team: 'billing',
    after: 'purchase',
    subject: 'Price dropped days after I ordered',
    resolution: { type: 'refund_partial', amount: 'difference', policy: 'refunds' },
    restatement: 'You ordered the {short} only days before we cut its price, and you would like the difference back.',
    cause: 'A promotion started days after the order, and the price promise refund is only automatic for orders from the last two days.',
    rootCause: 'process',
    daysAfter: [3, 14],
    opening:
      "I bought the {short} (order {order}) only a few days ago and now it's 20% cheaper on your website. That's really annoying. Can you refund the difference?",
    finding: 'Spring promotion started after the order. Within the 14-day price promise: refund the difference of {difference}.',
    ask: 'Could you send us a link to the page showing the lower price?',
    remedy: 'a refund of the {difference} price difference',
    proposal:
      "I'm sorry, it is frustrating to see a price drop right after you have bought something, and thank you for pointing it out. The promotion started after your order, and our price promise only refunds the difference automatically for orders from the last two days. We've refunded the {difference} difference to your card today.",
    confirmation: "I've seen the refund of the difference on my card. Thank you.",
  },
  // queries
  {
    kind: 'query',
    team: 'billing',
    after: 'delivery',
    subject: 'Where is my refund?',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    daysAfter: [17, 60],
    opening: "I sent the {short} back two weeks ago and still haven't had my refund. The tracking says it was delivered to you.",
    finding: 'Return received at the warehouse but the refund was never released: inspection step skipped. Releasing {total}.',
    ask: 'Could you send us the tracking number of your return?',
    remedy: 'the refund of {total}',
    proposal: "Your return reached us, but the refund wasn't released. I've released {total} now; it usually shows on your card within three to five working days.",
    confirmation: 'Refund received today. Thanks.',
    relapse: {
      message: "The refund came through, but not the postage I paid to send the {short} back.",
      finding: 'The return postage was left out of the refund, though the refunds policy covers it. Refunding it.',
      fix: "You're right, and I'm sorry: the postage should have been part of your refund. I've refunded it today; it usually shows on your card within three to five working days.",
      confirmation: 'The postage has come back too. All sorted now, thanks.',
    },
    orderWhileOpen: 'returned',
    orderWhenSettled: 'refunded',
  },
  {
    kind: 'query',
    team: 'care',
    after: 'delivery',
    categories: ['kettle', 'coffee', 'iron'],
    subject: 'How do I descale my {short}?',
    resolution: { type: 'explanation_only', amount: null, policy: 'faults' },
    daysAfter: [30, Infinity],
    opening: "What's the best way to descale the {short}? The manual says to use your tablets but I've run out.",
    finding: 'Standard answer from the descaling guide. Hard water area: offer a free pack of tablets.',
    ask: 'Which model do you have? The code is on the label underneath.',
    remedy: 'the descaling guide and a free pack of tablets',
    proposal:
      "You can use one of our descaling tablets or a 1:1 mix of water and white vinegar; run it through once, then twice with clean water. We've also sent you a free pack of tablets.",
    confirmation: 'That did the trick, thanks for the tip and the tablets.',
    relapse: {
      message: 'I descaled it as you said, but the white flakes were back within a week.',
      finding: 'Very hard water where the customer lives: a monthly descale cannot keep up. Suggest filtered water and a descale every two weeks.',
      fix: "Thank you for telling us. Where the water is very hard, limescale builds up quickly: descale every two weeks, and fill the {short} with filtered water to keep the flakes away for much longer. We've sent you a second pack of tablets.",
      confirmation: 'Filtered water made all the difference, no more flakes. Thanks.',
    },
  },
  {
    kind: 'query',
    team: 'care',
    after: 'delivery',
    subject: 'Is my {short} still under warranty?',
    resolution: { type: 'repair', amount: null, policy: 'faults' },
    daysAfter: [60, Infinity],
    opening: 'My {short} from order {order} has started making a rattling noise. Is it still under warranty, and what should I do?',
    finding: 'Delivered {delivered}: covered by the two-year warranty until {warrantyEnd}. Free check and repair.',
    ask: 'Could you confirm your order number, so I can check the exact dates?',
    remedy: 'a free warranty check and repair',
    proposal:
      "Yes: your {short} is covered until {warrantyEnd}, two years from delivery. Send it to us with the prepaid label attached and we'll check and repair it free of charge.",
    confirmation: 'Great, thanks for the quick answer. Sending it tomorrow.',
  },
  {
    kind: 'query',
    team: 'care',
    after: 'none',
    subject: 'Will the 4-slice toaster be back in stock?',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    opening: 'The Crisp 4-slice toaster has been out of stock for weeks. Will it come back?',
    finding: 'Purchasing says the next delivery is due in about two weeks.',
    ask: 'Would you like us to email you when it is back in stock?',
    remedy: 'a {voucher} discount when it is back in stock',
    proposal:
      "Good news: the Crisp 4-slice toaster is due back in about two weeks. I've added you to the notification list, and there's a {voucher} discount waiting for you when it arrives.",
    confirmation: "Thanks, I'll look out for the email.",
    relapse: {
      message: "The toaster is back in stock, but the discount code you gave me doesn't work at checkout.",
      finding: 'The discount code expired a day early. Issued a new one, valid for 30 days.',
      fix: "Sorry about that: the code ran out a day too early. Here's a new one for the same {voucher} off, valid for 30 days.",
      confirmation: 'The new code worked and the toaster is ordered. Thanks.',
    },
  },
  // feedback
  {
    kind: 'feedback',
    team: 'care',
    after: 'delivery',
    subject: 'Love the new {short}',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    daysAfter: [1, 30],
    opening: 'Just wanted to say the {short} is brilliant: fast, quiet and it looks great in the kitchen. Delivery was quick too.',
    finding: 'Positive feedback, shared with the team. Ask whether we may quote it.',
    ask: 'Would you be happy for us to quote you on our website, with your first name only?',
    remedy: 'a {voucher} thank-you voucher',
    proposal: "Thank you, that made our day! We've added a {voucher} voucher to your account as a small thank-you.",
    confirmation: 'How kind, thank you. Happy for you to quote me.',
  },
  {
    kind: 'feedback',
    team: 'care',
    after: 'delivery',
    subject: 'Suggestion: longer power cable',
    resolution: { type: 'goodwill', amount: 1299, policy: 'goodwill' },
    opening: 'The {short} works well but the cable is really short; it barely reaches the socket. Please consider a longer one in future models.',
    finding: 'Product feedback: cable length, fourth mention this month. Logged for the product team.',
    ask: 'How long a cable would you need? It helps us make the case to the manufacturer.',
    remedy: 'a free cable tidy extension',
    proposal:
      "Thank you, that's genuinely useful: it's the fourth time this month someone has mentioned the cable, so it's on our product team's list. In the meantime we've sent you a cable extension free of charge.",
    confirmation: 'The extension arrived, thanks. Hope the next model has a longer cable!',
  },
  {
    kind: 'feedback',
    team: 'logistics',
    after: 'delivery',
    subject: 'Too much plastic in the packaging',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    daysAfter: [0.05, 14],
    opening: 'The {short} came wrapped in so much plastic. Could you use paper or cardboard instead?',
    finding: 'Packaging feedback. Supplier moves to cardboard inserts next quarter; passed on to logistics.',
    ask: 'Was the plastic from the manufacturer or our own outer packaging?',
    remedy: 'a {voucher} voucher and a prepaid bag to send the plastic back for recycling',
    proposal:
      "Thank you for raising it; we agree. Our supplier moves to cardboard inserts next quarter. Meanwhile we've sent a prepaid bag so you can send the plastic back for recycling, and a {voucher} voucher.",
    confirmation: 'Good to hear about the cardboard. Thanks.',
  },
  {
    kind: 'feedback',
    team: 'care',
    after: 'none',
    subject: 'Checkout kept timing out',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    opening: 'I tried to order on your website three times last night and the checkout timed out each time.',
    finding: 'Payment provider incident between 21:00 and 22:30 yesterday. Passed to the web team.',
    ask: 'Which browser did you use, and roughly what time was it?',
    remedy: 'a {voucher} voucher for the trouble',
    proposal:
      "Thank you for letting us know, and sorry for the hassle. Our payment provider had a problem that evening; it's fixed now. We've added a {voucher} voucher to your account for your next order.",
    confirmation: 'Ordered this morning with no problems. Thanks for the voucher.',
  },
  // check-ins: we write first
  {
    kind: 'check-in',
    team: 'care',
    after: 'delivery',
    subject: 'Check-in after delivery of {order}',
    resolution: { type: 'explanation_only', amount: null, policy: 'faults' },
    daysAfter: [1, 4],
    opening:
      "Hello {first}, your {product} was delivered on {delivered}. We'd like to make sure it arrived in good order and works as you expected. Just reply to this message if anything isn't right.",
    reply: 'It works well, but the lid is quite stiff to open. Is that normal?',
    finding: 'A stiff lid is normal for the first weeks while the seal beds in. Offer a new lid if it stays stiff.',
    ask: 'Does the lid get easier after a few uses, or is it as stiff as on the first day?',
    remedy: 'a free replacement lid if it stays stiff',
    proposal: "That's normal for the first few weeks while the seal beds in. If it's still stiff in a month, tell us and we'll send a new lid free of charge.",
    confirmation: "It's loosened up now, all good. Thanks for checking in!",
    relapse: {
      message: "The lid has gone stiff again, it's harder to open than ever.",
      finding: 'Stiff again after the bedding-in weeks: the seal is too tight on this unit. Sending the new lid we promised.',
      fix: 'Thank you for telling us, as we asked. A new lid is on its way free of charge; it clicks on in place of the old one.',
      confirmation: 'The new lid opens easily. Thanks for keeping your word.',
    },
  },
  {
    kind: 'check-in',
    team: 'care',
    after: 'delivery',
    subject: 'How is your new {short}?',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    daysAfter: [3, 10],
    opening:
      "Hello {first}, it's been a few days since your {short} arrived. How are you getting on with it? If you have any questions about using or caring for it, reply to this message and we'll help.",
    reply: 'Very happy with it, thanks for asking. Is there anything I should do to keep it in good shape?',
    finding: 'Happy customer. Send the care guide; good candidate for the NPS survey.',
    ask: 'Would you tell us how likely you are to recommend us to a friend, from 0 to 10?',
    remedy: 'the care guide and a {voucher} voucher for accessories',
    proposal:
      "Glad to hear it! Here's the care guide for your {short}: a wipe after use and a monthly clean keep it like new. We've also added a {voucher} voucher for accessories to your account.",
    confirmation: "Thank you, very kind. I'll use the voucher on a spare part.",
  },
  {
    kind: 'check-in',
    team: 'care',
    after: 'delivery',
    subject: 'Checking in on order {order}',
    resolution: { type: 'credit_voucher', amount: 'voucher', policy: 'goodwill' },
    daysAfter: [5, 20],
    opening:
      "Hello {first}, we hope you're enjoying your {product}. Did everything arrive in good order? If anything is missing or not working, reply to this message and we'll put it right.",
    reply: 'Everything works, but there was no manual in the box.',
    finding: 'Manual missing from the box, third report this month for this product. Send the PDF and a printed copy; warehouse told.',
    ask: 'Could you check the accessory pouch? Some batches pack the manual there.',
    remedy: 'a printed manual by post and a {voucher} voucher for the trouble',
    proposal: "Sorry about that. Here's the manual as a PDF, a printed copy is on its way by post, and we've added a {voucher} voucher for the trouble.",
    confirmation: 'Got the printed manual today, thanks.',
  },
];

/**
 * Requests from one department to another about a customer's case: the front line asks the back
 * office to act. They are measured against the internal SLA, which picks them by who asked.
 */
const INTERNAL_SCENARIOS: Scenario[] = [
  {
    kind: 'query',
    team: 'logistics',
    requestedBy: 'care',
    after: 'delivery',
    subject: 'Trace parcel for {order}: marked delivered, never arrived',
    resolution: { type: 'replacement', amount: 'product', policy: 'delivery' },
    daysAfter: [1, 20],
    opening:
      'Request from Customer Care: {first} called about order {order}. Tracking says it was delivered on {delivered}, but nothing arrived and no neighbour has it. Please open a trace with the courier and let us know whether we reship.',
    handover: 'Our Customer Care team has passed your question about order {order} on to us in Logistics.',
    finding: 'Courier’s proof of delivery shows a different front door: left at the wrong address. Claim opened with the courier; reship from stock.',
    ask: 'Could you confirm your delivery address, and a safe place where the courier may leave the parcel?',
    remedy: 'a replacement {short} by tracked next-day delivery',
    proposal:
      "I'm sorry your parcel went astray: the courier left it at the wrong address. We've sent a replacement {short} by tracked next-day delivery. If the first one turns up, just let us know and we'll collect it.",
    confirmation: 'The replacement arrived this morning, thank you for chasing the courier.',
  },
  {
    kind: 'query',
    team: 'billing',
    requestedBy: 'care',
    after: 'delivery',
    subject: 'Release refund for returned {short} ({order})',
    resolution: { type: 'refund_full', amount: 'total', policy: 'refunds' },
    daysAfter: [10, 40],
    opening:
      'Request from Customer Care: {first} sent the {short} from {order} back and the warehouse booked it in, but the refund of {total} has not been released. Could Billing release it and confirm to the customer?',
    handover: 'Our Customer Care team has asked us in Billing to look at the refund for your {short}.',
    finding: 'Return booked in at the warehouse, but the refund was held for an inspection that never got scheduled. Releasing {total}.',
    ask: 'Could you confirm the card you paid with (the last four digits are enough)?',
    remedy: 'the refund of {total}',
    proposal: "Thank you for your patience. Your return reached us, but the refund was held by mistake. I've released {total} today; it usually shows within three to five working days.",
    confirmation: 'The refund is on my card now. Thanks.',
    orderWhileOpen: 'returned',
    orderWhenSettled: 'refunded',
  },
  {
    kind: 'query',
    team: 'logistics',
    requestedBy: 'returns',
    after: 'delivery',
    subject: 'Book a collection of the {short} for repair ({order})',
    resolution: { type: 'repair', amount: null, policy: 'faults' },
    daysAfter: [7, Infinity],
    opening:
      "Request from Returns & Repairs: {first}'s {short} from {order} has to come in for a warranty repair. Please book a courier collection on a day that suits them and send them the label.",
    handover: 'Our Returns & Repairs team has asked us in Logistics to collect your {short} for its repair.',
    finding: 'Collection booked with the courier for the next working day, 08:00–13:00; the driver brings the packaging.',
    ask: 'Which day suits you for the courier to collect the {short}? They come between 08:00 and 13:00.',
    remedy: 'a free courier collection for the repair',
    proposal:
      "Thank you for waiting. We've booked a free courier collection for your {short}; the driver brings the packaging, so you only need to hand it over. We'll let you know as soon as the repair is done.",
    confirmation: 'The courier collected it this morning, thanks.',
  },
];

// ---------------------------------------------------------------------------------------------
// How a case has been handled so far, by its status

type Step =
  | 'open'
  | 'chaser'
  | 'ack'
  | 'reply'
  | 'note'
  | 'call'
  | 'ask'
  | 'approval'
  | 'proposal'
  | 'accept'
  | 'attempt'
  | 'confirm'
  | 'close'
  // A case settled in one reply: the answer that grants the remedy at once.
  | 'answer'
  // A case reopened: the customer writes back, we look again, answer again, and they confirm.
  | 'relapse'
  | 'recheck'
  | 'fix'
  | 'reconfirm';

/** How long ago cases in each status were opened, in hours: old cases are settled, fresh ones new. */
const STATUS_AGE_HOURS: Record<CaseStatus, [number, number]> = {
  new: [0.3, 36],
  acknowledged: [2, 96],
  investigating: [24, 240],
  resolution_proposed: [48, 336],
  awaiting_approval: [24, 240],
  awaiting_customer: [48, 480],
  resolved: [120, 1440],
  closed: [240, 4200],
};

/**
 * Where in its window of ages a case in each status tends to be: most open cases the desk is still
 * working on are recent, a few have been left (and are overdue); settled ones spread evenly.
 */
const AGE_SKEW: Partial<Record<CaseStatus, number>> = { new: 3, acknowledged: 3, investigating: 3, awaiting_approval: 3 };

function drawAge(random: Random, status: CaseStatus, [youngest, oldest]: [number, number]): number {
  return youngest + (oldest - youngest) * random.next() ** (AGE_SKEW[status] ?? 1);
}

/** Hours from the previous step to this one, before squeezing into the case's age. */
const STEP_GAP_HOURS: Record<Step, [number, number]> = {
  open: [0, 0],
  chaser: [14, 30],
  ack: [0.05, 6],
  reply: [3, 72],
  note: [0.5, 30],
  call: [1, 30],
  ask: [1, 24],
  approval: [0.5, 8],
  proposal: [2, 60],
  accept: [1, 48],
  attempt: [20, 60],
  confirm: [24, 168],
  close: [2, 72],
  answer: [1, 30],
  relapse: [48, 240],
  recheck: [0.5, 8],
  fix: [1, 24],
  reconfirm: [24, 120],
};

/**
 * The contacts and notes a case has had by its status. Past investigation, a case carries a
 * resolution: proposed (after an approval when it is above the proposer's limit), accepted by the
 * customer, then confirmed by them to have worked, or resolved after `attempts` failed attempts to
 * reach them. A complaint's handler checks their understanding on a call before proposing anything.
 * A settled case may instead have been settled by one reply, and perhaps reopened since (`course`).
 */
function stepsFor(kind: CaseKind, status: CaseStatus, ageHours: number, random: Random, needsApproval: boolean, attempts: number, course: Course): Step[] {
  // Check-ins start with our message, so the customer's answer takes the acknowledgement's place.
  const first: Step = kind === 'check-in' ? 'reply' : 'ack';
  // A call to confirm we understood fits problems, not compliments or check-ins.
  const mayCall = kind !== 'check-in' && kind !== 'feedback';
  const withCall = random.chance(0.5);
  const inquiry: Step[] = kind === 'complaint' ? (withCall ? ['note', 'call'] : ['call']) : [mayCall && withCall ? 'call' : 'note'];
  const offer: Step[] = needsApproval ? ['approval', 'proposal', 'accept'] : ['proposal', 'accept'];
  const failed: Step[] = Array.from({ length: attempts }, () => 'attempt');
  const skipInquiry = random.chance(0.4);
  if (course !== 'usual') {
    // The customer's one message (for a check-in, their answer to ours), the reply that settles it
    // (once approved, when it needs to be), and their confirmation.
    const settled: Step[] = kind === 'check-in' ? ['open', 'reply'] : ['open'];
    if (needsApproval) settled.push('approval');
    settled.push('answer', 'confirm');
    if (course === 'reopened') settled.push('relapse', 'recheck', 'fix', 'reconfirm');
    return status === 'closed' ? [...settled, 'close'] : settled;
  }
  switch (status) {
    case 'new':
      return kind !== 'check-in' && ageHours > 24 && random.chance(0.4) ? ['open', 'chaser'] : ['open'];
    case 'acknowledged':
      return ['open', first];
    case 'investigating':
      if (kind === 'complaint') return withCall ? ['open', first, 'note', 'call'] : ['open', first, 'note'];
      return inquiry[0] === 'call' ? ['open', first, 'note', 'call'] : ['open', first, 'note'];
    case 'resolution_proposed':
      return ['open', first, ...inquiry, ...offer.slice(0, -1)];
    case 'awaiting_approval':
      return kind === 'complaint' ? ['open', first, 'note', 'call', 'approval'] : ['open', first, 'note', 'approval'];
    case 'awaiting_customer':
      // Feedback and check-ins wait on the customer's answer to a question, not on a resolution.
      if (kind === 'feedback' || kind === 'check-in') return withCall ? ['open', first, 'note', 'ask'] : ['open', first, 'ask'];
      return ['open', first, ...inquiry, ...offer, ...failed];
    case 'resolved':
      return ['open', first, ...inquiry, ...offer, ...(attempts > 0 ? failed : ['confirm' as const])];
    case 'closed':
      return ['open', first, ...(kind !== 'complaint' && skipInquiry ? [] : inquiry), ...offer, 'confirm', 'close'];
  }
}

/**
 * How a settled case went: through the usual steps; settled by the reply to the customer's first
 * message, which grants the remedy at once (resolved at first contact); or settled that way, then
 * reopened when the customer wrote back that it did not hold, looked at again and settled again.
 */
type Course = 'usual' | 'one_reply' | 'reopened';

/**
 * Of the settled cases of each kind that could be settled in one reply, the share that were: most
 * questions, returns, compliments and answers to check-ins; few faults, which usually need a photo
 * or a check first; never complaints, whose procedure asks for a call to confirm the concern.
 */
const ONE_REPLY_SHARES: Record<CaseKind, number> = { query: 0.65, return: 0.55, feedback: 0.6, 'check-in': 0.6, fault: 0.2, complaint: 0 };

/** Of the settled cases whose scenario can come back, the share that did. */
const RELAPSE_SHARE = 0.25;

/** Whether a case in this status carries a resolution. */
function hasResolution(kind: CaseKind, status: CaseStatus): boolean {
  if (status === 'new' || status === 'acknowledged' || status === 'investigating') return false;
  return !(status === 'awaiting_customer' && (kind === 'feedback' || kind === 'check-in'));
}

const CASE_KIND_SHARES: Record<CaseKind, number> = { query: 22, complaint: 18, return: 14, fault: 22, feedback: 8, 'check-in': 16 };
const STATUS_SHARES: Record<CaseStatus, number> = {
  new: 10,
  acknowledged: 9,
  investigating: 12,
  resolution_proposed: 7,
  awaiting_approval: 4,
  awaiting_customer: 8,
  resolved: 14,
  closed: 36,
};
const PRIORITY_SHARES: Record<CaseKind, Record<'low' | 'normal' | 'high' | 'urgent', number>> = {
  complaint: { low: 5, normal: 45, high: 38, urgent: 12 },
  fault: { low: 10, normal: 55, high: 28, urgent: 7 },
  return: { low: 30, normal: 60, high: 9, urgent: 1 },
  query: { low: 30, normal: 60, high: 9, urgent: 1 },
  feedback: { low: 70, normal: 30, high: 0, urgent: 0 },
  'check-in': { low: 60, normal: 40, high: 0, urgent: 0 },
};
const ORIGIN_CHANNEL_SHARES: Record<Channel, number> = { email: 40, phone: 22, web: 15, chat: 11, sms: 4, letter: 3, in_person: 5 };

/** Days after delivery (or purchase) a case of each kind usually turns up: returns within the 30-day window. */
const DAYS_AFTER: Record<CaseKind, [number, number]> = {
  query: [0.1, Infinity],
  complaint: [0.1, Infinity],
  return: [0.1, 30],
  fault: [1, Infinity],
  feedback: [0.25, Infinity],
  'check-in': [1, 14],
};

// ---------------------------------------------------------------------------------------------
// Planning the cases

type Author = { type: 'customer' } | { type: 'staff'; member: StaffMember } | { type: 'system' };

/** Stands in a planned body for the case number, which is only taken when the case is written. */
const CASE_NUMBER = '{case-number}';

interface PlannedInteraction {
  channel: Channel;
  direction: Direction;
  author: Author;
  body: string;
  marks: InteractionMark[];
  occurredAt: number;
  loggedAt: number;
}

interface PlannedTransition {
  event: CaseEvent;
  from: CaseStatus;
  to: CaseStatus;
  reason: string;
  actor: StaffMember;
  at: number;
}

interface PlannedResolution {
  type: ResolutionType;
  amountMinor: number | null;
  currency: Currency | null;
  summary: string;
  /** The policy it applies; null for a deviation from policy, which always needs approval. */
  policy: PolicyKey | null;
  policyVersion: number | null;
  proposer: StaffMember;
  /** Who decides on it, when it needs approval; null when it was within the proposer's authority. */
  approver: StaffMember | null;
  approvalReason: string | null;
  decisionReason: string | null;
  status: ResolutionStatus;
  createdAt: number;
  decidedAt: number | null;
  customerResponseAt: number | null;
  fulfilledAt: number | null;
}

interface CasePlan {
  scenario: Scenario;
  status: CaseStatus;
  customer: CustomerPlan;
  order: OrderPlan | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  channel: Channel;
  assignee: StaffMember | null;
  /** A story's first reply, this many business minutes after the case opened; else null. */
  firstReplyAfter: { calendar: CompiledCalendar; minutes: number } | null;
  /** Internal requests: who in the asking department raised it. */
  requester: StaffMember | null;
  /** Whoever works the case: its assignee, or for an unassigned case whoever in the team took it. */
  handler: StaffMember;
  subject: string;
  vars: Record<string, string>;
  openedAt: number;
  interactions: PlannedInteraction[];
  transitions: PlannedTransition[];
  resolution: PlannedResolution | null;
  concern: string | null;
  restatement: string | null;
  restatementAt: number | null;
  cause: string | null;
  rootCause: RootCause | null;
}

/** Fills `{name}` placeholders; an unknown one is a bug in the texts above, so it throws. */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`demo text uses {${name}}, which this case has no value for: ${template}`);
    return value;
  });
}

function capitalised(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function localDate(at: number, timezone: string, withYear = false): string {
  const key = `${timezone}:${withYear}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: withYear ? 'numeric' : undefined, timeZone: timezone });
    dateFormats.set(key, format);
  }
  return format.format(at);
}

/** What a 20% price cut takes off the appliance, in whole units: what the price promise refunds. */
function priceDifference(order: OrderPlan): number {
  return Math.max(100, Math.round((order.lineItems[0]!.unitPriceMinor * 0.2) / 100) * 100);
}

/** The placeholders a case's texts may use. */
function textVariables(customer: CustomerPlan, order: OrderPlan | null): Record<string, string> {
  const vars: Record<string, string> = { first: firstName(customer.name) };
  if (!order) return vars;
  const noun = CATEGORY_NOUNS[order.product.category];
  Object.assign(vars, {
    short: noun,
    Short: capitalised(noun),
    product: order.product.description,
    order: order.externalId,
    total: formatMoney(order.totalMinor, customer.currency),
    difference: formatMoney(priceDifference(order), customer.currency),
  });
  if (order.deliveredAt !== null) {
    vars.delivered = localDate(order.deliveredAt, customer.timezone);
    vars.warrantyEnd = localDate(order.deliveredAt + 730 * DAY, customer.timezone, true);
  }
  return vars;
}

function fitsOrder(scenario: Scenario, order: OrderPlan): boolean {
  if (scenario.categories && !scenario.categories.includes(order.product.category)) return false;
  if (scenario.after === 'delivery') return order.status === 'delivered';
  return order.status === 'paid' || order.status === 'shipped' || order.status === 'delivered';
}

/**
 * When, in hours ago, a case about this order may have opened; null when the order leaves no room.
 * Strict keeps to the age that suits the status and kind; loose only keeps it after the order.
 */
function openingWindow(scenario: Scenario, status: CaseStatus, order: OrderPlan | null, now: number, strict: boolean): [number, number] | null {
  const [youngest, oldest] = strict ? STATUS_AGE_HOURS[status] : [STATUS_AGE_HOURS.new[0], Infinity];
  if (!order) return [youngest, oldest];
  const anchor = scenario.after === 'delivery' ? order.plannedDeliveryAt! : order.purchasedAt;
  const anchorAge = (now - anchor) / HOUR;
  const [minDays, maxDays] = scenario.daysAfter ?? DAYS_AFTER[scenario.kind];
  const from = Math.max(youngest, strict ? anchorAge - maxDays * 24 : 0);
  const to = Math.min(oldest, anchorAge - minDays * 24);
  return from <= to ? [from, to] : null;
}

/**
 * Finds an order (of any customer) that the scenario fits and that leaves room for a case in this
 * status, preferring orders without a case yet so cases spread over the customers. `suits` narrows
 * the orders further (or, returning false for null, rules out a case about no order).
 */
function placeCase(
  random: Random,
  scenario: Scenario,
  status: CaseStatus,
  orders: OrderPlan[],
  customers: CustomerPlan[],
  now: number,
  suits: (order: OrderPlan | null) => boolean,
) {
  if (scenario.after === 'none') {
    if (!suits(null)) return null;
    return { customer: random.pick(customers), order: null, ageHours: drawAge(random, status, openingWindow(scenario, status, null, now, true)!) };
  }
  for (const strict of [true, false]) {
    const fitting = orders.filter((order) => fitsOrder(scenario, order) && openingWindow(scenario, status, order, now, strict) && suits(order));
    const fresh = fitting.filter((order) => order.caseCount === 0);
    const candidates = fresh.length > 0 ? fresh : fitting;
    if (candidates.length === 0) continue;
    const order = random.pick(candidates);
    return { customer: order.customer, order, ageHours: drawAge(random, status, openingWindow(scenario, status, order, now, strict)!) };
  }
  return null;
}

function lagSeconds(random: Random, interaction: Pick<PlannedInteraction, 'channel' | 'direction' | 'author'>): number {
  if (interaction.author.type === 'system') return random.between(1, 3);
  if (interaction.direction === 'internal') return 5 + 900 * random.next() ** 2;
  // Calls, visits and letters are typed up afterwards, sometimes hours later: the lag the
  // logging-lag metric exists to show.
  if (interaction.channel === 'phone' || interaction.channel === 'in_person') return 60 + 3 * 3600 * random.next() ** 3;
  if (interaction.channel === 'letter') return random.between(3600, 6 * 3600);
  return random.between(1, 40);
}

/** We answer in writing on the channel the customer wrote on, and by email after calls, visits and letters. */
function replyChannel(origin: Channel): Channel {
  return origin === 'chat' || origin === 'sms' ? origin : 'email';
}

/** What courtesy a message to the customer shows, read from its words. */
function courtesyMarks(text: string): InteractionMark[] {
  const marks: InteractionMark[] = [];
  if (/\bsorry\b|\bapologi[sz]e/i.test(text)) marks.push('apology');
  if (/\bthank/i.test(text)) marks.push('thanks');
  return marks;
}

const ACCEPTANCES = [
  'Yes please, that works for me.',
  'That sounds fair. Please go ahead.',
  'Thank you, I’m happy with that.',
  'Yes, let’s do that. Thanks for sorting it out.',
  'OK, that’s fine with me. Thanks.',
];

type InteractionDraft = Omit<PlannedInteraction, 'occurredAt' | 'loggedAt'>;

function planInteractions(random: Random, plan: CasePlan, steps: Step[], now: number): PlannedInteraction[] {
  const { scenario, customer, handler } = plan;
  const team = TEAMS[scenario.team].name;
  const first = firstName(customer.name);
  const say = (text: string) => fill(text, plan.vars);
  const written = replyChannel(plan.channel);
  const byHandler: Author = { type: 'staff', member: handler };
  const complaint = scenario.kind === 'complaint';
  // Whoever typed in a call, visit or letter is its author; written messages are the customer's own.
  const fromCustomer: Author = ['phone', 'in_person', 'letter'].includes(plan.channel) ? byHandler : { type: 'customer' };

  const reply = (text: string, signature = `${firstName(handler.name)}\n${SHOP} ${team}`) =>
    written === 'email' ? `Hello ${first},\n\n${text}\n\n${signature}` : text;
  const customerWords = (text: string) => {
    switch (plan.channel) {
      case 'phone':
        return `Phone call, ${random.int(3, 18)} min. ${first} said: "${text}"`;
      case 'in_person':
        return `At the service desk, ${first} said: "${text}"`;
      case 'letter':
        return `Dear Sir or Madam,\n\n${text}\n\nYours faithfully,\n${customer.name}`;
      case 'email':
        return `Hello,\n\n${text}\n\n${random.pick(['Thanks', 'Kind regards', 'Best wishes', 'Cheers'])},\n${first}`;
      default:
        return text;
    }
  };
  // How staff open their first reply to the customer: with an apology for a complaint, else thanks for what reached us.
  const thanks = complaint
    ? "I'm sorry to hear about this, and thank you for taking the time to tell us."
    : scenario.kind === 'check-in'
      ? 'Thank you for your reply.'
      : (({ phone: 'Thank you for calling us today.', in_person: 'Thank you for coming in today.', letter: 'Thank you for your letter.' } as Partial<Record<Channel, string>>)[
          plan.channel
        ] ?? 'Thank you for getting in touch.');
  const acknowledgement = (): InteractionDraft => {
    // Asked by another department, the team introduces itself to the customer.
    if (plan.requester) {
      const next = plan.assignee
        ? `I'm ${firstName(handler.name)}, and I'm looking after this as case ${CASE_NUMBER}. I'll come back to you within one working day.`
        : `Your case number is ${CASE_NUMBER}; someone from our team will come back to you within one working day.`;
      return { channel: written, direction: 'outbound', author: byHandler, body: reply(`${say(scenario.handover!)} ${next}`), marks: [] };
    }
    // Messages nobody has picked up yet get the automatic acknowledgement; a call, visit or letter
    // was taken by someone, who acknowledges it themselves.
    if (!plan.assignee && fromCustomer.type === 'customer') {
      const text = `Thank you for contacting ${SHOP}. We've received your message and opened case ${CASE_NUMBER}; someone from our ${team} team will reply within one working day.`;
      return { channel: written, direction: 'outbound', author: { type: 'system' }, body: reply(text, `${SHOP} ${team}`), marks: [] };
    }
    const next = plan.assignee
      ? `I'm ${firstName(handler.name)}, and I'm looking after this as case ${CASE_NUMBER}. I'll come back to you within one working day.`
      : `Your case number is ${CASE_NUMBER}; someone from our ${team} team will come back to you within one working day.`;
    return { channel: written, direction: 'outbound', author: byHandler, body: reply(`${thanks} ${next}`), marks: courtesyMarks(thanks) };
  };
  const approvalNote = (): InteractionDraft => {
    const resolution = plan.resolution!;
    const { proposer, approver } = resolution;
    const steppedIn = proposer !== handler ? `${firstName(handler.name)} asked me to step in. ` : '';
    const remedy = say(scenario.remedy);
    const money = resolution.amountMinor === null ? '' : formatMoney(resolution.amountMinor, resolution.currency!);
    const amount = money === '' || remedy.includes(money) ? '' : ` (${money})`;
    const why = resolution.policy === null ? 'It goes further than our policy provides' : `That is above my authority limit for ${resolution.type.replaceAll('_', ' ')}`;
    return {
      channel: plan.channel,
      direction: 'internal',
      author: { type: 'staff', member: proposer },
      body: `${steppedIn}Proposed resolution: ${remedy}${amount}. ${why}, so I've asked ${approver!.name} to approve it before I confirm it to ${first}.`,
      marks: [],
    };
  };
  let attempts = 0;
  const failedAttempt = (): InteractionDraft => {
    attempts++;
    const remedy = say(scenario.remedy);
    const body = [
      `Called ${first} to check that ${remedy} has sorted things out: no answer. Left a voicemail with the case number.`,
      `Called ${first} again: no answer. Left a second voicemail and asked the same by email.`,
      `Third call to ${first}: no answer. As the procedure says, we'll treat the case as resolved unless we hear back.`,
    ][Math.min(attempts, 3) - 1]!;
    return { channel: 'phone', direction: 'outbound', author: byHandler, body, marks: ['failed_attempt'] };
  };

  // A written reply by the handler, with the courtesy its words show; the customer writing to us.
  const writtenReply = (text: string, marks: InteractionMark[] = []): InteractionDraft => ({
    channel: written,
    direction: 'outbound',
    author: byHandler,
    body: reply(text),
    marks: [...courtesyMarks(text), ...marks],
  });
  const customerWrites = (text: string, marks: InteractionMark[] = []): InteractionDraft => ({ channel: written, direction: 'inbound', author: { type: 'customer' }, body: text, marks });

  const requester: Author | null = plan.requester && { type: 'staff', member: plan.requester };
  const interactionAt: Record<Step, () => InteractionDraft> = {
    open: () =>
      requester
        ? { channel: plan.channel, direction: 'internal', author: requester, body: say(scenario.opening), marks: [] }
        : scenario.kind === 'check-in'
          ? { channel: plan.channel, direction: 'outbound', author: { type: 'system' }, body: `${say(scenario.opening)}\n\n${SHOP} ${team}`, marks: [] }
          : { channel: plan.channel, direction: 'inbound', author: fromCustomer, body: customerWords(say(scenario.opening)), marks: [] },
    chaser: () =>
      requester
        ? {
            channel: plan.channel,
            direction: 'internal',
            author: requester,
            body: `Any news on this? ${first} has been in touch with ${TEAMS[scenario.requestedBy!].name} again.`,
            marks: [],
          }
        : {
            channel: plan.channel,
            direction: 'inbound',
            author: fromCustomer,
            body:
              plan.channel === 'phone' || plan.channel === 'in_person'
                ? `${first} got in touch again asking for an update. Told them the case is in the ${team} queue and someone will reply today.`
                : customerWords("Any news on this? I haven't heard back yet."),
            marks: [],
          },
    ack: acknowledgement,
    reply: () => ({ channel: plan.channel, direction: 'inbound', author: { type: 'customer' }, body: say(scenario.reply!), marks: [] }),
    note: () => ({ channel: plan.channel, direction: 'internal', author: byHandler, body: say(scenario.finding), marks: [] }),
    call: () =>
      complaint
        ? {
            channel: 'phone',
            direction: 'outbound',
            author: byHandler,
            body: `Called ${first} (${random.int(4, 15)} min) and read back my understanding: "${plan.restatement}" ${first} confirmed that is what happened. Apologised, and said I'd come back to them with what we find.`,
            marks: ['understanding_confirmed', 'apology'],
          }
        : {
            channel: 'phone',
            direction: 'outbound',
            author: byHandler,
            body: `Called ${first} (${random.int(4, 15)} min) and read back my understanding of the problem: "${plan.subject}". ${first} confirmed it. Explained that we're looking at ${say(scenario.remedy)} and that I'll confirm in writing.`,
            marks: ['understanding_confirmed'],
          },
    ask: () => writtenReply(say(scenario.ask)),
    approval: approvalNote,
    // A complaint's proposal tells the customer what went wrong: the Explain of the procedure.
    proposal: () => writtenReply(say(scenario.proposal), complaint ? ['explanation'] : []),
    accept: () => customerWrites(random.pick(ACCEPTANCES)),
    attempt: failedAttempt,
    confirm: () => customerWrites(say(scenario.confirmation), ['resolution_confirmed']),
    close: () => ({
      channel: plan.channel,
      direction: 'internal',
      author: byHandler,
      body: random.pick([
        `${first} confirmed the outcome. Nothing further needed; closing.`,
        'Resolution confirmed by the customer; closing the case.',
        'Checked back a few days later: all still fine. Closing.',
      ]),
      marks: [],
    }),
    answer: () => {
      const proposal = say(scenario.proposal);
      // A proposal that thanks the customer already needs no thanks before it.
      return writtenReply(/^thank/i.test(proposal) ? proposal : `${thanks} ${proposal}`);
    },
    relapse: () => customerWrites(say(scenario.relapse!.message)),
    recheck: () => ({ channel: plan.channel, direction: 'internal', author: byHandler, body: say(scenario.relapse!.finding), marks: [] }),
    fix: () => writtenReply(say(scenario.relapse!.fix)),
    reconfirm: () => customerWrites(say(scenario.relapse!.confirmation), ['resolution_confirmed']),
  };

  // The usual gaps between steps, squeezed into the time since the case opened when they would
  // not fit, so nothing happens in the future however recent the case. Staff work in desk hours,
  // unless that would be later than now. Each step happens after the previous one was logged, so
  // what was done in between (a status change, an approval) sits between the two.
  const speed = pace(plan);
  // Whoever took a call or a visit, or opened a letter, confirms it in writing the same morning or afternoon.
  const taken = plan.channel === 'phone' || plan.channel === 'in_person' || plan.channel === 'letter';
  const gaps = steps.map((step) => random.between(...STEP_GAP_HOURS[step]) * HOUR * (STAFF_PACED.has(step) ? speed : 1) * (step === 'ack' && taken ? 0.3 : 1));
  const room = (now - plan.openedAt) * 0.9;
  const needed = gaps.reduce((sum, gap) => sum + gap, 0);
  const scale = needed > room ? room / needed : 1;
  let occurredAt = plan.openedAt;
  let loggedAt = plan.openedAt;
  let caseCreatedAt = now;
  return steps.map((step, index) => {
    const interaction = interactionAt[step]();
    if (index > 0) {
      const previous = loggedAt;
      // Nothing is added to a case before it exists, which is when its first contact was logged.
      const usual = Math.round(previous + gaps[index]! * scale);
      const late = index === 1 && plan.firstReplyAfter ? addBusinessMinutes(plan.firstReplyAfter.calendar, plan.openedAt, plan.firstReplyAfter.minutes) : usual;
      const planned = Math.max(late, previous + 1000, caseCreatedAt + 1000);
      const inDeskHours = interaction.author.type === 'staff' ? deskTime(planned, random.between(0, 90)) : planned;
      occurredAt = inDeskHours < now - 60_000 ? inDeskHours : planned;
      // Earlier steps moved into desk hours can leave no room; then this one falls halfway to now.
      if (occurredAt > now - 60_000) occurredAt = Math.round(previous + (now - previous) / 2);
    }
    // A case logged only just now would leave its later steps no time to have happened.
    const latest = index === 0 && steps.length > 1 ? occurredAt + (now - occurredAt) / 2 : occurredAt + (now - occurredAt) * 0.9;
    loggedAt = Math.round(Math.min(latest, occurredAt + lagSeconds(random, interaction) * 1000));
    if (index === 0) caseCreatedAt = loggedAt;
    return { ...interaction, occurredAt, loggedAt };
  });
}

/** The steps in which staff move a case on, which they do faster the tighter its SLA. */
const STAFF_PACED = new Set<Step>(['ack', 'note', 'call', 'ask', 'approval', 'proposal', 'answer', 'recheck', 'fix']);

/**
 * How fast staff worked the case, as a factor on the usual gaps: urgent complaints, key customers
 * and colleagues' requests get answers first, as their SLAs ask.
 */
function pace(plan: CasePlan): number {
  const pressing = plan.priority === 'urgent' || plan.priority === 'high';
  if (plan.requester) return 0.5;
  if (plan.scenario.kind === 'complaint' && pressing) return 0.25;
  if (plan.customer.tier === 'platinum' || plan.customer.tier === 'gold') return 0.5;
  if (pressing) return 0.5;
  return plan.priority === 'low' ? 1 : 0.8;
}

/** Calls, visits, letters and internal requests reach the desk while it is open; messages arrive at any hour. */
function openingTime(at: number, channel: Channel | null, now: number, random: Random): number {
  // A request from another department (no channel of its own here) is written in desk hours too.
  if (channel !== null && channel !== 'phone' && channel !== 'in_person' && channel !== 'letter') return Math.round(at);
  const inHours = deskTime(at, random.between(0, 90));
  return Math.round(inHours < now - STATUS_AGE_HOURS.new[0] * HOUR ? inHours : at);
}

// ---------------------------------------------------------------------------------------------
// Resolutions and the case's history

/** Vouchers on ordinary cases, and the bigger gestures that wait for approval. */
const VOUCHERS = [1000, 1500, 2000];
const BIG_VOUCHERS = [3000, 4000, 5000];

/** A user's own limit, over their role's: the billing agent may refund more than other agents. */
const DEMO_USER_LIMITS: { email: string; resolutionType: ResolutionType; maxAmountMinor: number }[] = [
  { email: 'lucas.martin@demo.aftercare.local', resolutionType: 'refund_full', maxAmountMinor: 25_000 },
  { email: 'lucas.martin@demo.aftercare.local', resolutionType: 'refund_partial', maxAmountMinor: 25_000 },
];

/** Who may approve what someone else cannot, cheapest first. */
const APPROVERS: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** Limits are planned with staff emails standing in for user ids, which only exist once written. */
function authorityOf(member: StaffMember): Authority {
  return { role: member.role, userId: member.email };
}

function amountOf(spec: ResolutionSpec, order: OrderPlan | null, currency: Currency, voucherMinor: number): number | null {
  const extra = spec.plusVoucher ? voucherMinor : 0;
  switch (spec.amount) {
    case null:
      return null;
    case 'total':
      return order!.totalMinor;
    case 'product':
      return order!.lineItems[0]!.unitPriceMinor;
    case 'difference':
      return priceDifference(order!);
    case 'voucher':
      return voucherMinor;
    default:
      return price(spec.amount, currency) + extra;
  }
}

// Asked for every order a case waiting for approval might concern, and a refusal's reason builds a
// number formatter: the answers are remembered, per set of rules.
const beyondAnswers = new WeakMap<readonly LimitRule[], Map<string, boolean>>();

/** Whether this staff member would need approval for the scenario's resolution on this order. */
function beyondAuthority(rules: readonly LimitRule[], member: StaffMember, spec: ResolutionSpec, order: OrderPlan | null): boolean {
  const currency = order?.customer.currency ?? 'EUR';
  const amount = amountOf(spec, order, currency, BIG_VOUCHERS[0]!);
  let answers = beyondAnswers.get(rules);
  if (!answers) beyondAnswers.set(rules, (answers = new Map()));
  const key = `${member.email}:${spec.type}:${currency}:${amount}`;
  let beyond = answers.get(key);
  if (beyond === undefined) {
    beyond = !authorityCovers(rules, authorityOf(member), { type: spec.type, currency, totalMinor: amount }).covered;
    answers.set(key, beyond);
  }
  return beyond;
}

const APPROVAL_REASONS = [
  'Approved: fair for what the customer went through.',
  'Approved: the policy covers it, it is only above the agent limit.',
  'Approved. Please make sure the cause gets fixed too.',
  'Approved: the order value justifies it.',
];

/**
 * What the case's resolution is and who decides on it, as the resolutions store would: within the
 * proposer's authority it is offered at once; above it, or without a policy, it needs someone whose
 * authority covers it. A case waiting for approval always needs one: within their authority, the
 * proposer is asking for more than the policy provides.
 */
function planResolution(random: Random, plan: CasePlan, proposer: StaffMember, voucherMinor: number, rules: readonly LimitRule[]): PlannedResolution {
  const spec = plan.scenario.resolution;
  const currency = plan.customer.currency;
  const amountMinor = amountOf(spec, plan.order, currency, voucherMinor);
  const money = { type: spec.type, currency: amountMinor === null ? null : currency, totalMinor: amountMinor };
  const covered = authorityCovers(rules, authorityOf(proposer), money);
  const deviation = covered.covered && plan.status === 'awaiting_approval';
  const approvalReason = deviation ? 'no policy cited: a deviation from policy needs approval' : covered.covered ? null : covered.reason;
  const approver = approvalReason
    ? STAFF.find((member) => APPROVERS.includes(member.role) && member !== proposer && authorityCovers(rules, authorityOf(member), money).covered)
    : null;
  if (approver === undefined) throw new Error(`demo data: nobody may approve ${spec.type} of ${amountMinor} ${currency}`);
  const summary = capitalised(fill(plan.scenario.remedy, plan.vars));
  return {
    type: spec.type,
    amountMinor,
    currency: amountMinor === null ? null : currency,
    summary: deviation ? `${summary}, as an exception to policy` : summary,
    policy: deviation ? null : spec.policy,
    policyVersion: null,
    proposer,
    approver,
    approvalReason,
    decisionReason: random.pick(APPROVAL_REASONS),
    status: 'proposed',
    createdAt: 0,
    decidedAt: null,
    customerResponseAt: null,
    fulfilledAt: null,
  };
}

/**
 * How a settled case went. One reply settles a case only when the customer raised it themselves (a
 * colleague's request opens with their note) and answered us; a case reopens only if its scenario
 * says how the first answer failed.
 */
function courseOf(random: Random, plan: CasePlan, attempts: number): Course {
  if (plan.status !== 'resolved' && plan.status !== 'closed') return 'usual';
  const relapsed = random.chance(RELAPSE_SHARE);
  const settledInOneReply = random.chance(ONE_REPLY_SHARES[plan.scenario.kind]);
  if (plan.requester || attempts > 0) return 'usual';
  if (relapsed && plan.scenario.relapse) return 'reopened';
  return settledInOneReply ? 'one_reply' : 'usual';
}

const INVESTIGATION_REASONS: Record<CaseKind, string> = {
  query: 'Looking into the question',
  complaint: 'Investigating the complaint',
  return: 'Checking the return against the order',
  fault: 'Checking the fault against known issues for this model',
  feedback: 'Passing the feedback on and seeing what we can do',
  'check-in': "Following up on the customer's answer",
};

type HistoryEvent = { kind: 'transition'; transition: Omit<PlannedTransition, 'at'> } | { kind: 'restatement' } | { kind: 'fulfilment' };

/**
 * What happened on the case between its contacts: its status changes with who made them and why,
 * the resolution's decisions, when the restatement was recorded and the resolution carried out.
 * Each lands between the contact that led to it and the next, following the lifecycle's rules.
 */
function planHistory(random: Random, plan: CasePlan, steps: Step[], restateAfterNote: boolean, fulfilled: boolean, now: number): void {
  const { interactions, handler, resolution } = plan;
  const complaint = plan.scenario.kind === 'complaint';
  // Between contact i and the next (or now): what follows i at once, what happens later, and what
  // leads up to the next contact.
  const slots = interactions.map(() => ({ after: [] as HistoryEvent[], mid: [] as HistoryEvent[], before: [] as HistoryEvent[] }));
  let status = 'new' as CaseStatus;
  const move = (into: HistoryEvent[], event: CaseEvent, actor: StaffMember, reason: string) => {
    const outcome = nextCaseStatus(status, event);
    if (!outcome.ok) throw new Error(`demo data: ${outcome.reason} (${plan.subject}, ${plan.status})`);
    into.push({ kind: 'transition', transition: { event, from: status, to: outcome.to, reason, actor } });
    status = outcome.to;
  };
  for (const [index, step] of steps.entries()) {
    const before = slots[index - 1]?.before ?? [];
    const { after, mid } = slots[index]!;
    // A case settled in one reply goes into investigation straight from new: its answer is its first reply.
    if ((step === 'note' || step === 'call' || step === 'approval' || step === 'proposal' || step === 'answer') && (status === 'acknowledged' || status === 'new')) {
      move(before, 'start_investigation', handler, INVESTIGATION_REASONS[plan.scenario.kind]);
    }
    if (step === 'call' && complaint) before.push({ kind: 'restatement' });
    if (step === 'approval') move(before, 'request_approval', resolution!.proposer, resolution!.approvalReason!);
    if ((step === 'proposal' || step === 'answer') && status === 'investigating') move(before, 'propose_resolution', resolution!.proposer, `Proposed: ${resolution!.summary}`);

    if ((step === 'ack' || step === 'reply') && status === 'new') {
      const automatic = interactions[index]!.author.type === 'system';
      const team = TEAMS[plan.scenario.team].name;
      const reason = step === 'reply' ? 'The customer answered our check-in' : automatic ? `Triaged in the ${team} queue` : 'First reply to the customer';
      move(after, 'acknowledge', handler, reason);
    }
    if (step === 'note' && restateAfterNote) after.push({ kind: 'restatement' });
    if (step === 'approval' && (steps.includes('proposal') || steps.includes('answer'))) move(mid, 'approve_resolution', resolution!.approver!, resolution!.decisionReason!);
    if (step === 'accept' || step === 'answer') {
      // A remedy granted in the first reply leaves the customer nothing to agree to, only to confirm it worked.
      move(after, 'customer_accepted', handler, step === 'accept' ? 'Customer accepted the resolution' : 'Granted in our first reply: nothing for the customer to agree to');
      if (fulfilled) mid.push({ kind: 'fulfilment' });
    }
    if (step === 'ask') move(after, 'await_customer', handler, "Waiting for the customer's answer");
    if (step === 'confirm' || step === 'reconfirm') move(after, 'customer_confirmed', handler, 'Customer confirmed it is resolved');
    if (step === 'relapse') move(after, 'reopen', handler, 'The customer wrote back: it did not hold');
    if (step === 'fix') move(after, 'await_customer', handler, 'Asked the customer to confirm it holds this time');
    if (step === 'attempt' && steps.indexOf('attempt') + 2 === index) {
      move(after, 'customer_unreachable', handler, 'Customer unreachable after 3 documented attempts');
    }
    if (step === 'close') move(after, 'close', handler, complaint ? 'Cause and root cause recorded; closing' : 'Resolved and confirmed; closing');
  }
  if (status !== plan.status) throw new Error(`demo data: the history of a ${plan.status} case ends in ${status}`);

  const MINUTE = 60_000;
  const settle = (event: HistoryEvent, at: number) => {
    if (event.kind === 'restatement') plan.restatementAt = at;
    else if (event.kind === 'fulfilment') resolution!.fulfilledAt = at;
    else {
      plan.transitions.push({ ...event.transition, at });
      const { event: name } = event.transition;
      if (name === 'propose_resolution' || name === 'request_approval') resolution!.createdAt = at;
      if (name === 'approve_resolution') resolution!.decidedAt = at;
      if (name === 'customer_accepted') resolution!.customerResponseAt = at;
    }
  };
  // Soon after the contact, some time later, or shortly before the next (a staff step, so in desk
  // hours already). Staff act in desk hours when the gap leaves room. Every time is drawn whatever
  // the gap, so the same seed draws the same numbers on any day.
  const inDeskHours = (at: number, earliest: number, latest: number) => {
    const later = deskTime(at, random.between(0, 45));
    const earlier = deskTimeBefore(at, random.between(5, 60));
    if (later <= latest) return later;
    return earlier >= earliest ? earlier : at;
  };
  for (const [index, slot] of slots.entries()) {
    const from = interactions[index]!.loggedAt;
    const to = index + 1 < interactions.length ? interactions[index + 1]!.occurredAt : now;
    const span = to - from;
    // What follows a contact at once, then what happens some time later, then what leads up to the
    // next (which starts after 70% of the gap at the earliest): each in its own part of the gap.
    const laterUntil = slot.before.length > 0 ? 0.65 : 0.95;
    const afterUntil = slot.mid.length > 0 ? 0.3 : laterUntil;
    const laterFrom = slot.after.length > 0 ? 0.35 : 0.05;
    let at = from;
    for (const event of slot.after) {
      const soon = at + Math.min(random.between(1, 15) * MINUTE, (span * 0.3) / slot.after.length);
      at = inDeskHours(soon, at + 1000, from + span * afterUntil);
      settle(event, Math.round(at));
    }
    slot.mid.forEach((event, n) => {
      const share = (laterUntil - laterFrom) / slot.mid.length;
      const earliest = from + span * (laterFrom + share * n);
      const latest = earliest + span * share;
      settle(event, Math.round(inDeskHours(earliest + (latest - earliest) * random.next(), earliest, latest)));
    });
    const leadIns = slot.before.map(() => Math.min(random.between(1, 20) * MINUTE, (span * 0.3) / slot.before.length));
    at = to - leadIns.reduce((sum, lead) => sum + lead, 0);
    for (const [n, event] of slot.before.entries()) {
      settle(event, Math.round(at));
      at += leadIns[n]!;
    }
  }

  if (resolution) {
    const version = resolution.policy && policyVersionAt(resolution.policy, resolution.createdAt, now);
    if (resolution.policy && !version) throw new Error(`demo data: no ${resolution.policy} policy is in effect for a case opened ${new Date(plan.openedAt).toISOString()}`);
    resolution.policyVersion = version ?? null;
    resolution.status =
      plan.status === 'awaiting_approval'
        ? 'pending_approval'
        : plan.status === 'resolution_proposed'
          ? resolution.approver
            ? 'approved'
            : 'proposed'
          : resolution.fulfilledAt !== null
            ? 'fulfilled'
            : 'accepted';
  }
}

/**
 * A case placed in business time, so that its SLA stands the same way whatever the day and hour:
 * a new one nobody has answered, opened this share of its first-response target ago; or one first
 * answered only after this share of the target had passed.
 */
interface SlaStory {
  priority: CasePlan['priority'];
  firstResponseUsed?: number;
  answeredAfter?: number;
}

/** Cases whose SLA reads the same on any day: two nearly due, one at ease, two overdue, one closed late. */
const SLA_STORIES: { kind: CaseKind; status: CaseStatus; story: SlaStory }[] = [
  { kind: 'complaint', status: 'new', story: { priority: 'urgent', firstResponseUsed: 0.85 } },
  { kind: 'fault', status: 'new', story: { priority: 'normal', firstResponseUsed: 0.9 } },
  { kind: 'query', status: 'new', story: { priority: 'normal', firstResponseUsed: 0.3 } },
  { kind: 'complaint', status: 'new', story: { priority: 'high', firstResponseUsed: 2.5 } },
  { kind: 'return', status: 'new', story: { priority: 'normal', firstResponseUsed: 1.5 } },
  { kind: 'query', status: 'closed', story: { priority: 'normal', answeredAfter: 1.6 } },
];

/** Far enough back for a story's opening even across Christmas and a weekend. */
const ROOM_FOR_STORIES_HOURS = 14 * 24;

/** The internal requests, one in each of these statuses. */
const INTERNAL_STATUSES: CaseStatus[] = ['new', 'acknowledged', 'investigating', 'awaiting_customer', 'resolved', 'closed'];

interface WantedCase {
  kind: CaseKind;
  status: CaseStatus;
  internal?: boolean;
  story?: SlaStory;
}

function planCases(random: Random, customers: CustomerPlan[], orders: OrderPlan[], rules: readonly LimitRule[], now: number): CasePlan[] {
  // Every kind in every status at least once, so each list filter and badge has something to show.
  const wanted: WantedCase[] = CASE_KINDS.flatMap((kind) => CASE_STATUSES.map((status) => ({ kind, status })));
  const total = Math.max(customers.length, wanted.length);
  while (wanted.length < total) wanted.push({ kind: random.weighted(CASE_KIND_SHARES), status: random.weighted(STATUS_SHARES) });
  // Last, so the cases above come out the same as without them.
  wanted.push(...INTERNAL_STATUSES.map((status) => ({ kind: 'query' as const, status, internal: true })));
  wanted.push(...SLA_STORIES);

  // A few cases stand out on purpose: a supervisor's own proposal waiting for someone else's
  // approval, customers who could not be reached to confirm, one still being tried.
  let supervisorProposalPlanned = false;
  const problems = { resolved: 0, awaiting_customer: 0 } as Record<CaseStatus, number>;

  const plans: CasePlan[] = [];
  for (const { kind, status, internal, story } of wanted) {
    const scenarios = random.shuffled((internal ? INTERNAL_SCENARIOS : SCENARIOS).filter((scenario) => scenario.kind === kind));
    let placed: { scenario: Scenario; customer: CustomerPlan; order: OrderPlan | null; ageHours: number } | null = null;
    // A case waiting for approval is one whose resolution is beyond its proposer's authority, where
    // one can be: the first complaint waiting is the supervisor's, the others agents'.
    const supervisorProposes = status === 'awaiting_approval' && kind === 'complaint' && !supervisorProposalPlanned;
    const supervisor = staffWithRole('supervisor');
    const agentsBeyond = (scenario: Scenario, order: OrderPlan | null) =>
      caseWorkersOf(scenario.team).filter((member) => member.role === 'agent' && beyondAuthority(rules, member, scenario.resolution, order));
    const beyondSupervisor = (scenario: Scenario) => (order: OrderPlan | null) => beyondAuthority(rules, supervisor, scenario.resolution, order);
    const beyondAnAgent = (scenario: Scenario) => (order: OrderPlan | null) => agentsBeyond(scenario, order).length > 0;
    const anything = () => () => true;
    // A story's case may open well before its usual window (over a long weekend): on an order old enough for that.
    const roomy = (scenario: Scenario) => (order: OrderPlan | null) => (openingWindow(scenario, status, order, now, false)?.[1] ?? 0) >= ROOM_FOR_STORIES_HOURS;
    const narrowings = story?.firstResponseUsed
      ? [roomy]
      : status !== 'awaiting_approval'
        ? [anything]
        : supervisorProposes
          ? [beyondSupervisor, beyondAnAgent, anything]
          : [beyondAnAgent, anything];
    for (const narrowing of narrowings) {
      for (const scenario of scenarios) {
        const spot = placeCase(random, scenario, status, orders, customers, now, narrowing(scenario));
        if (spot) {
          placed = { scenario, ...spot };
          break;
        }
      }
      if (placed) break;
    }
    if (!placed) throw new Error(`demo data: no order can carry a ${kind} case; seed more customers`);
    const { scenario, customer, order } = placed;
    // A new story's case is placed by its clock below; its drawn age must not decide anything.
    const ageHours = story?.firstResponseUsed ? 0 : placed.ageHours;
    if (order) {
      order.caseCount++;
      const settled = status === 'resolved' || status === 'closed';
      const orderStatus = settled ? scenario.orderWhenSettled : scenario.orderWhileOpen;
      if (orderStatus) order.status = orderStatus;
    }
    let channel: Channel = kind === 'check-in' ? random.weighted({ email: 80, sms: 20 }) : random.weighted(ORIGIN_CHANNEL_SHARES);
    if (channel === 'sms' && !customer.phone) channel = 'email';
    const unassignedChance = status === 'new' ? 0.75 : status === 'acknowledged' ? 0.35 : 0;
    // Waiting for approval, the case is with an agent whose authority does not cover its resolution.
    const needing = status === 'awaiting_approval' ? agentsBeyond(scenario, order) : [];
    const workers = needing.length > 0 ? needing : caseWorkersOf(scenario.team);
    const assignee = random.chance(unassignedChance) ? null : random.weightedItem(workers, (member) => member.caseShare);
    // Unassigned cases are still worked by someone: whoever in the team took the call or wrote the note.
    const handler = assignee ?? random.pick(workers);
    const voucherMinor = random.pick(status === 'awaiting_approval' ? BIG_VOUCHERS : VOUCHERS);
    const vars = { ...textVariables(customer, order), voucher: formatMoney(voucherMinor, customer.currency, true) };
    const requester = scenario.requestedBy ? random.pick(STAFF.filter((member) => member.team === scenario.requestedBy)) : null;
    const priority = random.weighted(PRIORITY_SHARES[kind]);
    const plan: CasePlan = {
      scenario,
      status,
      customer,
      order,
      priority: story?.priority ?? priority,
      channel,
      assignee,
      requester,
      firstReplyAfter: null,
      handler,
      subject: fill(scenario.subject, vars),
      vars,
      openedAt: openingTime(now - placed.ageHours * HOUR, requester ? null : channel, now, random),
      interactions: [],
      transitions: [],
      resolution: null,
      concern: null,
      restatement: null,
      restatementAt: null,
      cause: null,
      rootCause: null,
    };

    if (story) {
      const sla = plannedSlaPolicy({ kind, priority: plan.priority, tier: customer.tier, channel, requestedBy: null })!;
      if (story.firstResponseUsed) plan.openedAt = Math.round(businessTimeBefore(sla.calendar, now, story.firstResponseUsed * sla.firstResponseMinutes!));
      if (story.answeredAfter) plan.firstReplyAfter = { calendar: sla.calendar, minutes: story.answeredAfter * sla.firstResponseMinutes! };
    }

    const proposer = supervisorProposes ? supervisor : handler;
    if (supervisorProposes) supervisorProposalPlanned = true;
    if (hasResolution(kind, status)) plan.resolution = planResolution(random, plan, proposer, voucherMinor, rules);
    let attempts = 0;
    if ((status === 'resolved' || status === 'awaiting_customer') && (kind === 'fault' || kind === 'complaint') && customer.phone) {
      const nth = problems[status]++;
      if (status === 'resolved' && (nth === 0 || nth === 4)) attempts = 3;
      if (status === 'awaiting_customer' && nth === 0) attempts = 2;
    }
    const steps = stepsFor(kind, status, ageHours, random, Boolean(plan.resolution?.approvalReason), attempts, courseOf(random, plan, attempts));

    // What the procedure has on record so far: the concern once someone has read it, the
    // restatement before the call that checks it, the cause once it has been found.
    const pastInvestigation = !['new', 'acknowledged', 'investigating'].includes(status);
    const restateAfterNote = kind === 'complaint' && status === 'investigating' && !steps.includes('call') && random.chance(0.5);
    const causeFound = pastInvestigation || (status === 'investigating' && random.chance(0.5));
    if (kind === 'complaint') {
      const automaticAck = !assignee && !['phone', 'in_person', 'letter'].includes(channel);
      if (status !== 'new' && !(status === 'acknowledged' && automaticAck)) plan.concern = fill(scenario.opening, vars);
      if (steps.includes('call') || restateAfterNote) plan.restatement = fill(scenario.restatement!, vars);
    } else if ((kind === 'fault' || kind === 'return') && (status === 'investigating' || pastInvestigation)) {
      plan.concern = fill(scenario.opening, vars);
    }
    if (scenario.cause && causeFound) {
      plan.cause = fill(scenario.cause, vars);
      plan.rootCause = scenario.rootCause!;
    }

    plan.interactions = planInteractions(random, plan, steps, now);
    const fulfilled = status === 'resolved' || status === 'closed' || random.chance(0.5);
    planHistory(random, plan, steps, restateAfterNote, fulfilled, now);
    plans.push(plan);
  }
  // Numbers and ids are handed out in the order cases were logged, as they would have been live.
  return plans.sort((a, b) => a.interactions[0]!.loggedAt - b.interactions[0]!.loggedAt);
}

// ---------------------------------------------------------------------------------------------
// Writing

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface WrittenIds {
  team: Record<TeamKey, string>;
  user: Map<string, string>;
  policy: Record<PolicyKey, string>;
}

async function writeCases(work: Work, plans: CasePlan[], ids: WrittenIds): Promise<void> {
  // The counter `openCase` draws from, so cases opened after the demo carry on from its last number.
  const numbers = await reserveCaseNumbers(work, plans.length);
  const iso = (at: number) => new Date(at).toISOString();
  const isoOrNull = (at: number | null) => (at === null ? null : iso(at));
  const userOf = (member: StaffMember) => ids.user.get(member.email)!;
  for (const [index, plan] of plans.entries()) {
    const number = numbers[index]!;
    const createdAt = plan.interactions[0]!.loggedAt;
    const { resolution } = plan;
    const resolutionUpdatedAt = resolution
      ? Math.max(resolution.createdAt, resolution.decidedAt ?? 0, resolution.customerResponseAt ?? 0, resolution.fulfilledAt ?? 0)
      : 0;
    const lastChange = Math.max(
      ...plan.interactions.map((interaction) => interaction.loggedAt),
      ...plan.transitions.map((transition) => transition.at),
      plan.restatementAt ?? 0,
      resolutionUpdatedAt,
    );
    const row: CaseRow = {
      id: newId('case', createdAt),
      number,
      customer_id: plan.customer.id!,
      transaction_id: plan.order?.id ?? null,
      kind: plan.scenario.kind,
      subject: plan.subject,
      priority: plan.priority,
      channel: plan.channel,
      status: plan.status,
      team_id: ids.team[plan.scenario.team],
      assignee_id: plan.assignee ? userOf(plan.assignee) : null,
      opened_at: iso(plan.openedAt),
      created_at: iso(createdAt),
      updated_at: iso(lastChange),
      concern: plan.concern,
      restatement: plan.restatement,
      restatement_at: isoOrNull(plan.restatementAt),
      cause: plan.cause,
      root_cause: plan.rootCause,
      requesting_team_id: plan.scenario.requestedBy ? ids.team[plan.scenario.requestedBy] : null,
      sla_policy_id: null,
      sla_json: null,
      sla_due_at: null,
    };
    await insertAudited(work, 'cases', row);
    for (const interaction of plan.interactions) {
      const author =
        interaction.author.type === 'customer'
          ? { author_type: 'customer', author_id: plan.customer.id!, author_name: plan.customer.name }
          : interaction.author.type === 'staff'
            ? { author_type: 'user', author_id: userOf(interaction.author.member), author_name: interaction.author.member.name }
            : { author_type: 'system', author_id: SYSTEM_ACTOR.id, author_name: SYSTEM_ACTOR.name };
      const interactionRow: InteractionRow = {
        id: newId('int', interaction.loggedAt),
        case_id: row.id,
        customer_id: row.customer_id,
        channel: interaction.channel,
        direction: interaction.direction,
        ...author,
        body: interaction.body.replaceAll(CASE_NUMBER, number),
        occurred_at: iso(interaction.occurredAt),
        logged_at: iso(interaction.loggedAt),
        marks_json: JSON.stringify(interaction.marks),
      };
      await insertAudited(work, 'interactions', interactionRow);
    }
    for (const transition of plan.transitions) {
      await insertAudited(work, 'case_transitions', {
        id: newId('trn', transition.at),
        case_id: row.id,
        event: transition.event,
        from_status: transition.from,
        to_status: transition.to,
        reason: transition.reason,
        actor_type: 'user',
        actor_id: userOf(transition.actor),
        actor_name: transition.actor.name,
        at: iso(transition.at),
      });
    }
    if (resolution) {
      const required = resolution.approvalReason !== null;
      const resolutionRow: ResolutionRow = {
        id: newId('res', resolution.createdAt),
        case_id: row.id,
        type: resolution.type,
        amount_minor: resolution.amountMinor,
        currency: resolution.currency,
        summary: resolution.summary,
        no_action_reason: null,
        policy_id: resolution.policy ? ids.policy[resolution.policy] : null,
        policy_version: resolution.policyVersion,
        status: resolution.status,
        proposed_by_type: 'user',
        proposed_by_id: userOf(resolution.proposer),
        proposed_by_name: resolution.proposer.name,
        approval: required ? 'required' : 'within_limit',
        approval_reason: resolution.approvalReason,
        decided_by_id: resolution.decidedAt === null ? null : userOf(resolution.approver!),
        decided_by_name: resolution.decidedAt === null ? null : resolution.approver!.name,
        decided_at: isoOrNull(resolution.decidedAt),
        decision_reason: resolution.decidedAt === null ? null : resolution.decisionReason,
        customer_response_at: isoOrNull(resolution.customerResponseAt),
        customer_note: null,
        fulfilled_at: isoOrNull(resolution.fulfilledAt),
        created_at: iso(resolution.createdAt),
        updated_at: iso(resolutionUpdatedAt),
      };
      await insertAudited(work, 'resolutions', resolutionRow);
    }
  }
}

/**
 * The first table that already holds data, or null for an empty store. Customers and orders can
 * be imported before anyone has an account, so "no users" is not enough.
 */
export async function tableWithData(db: Queryable): Promise<string | null> {
  for (const table of ['users', 'customers', 'transactions', 'cases'] as const) {
    if (await db.selectFrom(table).select('id').limit(1).executeTakeFirst()) return table;
  }
  return null;
}

/**
 * Fills an empty store with a believable after-sales desk: 4 departments, a sign-in for every
 * role, customers with orders, SLA calendars and policies, and cases of every kind in every status
 * with their timelines, a few of them requests from one department to another.
 * Refuses a store that already has data, so it can never mix demo rows into real data.
 */
export async function seedDemo(store: Store, options: DemoOptions = {}): Promise<{ logins: DemoLogin[] }> {
  const seed = options.seed ?? 42;
  const customerCount = options.customers ?? 300;
  // Fewer customers have too few orders to carry a case of every kind in every status.
  if (!Number.isInteger(customerCount) || customerCount < 10) throw new Error(`demo data needs a whole number of customers, at least 10 (got ${customerCount})`);

  const random = seededRandom(seed);
  const now = Date.now();
  const customers = planCustomers(random, customerCount);
  const orders = planOrders(random, customers, now);
  // The limits a new store starts with, and the demo's own, decide which resolutions need approval.
  const rules: LimitRule[] = [
    ...(await limitRules(store.db)),
    ...DEMO_USER_LIMITS.map((limit) => ({
      subjectType: 'user' as const,
      subject: limit.email,
      resolutionType: limit.resolutionType,
      currency: null,
      maxAmountMinor: limit.maxAmountMinor,
    })),
  ];
  const cases = planCases(random, customers, orders, rules, now);

  const ids: WrittenIds = { team: {} as Record<TeamKey, string>, user: new Map<string, string>(), policy: {} as Record<PolicyKey, string> };
  await inTransaction(store, DEMO_ACTOR, async (work) => {
    const existing = await tableWithData(work.tx);
    if (existing) throw new Error(`demo data goes into an empty store only, and this one already has ${existing}`);
    for (const [key, team] of Object.entries(TEAMS) as [TeamKey, (typeof TEAMS)[TeamKey]][]) {
      ids.team[key] = (await createTeam(work, team)).id;
    }
    // Every demo sign-in has the same published password, so it is hashed once rather than once a
    // user: argon2 is slow on purpose, and nine hashes took longer than writing all the cases.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const member of STAFF) {
      const at = nowInstant();
      const user: UserRow = {
        id: newId('usr'),
        email: member.email,
        name: member.name,
        role: member.role,
        team_id: member.team ? ids.team[member.team] : null,
        password_hash: passwordHash,
        active: 1,
        created_at: at,
        updated_at: at,
      };
      await insertAudited(work, 'users', user);
      ids.user.set(member.email, user.id);
    }
    // Set by the manager, as they would in the settings.
    const manager = { role: 'manager' as const, userId: ids.user.get(staffWithRole('manager').email)! };
    for (const limit of DEMO_USER_LIMITS) {
      const input = SetAuthorityLimit.parse({ userId: ids.user.get(limit.email), resolutionType: limit.resolutionType, maxAmountMinor: limit.maxAmountMinor });
      await setAuthorityLimit(work, manager, input);
    }
    ids.policy = await writePolicies(work, now);
    // Before any case, so each case's clocks are derived as it is written.
    await writeSlaRules(work, ids.team);
  });

  // The same validation as API input, so the demo never shows what the API would refuse.
  for (const batch of chunks(customers, 100)) {
    await inTransaction(store, DEMO_ACTOR, async (work) => {
      for (const customer of batch) {
        const input = CreateCustomer.parse({
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
          timezone: customer.timezone,
          language: customer.language,
          tier: customer.tier,
          externalRef: customer.externalRef,
        });
        customer.id = (await createCustomer(work, input)).id;
      }
    });
  }
  // Drawn after every case is planned, so the same seed still gives the same cases.
  await inTransaction(store, DEMO_ACTOR, (work) => writeDemoContact(work, customers, random.next, now));
  for (const batch of chunks(orders, 200)) {
    await inTransaction(store, DEMO_ACTOR, async (work) => {
      for (const order of batch) {
        const input = CreateTransaction.parse({
          externalId: order.externalId,
          customerId: order.customer.id,
          lineItems: order.lineItems,
          currency: order.customer.currency,
          status: order.status,
          purchasedAt: new Date(order.purchasedAt).toISOString(),
          deliveredAt: order.deliveredAt === null ? undefined : new Date(order.deliveredAt).toISOString(),
        });
        order.id = (await createTransaction(work, input)).id;
      }
    });
  }
  for (const batch of chunks(cases, 100)) {
    await inTransaction(store, DEMO_ACTOR, (work) => writeCases(work, batch, ids));
  }
  // After the orders and cases: the rules act only on what happens from now on, so the history they
  // would have made is written as such.
  await inTransaction(store, DEMO_ACTOR, (work) => writeDemoFollowUps(work, random.next, now));
  await inTransaction(store, DEMO_ACTOR, (work) => writeDemoSurveys(work));
  await inTransaction(store, DEMO_ACTOR, (work) => writeDemoImprovements(work));

  return { logins: STAFF.map((member) => ({ email: member.email, password: DEMO_PASSWORD, role: member.role })) };
}
