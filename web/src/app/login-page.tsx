import { type FormEvent, useState } from 'react';
import type { Session } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { sessionApi } from '../api/aftercare-api.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { useDocumentTitle } from './workspace-context.js';

export function LoginPage(props: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Sign in');

  async function signIn(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await sessionApi.signIn(email.trim(), password));
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={signIn} aria-labelledby="login-title">
        <p className="login-brand" aria-hidden="true">
          Aftercare
        </p>
        <h1 id="login-title">Sign in to Aftercare</h1>
        <ErrorNotice error={error} />
        <FormField label="Email" error={error?.reasonFor('email')}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </FormField>
        <FormField label="Password" error={error?.reasonFor('password')}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </FormField>
        <button type="submit" className="button button-primary button-wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
