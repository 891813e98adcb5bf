import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Store } from '../../platform/db/database.js';
import { privateTargetReason } from './target-address.js';

/** What the operator allows webhooks to reach. */
export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE=true: private, loopback and other internal addresses are allowed too (development, an intranet receiver). */
  allowPrivateTargets: boolean;
}

export function webhookSettingsFrom(env: NodeJS.ProcessEnv): WebhookSettings {
  return { allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE === 'true' };
}

const configured = new WeakMap<Store, WebhookSettings>();

/**
 * Sets what webhooks of this store may reach, for the API and the sender alike. Kept per store
 * because a test process runs servers side by side with settings of their own.
 */
export function configureWebhooks(store: Store, settings: WebhookSettings): void {
  configured.set(store, settings);
}

/** The settings given for this store, else those of the environment (WEBHOOK_ALLOW_PRIVATE). */
export function webhookSettingsOf(store: Store): WebhookSettings {
  let settings = configured.get(store);
  if (!settings) configured.set(store, (settings = webhookSettingsFrom(process.env)));
  return settings;
}

/** The URL's host without the brackets an IPv6 literal carries in a URL. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Why a webhook may not go to this URL, or null: its host must be (or resolve only to) public
 * addresses unless the settings allow private ones. A name that does not resolve is refused too,
 * since what it leads to cannot be checked.
 */
export async function webhookTargetRefusal(url: string, settings: WebhookSettings): Promise<string | null> {
  if (settings.allowPrivateTargets) return null;
  const host = bareHost(new URL(url));
  if (isIP(host)) return privateTargetReason(host, [host]);
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return privateTargetReason(host, addresses.map((entry) => entry.address));
  } catch (error) {
    return `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`;
  }
}
