import type { Role } from '../../../src/shared/index.js';
import { managesWebhooks, readsWebhooks } from '../api/webhooks-api.js';

/** What someone who may not change webhooks is told: that they read them only, or cannot see them at all. */
export function WebhooksNotice({ role }: { role: Role }) {
  if (managesWebhooks(role)) return null;
  return (
    <p className="read-only-notice">
      {readsWebhooks(role)
        ? 'You can see where events go and how deliveries fared, but not change them: admins manage webhooks, as they do API keys.'
        : 'Webhooks are shown to supervisors, managers, auditors and admins; admins manage them.'}
    </p>
  );
}
