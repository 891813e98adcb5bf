import type { Store } from '../../platform/db/database.js';
import type { Work } from '../../platform/db/work.js';
import { instanceSecretInWork, replySecretOf } from '../channels/reply-token.js';
import { surveyLinkKey } from './survey-token.js';

/** Where customers reach this instance: the survey links in messages start with it. */
export interface SurveyLinksConfig {
  publicUrl: string;
}

const configured = new WeakMap<Store, SurveyLinksConfig>();

/** Sets the public address for a store's links; kept per store because a test process runs many servers. */
export function configureSurveyLinks(store: Store, config: SurveyLinksConfig): void {
  configured.set(store, { publicUrl: config.publicUrl.replace(/\/+$/, '') });
}

/** PUBLIC_URL, else the address this process serves on, else localhost on PORT (a worker process alone). */
export function surveyLinksOf(store: Store): SurveyLinksConfig {
  let config = configured.get(store);
  if (!config) {
    config = { publicUrl: (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '') };
    configured.set(store, config);
  }
  return config;
}

export function surveyLink(store: Store, token: string): string {
  return `${surveyLinksOf(store).publicUrl}/survey/${token}`;
}

// The same instance secret reply tokens use (AFTERCARE_SECRET, else the key kept in settings),
// under a key of its own derived from it.
const keys = new WeakMap<Store, Buffer>();

/** The survey key, for verifying a link outside any unit of work. */
export async function surveyKeyOf(store: Store): Promise<Buffer> {
  let key = keys.get(store);
  if (!key) keys.set(store, (key = surveyLinkKey(await replySecretOf(store))));
  return key;
}

/** The survey key inside a unit of work (a follow-up falling due). */
export async function surveyKeyInWork(work: Work): Promise<Buffer> {
  const known = keys.get(work.store);
  if (known) return known;
  const { secret, made } = await instanceSecretInWork(work);
  const key = surveyLinkKey(secret);
  // A key made in this transaction is kept only once it is committed: a rollback would leave it unknown.
  if (!made) keys.set(work.store, key);
  return key;
}
