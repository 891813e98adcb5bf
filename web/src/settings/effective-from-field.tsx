import { FormField } from '../ui/form-field.js';
import { toDateTimeLocalValue } from '../ui/format.js';

/** An optional `datetime-local` for when a policy version takes effect; empty means now. */
export function EffectiveFromField(props: { value: string; error: string | undefined; onChange: (value: string) => void }) {
  return (
    <FormField label="Takes effect" error={props.error} hint="Leave empty to take effect now, or pick a later date and time.">
      {(control) => (
        <input
          {...control}
          type="datetime-local"
          min={toDateTimeLocalValue(new Date())}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FormField>
  );
}

/**
 * The instant a typed effective date stands for, or the reason it cannot be used. A version is
 * scheduled ahead or takes effect now: backdating would change what earlier decisions cited.
 */
export function readEffectiveFrom(value: string, now = Date.now()): { instant?: string; problem?: string } {
  if (!value) return {};
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return { problem: 'is not a date and time' };
  if (instant.getTime() < now - 60_000) return { problem: 'must be in the future; leave it empty to take effect now' };
  return { instant: instant.toISOString() };
}
