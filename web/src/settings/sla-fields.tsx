import { useId } from 'react';
import type { DurationDraft, DurationUnit } from './sla-policy-form.js';
import { DURATION_UNIT_LABELS } from './sla-policy-form.js';

/** A group of checkboxes over a vocabulary: the values ticked, in the vocabulary's order. */
export function CheckboxGroup<V extends string>(props: {
  legend: string;
  hint?: string;
  options: ReadonlyArray<{ value: V; label: string }>;
  checked: readonly V[];
  onChange: (checked: V[]) => void;
  error?: string | undefined;
  empty?: string;
  /** Side by side rather than one under the other. */
  inline?: boolean;
}) {
  const id = useId();
  return (
    <fieldset
      className={props.inline ? 'checkbox-group checkbox-group-inline' : 'checkbox-group'}
      aria-describedby={[props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <span id={`${id}-hint`} className="field-hint">
          {props.hint}
        </span>
      )}
      {props.options.length === 0 && <span className="muted">{props.empty ?? 'None to choose from.'}</span>}
      <div className="checkbox-options">
        {props.options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="checkbox"
              checked={props.checked.includes(option.value)}
              onChange={(event) => {
                const next = event.target.checked ? [...props.checked, option.value] : props.checked.filter((value) => value !== option.value);
                props.onChange(props.options.map((o) => o.value).filter((value) => next.includes(value)));
              }}
            />
            {option.label}
          </label>
        ))}
      </div>
      {props.error && (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

/** The options of a label record, in its order. */
export function optionsOf<V extends string>(labels: Record<V, string>): Array<{ value: V; label: string }> {
  return (Object.keys(labels) as V[]).map((value) => ({ value, label: labels[value] }));
}

/** A duration typed as an amount and a unit (minutes or hours); empty means none. */
export function DurationField(props: {
  label: string;
  hint?: string;
  value: DurationDraft;
  onChange: (value: DurationDraft) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  const id = useId();
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field duration-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="duration-inputs">
        <input
          id={id}
          inputMode="decimal"
          className="duration-amount"
          placeholder={props.placeholder ?? 'None'}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          value={props.value.amount}
          onChange={(event) => props.onChange({ ...props.value, amount: event.target.value })}
        />
        <select
          aria-label={`${props.label}: unit`}
          value={props.value.unit}
          onChange={(event) => props.onChange({ ...props.value, unit: event.target.value as DurationUnit })}
        >
          {optionsOf(DURATION_UNIT_LABELS).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {props.hint && (
        <span id={`${id}-hint`} className="field-hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}
