import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { privateTargetReason } from './target-address.js';
import { bareHost, type WebhookSettings } from './webhook-target.js';

export const POST_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 200;

/** How a delivery ended: sent, or failed and worth retrying or not, with the reason shown in the delivery log. */
export type PostOutcome = { sent: true; status: number } | { sent: false; permanent: boolean; reason: string };

/**
 * What an HTTP status means for a delivery: 2xx is delivered; 408, 429 and 5xx may pass if tried
 * again; any other answer (a 4xx, or a redirect, which is not followed since it could lead to an
 * address nobody checked) will not change by retrying.
 */
export function outcomeOfStatus(status: number, excerpt = ''): PostOutcome {
  if (status >= 200 && status < 300) return { sent: true, status };
  const reason = `HTTP ${status}${http.STATUS_CODES[status] ? ` ${http.STATUS_CODES[status]}` : ''}${excerpt ? `: ${excerpt}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) return { sent: false, permanent: false, reason };
  if (status >= 300 && status < 400) return { sent: false, permanent: true, reason: `${reason} (redirects are not followed: save the final URL)` };
  return { sent: false, permanent: true, reason };
}

class RefusedTarget extends Error {}

/**
 * Resolves the host and refuses private addresses right before connecting, and the connection uses
 * the addresses checked: a name cannot resolve to a public address when saved and to an internal
 * one when sent.
 */
function checkedLookup(settings: WebhookSettings): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusal = settings.allowPrivateTargets ? null : privateTargetReason(hostname, addresses.map((entry) => entry.address));
      if (refusal) return callback(new RefusedTarget(refusal), '', 0);
      if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** POSTs a JSON body to a webhook URL, without following redirects, and says how it went. */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  settings: WebhookSettings,
  { timeoutMs = POST_TIMEOUT_MS, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<PostOutcome> {
  const target = new URL(url);
  const host = bareHost(target);
  if (isIP(host) && !settings.allowPrivateTargets) {
    const refusal = privateTargetReason(host, [host]);
    if (refusal) return Promise.resolve({ sent: false, permanent: true, reason: refusal });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    // The status line is the receiver's answer; the body is read only for a few words of its reason.
    let answer: { status: number; excerpt: string } | null = null;
    const answered = () => outcomeOfStatus(answer!.status, answer!.excerpt.slice(0, EXCERPT_CHARS).replace(/\s+/g, ' ').trim());
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Aftercare-Webhooks', ...headers },
        lookup: checkedLookup(settings),
        agent: false,
        signal,
      },
      (response) => {
        const received = (answer = { status: response.statusCode ?? 0, excerpt: '' });
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (received.excerpt.length < EXCERPT_CHARS) received.excerpt += chunk;
        });
        response.on('end', () => resolve(answered()));
        response.on('error', () => resolve(answered()));
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on('close', () => {
      clearTimeout(timer);
      // Whatever did not settle yet (a body cut off, a socket closed early) settles here; later calls change nothing.
      resolve(answer ? answered() : { sent: false, permanent: false, reason: 'the connection closed before an answer' });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answer) return resolve(answered());
      if (error instanceof RefusedTarget) return resolve({ sent: false, permanent: true, reason: error.message });
      resolve({ sent: false, permanent: false, reason: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    request.end(body);
  });
}
