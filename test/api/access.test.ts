import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

async function signIn(server: TestServer, email: string, password = TEST_PASSWORD) {
  const response = await fetch(`${server.url}api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { response, cookie, body: (await response.json()) as any };
}

describe.each(ENGINES)('signing in and API keys on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('signs in with a password and works with the session cookie plus CSRF token', async () => {
    const { response, cookie, body } = await signIn(server, 'agent@test.local');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(body.user).toMatchObject({ email: 'agent@test.local', role: 'agent' });

    const session = await fetch(`${server.url}api/session`, { headers: { cookie } });
    expect(((await session.json()) as any).user.email).toBe('agent@test.local');

    const customer = { name: 'Cookie Customer' };
    const withoutToken = await fetch(`${server.url}api/customers`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(customer),
    });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as any).error.code).toBe('csrf_token_invalid');

    const withToken = await fetch(`${server.url}api/customers`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': body.csrfToken },
      body: JSON.stringify(customer),
    });
    expect(withToken.status).toBe(201);
    expect(((await withToken.json()) as any).name).toBe('Cookie Customer');

    const signOut = await fetch(`${server.url}api/session`, { method: 'DELETE', headers: { cookie } });
    expect(signOut.status).toBe(204);
    expect((await fetch(`${server.url}api/cases`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a wrong password, then rate-limits repeated failures even with the right one', async () => {
    const wrong = await signIn(server, 'supervisor@test.local', 'not the password');
    expect(wrong.response.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    for (let i = 0; i < 4; i++) await signIn(server, 'supervisor@test.local', 'still wrong');
    const locked = await signIn(server, 'supervisor@test.local');
    expect(locked.response.status).toBe(429);
    expect(locked.response.headers.get('retry-after')).toBe('900');
    expect(locked.body.error.code).toBe('too_many_attempts');
    // Other accounts are not affected.
    expect((await signIn(server, 'manager@test.local')).response.status).toBe(200);
  });

  it('refuses deactivated users', async () => {
    const created = await server.api('POST', '/api/users', { email: `leaver.${engine}@test.local`, name: 'Leaver', role: 'agent', password: TEST_PASSWORD }, { as: 'admin' });
    expect((await signIn(server, created.body.email)).response.status).toBe(200);
    await server.api('PATCH', `/api/users/${created.body.id}`, { active: false }, { as: 'admin' });
    expect((await signIn(server, created.body.email)).response.status).toBe(401);
  });

  it('refuses an address that fails to sign in to many accounts', async () => {
    for (let i = 0; i < 20; i++) await signIn(server, `nobody${i}.${engine}@test.local`, 'guess');
    const blocked = await signIn(server, 'manager@test.local');
    expect(blocked.response.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/from this address/);
  });

  it('shows a new API key once, stores only its digest, and stops accepting it once revoked', async () => {
    const created = await server.api('POST', '/api/api-keys', { name: 'Shop integration', role: 'agent' }, { as: 'admin' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^ack_/);
    const stored = await server.store.db.selectFrom('api_keys').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const listed = await server.api('GET', '/api/api-keys', undefined, { as: 'admin' });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const headers = { authorization: `Bearer ${key}` };
    expect((await server.api('GET', '/api/cases', undefined, { as: null, headers })).status).toBe(200);
    expect((await server.api('DELETE', `/api/api-keys/${created.body.id}`, undefined, { as: 'admin' })).status).toBe(200);
    expect((await server.api('GET', '/api/cases', undefined, { as: null, headers })).status).toBe(401);
  });
});
