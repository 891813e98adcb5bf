import fs from 'node:fs/promises';
import path from 'node:path';
import type { SmsConfig } from './channels-config.js';
import { registerSender, SendError } from './dispatcher.js';

export interface Sms {
  to: string;
  body: string;
  /** Our reference for the message (its Message-ID), so the provider's reports can be matched. */
  reference: string;
}

/** Somewhere SMS go. Resolves once the provider accepted the message; a SendError says whether to retry. */
export interface SmsProvider {
  send(sms: Sms, signal: AbortSignal): Promise<{ providerRef?: string }>;
}

/** Development: the message is written to the log. */
export const consoleSmsProvider: SmsProvider = {
  async send(sms) {
    console.log(`aftercare SMS to ${sms.to} (${sms.reference}): ${sms.body}`);
    return {};
  },
};

/** Tests and demos: one JSON line per message appended to a file. */
export function fileSmsProvider(file: string): SmsProvider {
  return {
    async send(sms) {
      await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await fs.appendFile(file, `${JSON.stringify({ ...sms, at: new Date().toISOString() })}\n`);
      return {};
    },
  };
}

/** Whether trying again may help, by HTTP status: timeouts, throttling and server errors may pass later; other refusals will not. */
export function smsStatusIsTemporary(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A provider's HTTP API: POST `{to, body, reference}` as JSON with a bearer token. A 2xx answer
 * means accepted, its JSON `id` (or `messageId`) kept as the provider's reference.
 */
export function httpSmsProvider(url: string, token: string | null): SmsProvider {
  return {
    async send(sms, signal) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(sms),
          signal,
        });
      } catch (error) {
        throw new SendError(`the SMS provider could not be reached: ${error instanceof Error ? error.message : String(error)}`, { permanent: false, cause: error });
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        throw new SendError(`the SMS provider answered ${response.status}: ${text.slice(0, 300)}`, { permanent: !smsStatusIsTemporary(response.status) });
      }
      return { providerRef: providerRefIn(text) };
    },
  };
}

function providerRefIn(text: string): string | undefined {
  try {
    const answer = JSON.parse(text) as { id?: unknown; messageId?: unknown };
    const ref = answer.id ?? answer.messageId;
    return typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined;
  } catch {
    return undefined;
  }
}

export function smsProviderFor(config: SmsConfig): SmsProvider {
  switch (config.provider) {
    case 'console':
      return consoleSmsProvider;
    case 'file':
      return fileSmsProvider(config.file);
    case 'http':
      return httpSmsProvider(config.url, config.token);
  }
}

registerSender('sms', (message, context) =>
  smsProviderFor(context.channels.sms).send({ to: message.recipient, body: message.body_text, reference: message.message_id }, context.signal),
);
