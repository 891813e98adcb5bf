import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/index.js';
import { apiKeyBySecret, forgetRecentKey } from '../../modules/access/api-keys.store.js';
import { can } from '../../modules/access/permissions.js';
import { sameSecret } from '../../modules/access/secrets.js';
import { sessionUser } from '../../modules/access/sessions.store.js';
import type { Store } from '../db/database.js';
import { onCommitted } from '../db/work.js';
import { AppError, forbidden, unauthenticated } from './errors.js';
import type { Api } from './fastify-types.js';
import type { Principal } from './principal.js';

export const SESSION_COOKIE = 'ac_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function principalOf(store: Store, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const key = match ? await apiKeyBySecret(store.db, match[1]!) : undefined;
    if (!key) throw unauthenticated('the API key is unknown or revoked');
    return { actor: { type: 'api_key', id: key.id, name: key.name }, role: key.role as Role, csrfToken: null, userId: null };
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await sessionUser(store.db, token);
  if (!session) return null;
  const { user, csrfToken } = session;
  return { actor: { type: 'user', id: user.id, name: user.name }, role: user.role as Role, csrfToken, userId: user.id };
}

/**
 * Resolves the caller and checks the route's declared permission before anything else runs, so
 * a refused request never reaches validation or the store. Routes without a declared permission
 * fail at start-up rather than being open by accident.
 */
export function registerAuthentication(app: Api, store: Store): void {
  app.decorateRequest('principal', null);
  // Whatever changed a key (a revocation, a new role), the next request must see it.
  onCommitted(store, (changes) => {
    for (const change of changes) if (change.entityType === 'api_keys') forgetRecentKey(change.entityId);
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !route.config?.permission) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission || permission === 'public') return;
    const principal = await principalOf(store, request);
    if (!principal) throw unauthenticated();
    if (principal.csrfToken && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
        throw new AppError(403, 'csrf_token_invalid', 'send the session’s CSRF token in the X-CSRF-Token header');
      }
    }
    if (!can(principal.role, permission)) throw forbidden(`the ${principal.role} role may not ${permission.replace(':', ' ')}`);
    request.principal = principal;
  });
}

/** The caller of an authenticated route; the hook above guarantees one is there. */
export function principalOrThrow(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
