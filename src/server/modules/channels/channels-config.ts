import type { Store } from '../../platform/db/database.js';

/** Where SMS go: the log (development), a file of JSON lines (tests, demos), or a provider's HTTP API. */
export type SmsConfig =
  | { provider: 'console' }
  | { provider: 'file'; file: string }
  | { provider: 'http'; url: string; token: string | null };

export interface InboundSmtpConfig {
  port: number;
  host: string;
  /** Larger messages are refused during the SMTP dialogue (552), before they are read whole. */
  maxBytes: number;
}

/** How this process talks to customers: outgoing SMTP, the inbound SMTP listener, SMS, the reply-token key. */
export interface ChannelsConfig {
  /** `smtp://host:port` or `smtps://user:pass@host:port`; null: email waits in the outbox, saying why. */
  smtpUrl: string | null;
  /** The From of every email, e.g. `Aftercare <support@shop.example>`. */
  mailFrom: string;
  /** The domain of Message-IDs and of reply addresses (`reply+TOKEN@domain`). */
  mailDomain: string;
  /** null: no SMTP listener; mail can still come in through POST /api/inbound/email. */
  inboundSmtp: InboundSmtpConfig | null;
  sms: SmsConfig;
  /** The key reply tokens are signed with; null: one is generated once and kept in the store. */
  secret: string | null;
}

const DEFAULT_MAIL_FROM = 'Aftercare <support@localhost>';
const DEFAULT_INBOUND_MAX_BYTES = 10 * 1024 * 1024;

/** The domain of an address such as `Name <user@domain>`. */
function domainOf(address: string): string | null {
  return /@([^\s>@]+)>?\s*$/.exec(address)?.[1]?.toLowerCase() ?? null;
}

function portFrom(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number 0 to 65535 (got "${value}")`);
  return port;
}

/**
 * Reads the channel settings from the environment: SMTP_URL, MAIL_FROM, MAIL_DOMAIN,
 * INBOUND_SMTP_PORT / INBOUND_SMTP_HOST / INBOUND_SMTP_MAX_BYTES, SMS_PROVIDER (console, file,
 * http) with SMS_FILE or SMS_HTTP_URL / SMS_HTTP_TOKEN, and AFTERCARE_SECRET. A setting that
 * cannot work stops the start with the variable's name rather than failing at the first send.
 */
export function channelsConfigFrom(env: NodeJS.ProcessEnv): ChannelsConfig {
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) throw new Error('SMTP_URL must look like smtp://host:port or smtps://user:password@host:port');
  const mailFrom = env.MAIL_FROM || DEFAULT_MAIL_FROM;
  const mailDomain = (env.MAIL_DOMAIN || domainOf(mailFrom) || 'localhost').toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(mailDomain)) throw new Error(`MAIL_DOMAIN must be a domain name (got "${mailDomain}")`);

  const inboundSmtp = env.INBOUND_SMTP_PORT
    ? {
        port: portFrom(env.INBOUND_SMTP_PORT, 'INBOUND_SMTP_PORT'),
        host: env.INBOUND_SMTP_HOST || '127.0.0.1',
        maxBytes: env.INBOUND_SMTP_MAX_BYTES ? Number(env.INBOUND_SMTP_MAX_BYTES) : DEFAULT_INBOUND_MAX_BYTES,
      }
    : null;
  if (inboundSmtp && !(Number.isInteger(inboundSmtp.maxBytes) && inboundSmtp.maxBytes > 0)) throw new Error('INBOUND_SMTP_MAX_BYTES must be a positive number of bytes');

  let sms: SmsConfig;
  switch (env.SMS_PROVIDER || 'console') {
    case 'console':
      sms = { provider: 'console' };
      break;
    case 'file':
      if (!env.SMS_FILE) throw new Error('SMS_PROVIDER=file needs SMS_FILE, the file to append messages to');
      sms = { provider: 'file', file: env.SMS_FILE };
      break;
    case 'http':
      if (!env.SMS_HTTP_URL || !/^https?:\/\//.test(env.SMS_HTTP_URL)) throw new Error('SMS_PROVIDER=http needs SMS_HTTP_URL, an http(s) URL');
      sms = { provider: 'http', url: env.SMS_HTTP_URL, token: env.SMS_HTTP_TOKEN || null };
      break;
    default:
      throw new Error(`SMS_PROVIDER must be console, file or http (got "${env.SMS_PROVIDER}")`);
  }
  return { smtpUrl, mailFrom, mailDomain, inboundSmtp, sms, secret: env.AFTERCARE_SECRET || null };
}

const configured = new WeakMap<Store, ChannelsConfig>();

/**
 * Sets the channel settings of a store opened by this process. Kept per store, not in a global,
 * because a test process runs many servers side by side, each with settings of its own.
 */
export function configureChannels(store: Store, config: ChannelsConfig): void {
  configured.set(store, config);
}

/** The channel settings given for this store, or else those of the environment (for CLI commands that queue mail). */
export function channelsConfigOf(store: Store): ChannelsConfig {
  let config = configured.get(store);
  if (!config) configured.set(store, (config = channelsConfigFrom(process.env)));
  return config;
}
