import type { ReactNode } from 'react';

/**
 * The foot of a settings editor: what the last save said, the way back, and the submit button,
 * worded for creating a new `noun` or saving an existing one.
 */
export function SaveActions(props: { confirmation: ReactNode; backHref: string; existing: boolean; busy: boolean; noun: string }) {
  return (
    <div className="form-actions">
      <span className="save-status" role="status">
        {props.confirmation}
      </span>
      <a className="button" href={props.backHref}>
        {props.existing ? 'Back' : 'Cancel'}
      </a>
      <button type="submit" className="button button-primary" disabled={props.busy}>
        {props.busy ? 'Saving…' : props.existing ? `Save ${props.noun}` : `Create ${props.noun}`}
      </button>
    </div>
  );
}
