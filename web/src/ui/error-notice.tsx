import type { ApiError } from '../api/api-client.js';

/** The API's message for a failed request, announced to screen readers when it appears. */
export function ErrorNotice(props: { error: ApiError | undefined; onRetry?: () => void }) {
  if (!props.error) return null;
  return (
    <div className="error-notice" role="alert">
      <span>{props.error.message}</span>
      {props.onRetry && (
        <button type="button" className="button button-small" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
