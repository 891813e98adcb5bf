import { z } from 'zod';
import { Login, Session } from '../../../shared/index.js';
import { AppError } from '../../platform/http/errors.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { SESSION_COOKIE } from '../../platform/http/authenticate.js';
import { passwordMatches } from './secrets.js';
import { FAILED_SIGN_IN_WINDOW_MINUTES, signInThrottle } from './sign-in-throttle.js';
import {
  closeSession,
  openSession,
  recentFailedLogins,
  recordFailedLogin,
  sessionUser,
} from './sessions.store.js';
import { findUserByEmail, toUser } from './users.store.js';

export function registerSessionRoutes(app: Api, { store }: RouteDeps, options: { secureCookies: boolean }): void {
  app.post(
    '/api/session',
    {
      config: { permission: 'public' },
      schema: { tags: ['access'], summary: 'Sign in with email and password', body: Login, response: { 200: Session } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const refusal = signInThrottle(await recentFailedLogins(store.db, email, request.ip));
      if (refusal) {
        reply.header('retry-after', String(FAILED_SIGN_IN_WINDOW_MINUTES * 60));
        throw new AppError(429, 'too_many_attempts', refusal);
      }
      const user = await findUserByEmail(store.db, email);
      if (!user || !user.active || !(await passwordMatches(user.password_hash, password))) {
        await recordFailedLogin(store.db, email, request.ip);
        throw new AppError(401, 'invalid_credentials', 'the email or password is wrong');
      }
      const session = await openSession(store.db, user.id);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        expires: new Date(session.expiresAt),
      });
      return { user: toUser(user), csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/session',
    { config: { permission: 'public' }, schema: { tags: ['access'], summary: 'The signed-in user', response: { 200: Session } } },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await sessionUser(store.db, token) : undefined;
      if (!session) throw new AppError(401, 'unauthenticated', 'not signed in');
      return { user: toUser(session.user), csrfToken: session.csrfToken };
    },
  );

  app.delete(
    '/api/session',
    { config: { permission: 'public' }, schema: { tags: ['access'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await closeSession(store.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}
