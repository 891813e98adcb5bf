import type { Role } from '../../../shared/index.js';
import type { Actor } from '../db/work.js';

/** Who is calling: a signed-in user (cookie session) or another system (API key). */
export interface Principal {
  actor: Actor;
  role: Role;
  /** Set for cookie sessions: state-changing requests must echo it in `X-CSRF-Token`. */
  csrfToken: string | null;
  /** The user behind a session; null for API keys. */
  userId: string | null;
}
