import { useState } from 'react';

let pendingSecret: string | null = null;

/** Hands a new endpoint's secret to the page shown next, its own, which shows it once. */
export function showSecretOnNextPage(secret: string): void {
  pendingSecret = secret;
}

/** The secret left for this page, if any; the next page shown starts without it. */
export function takeSecretShownOnce(): string | null {
  const secret = pendingSecret;
  pendingSecret = null;
  return secret;
}

/** A secret to copy into the receiving system, with a copy button and what to do with it. */
export function SecretPanel({ secret, fresh }: { secret: string; fresh: boolean }) {
  const [copied, setCopied] = useState('');
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied.');
    } catch {
      setCopied('Copying was refused by the browser: select the secret and copy it.');
    }
  }
  return (
    <div className={fresh ? 'secret-panel secret-panel-fresh' : 'secret-panel'}>
      {fresh && <p className="secret-note">Copy this secret to the receiving system now. It is not shown again unless an admin asks for it.</p>}
      <label className="secret-label" htmlFor="webhook-secret">
        Signing secret
      </label>
      <div className="secret-row">
        <input id="webhook-secret" className="secret-value" readOnly value={secret} spellCheck={false} onFocus={(event) => event.target.select()} />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
      </div>
      <span className="save-status" role="status">
        {copied}
      </span>
    </div>
  );
}
