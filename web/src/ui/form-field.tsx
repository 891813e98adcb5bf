import { type ReactNode, useId } from 'react';

/**
 * A labelled control with its error beside it. `children` gets the ids to wire up, so the error is
 * read out with the field (`aria-describedby`) and the field is marked invalid.
 */
export function FormField(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  className?: string;
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined })}
      {props.hint && (
        <span id={hintId} className="field-hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A labelled select over the options given as children. */
export function SelectField(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <FormField label={props.label} error={props.error} hint={props.hint}>
      {(control) => (
        <select {...control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
          {props.children}
        </select>
      )}
    </FormField>
  );
}

/** A labelled, required `datetime-local` input: local wall time to the minute, as the agent reads a clock. */
export function DateTimeField(props: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormField label={props.label} error={props.error} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          type="datetime-local"
          required
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FormField>
  );
}
