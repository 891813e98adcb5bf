import { useEffect, useState } from 'react';
import type { Session } from '../../../src/shared/index.js';
import { type ApiError, onSessionLost, setCsrfToken, toApiError } from '../api/api-client.js';
import { sessionApi } from '../api/aftercare-api.js';
import { LoginPage } from './login-page.js';
import { WorkspaceShell } from './workspace-shell.js';

/** Checks for a session first: the login page when there is none, the workspace when there is. */
export function App() {
  // undefined while the session is being checked; null when signed out.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [startupError, setStartupError] = useState<ApiError>();

  function adopt(next: Session | null): void {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }

  useEffect(() => {
    onSessionLost(() => adopt(null));
    sessionApi.current().then(adopt, (error: unknown) => {
      const problem = toApiError(error);
      if (problem.status === 401) adopt(null);
      else setStartupError(problem);
    });
  }, []);

  if (startupError) {
    return (
      <main className="splash" role="alert">
        <h1>Aftercare is not reachable</h1>
        <p>{startupError.message}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (session === undefined) return <p className="splash" aria-live="polite">Loading Aftercare…</p>;
  if (session === null) return <LoginPage onSignedIn={adopt} />;
  return (
    <WorkspaceShell
      session={session}
      onSignOut={() => {
        // Signed out locally even if the server cannot be told: the cookie expires on its own.
        sessionApi.signOut().then(
          () => adopt(null),
          () => adopt(null),
        );
      }}
    />
  );
}
