import { SelectField } from './form-field.js';

/**
 * One option per value of a closed vocabulary, shown by its label. A label record names every value of its
 * vocabulary, so it is the vocabulary: the options come in the order the record lists them.
 */
export function ChoiceOptions<V extends string>({ labels }: { labels: Record<V, string> }) {
  return (Object.keys(labels) as V[]).map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ));
}

/** A labelled select over a closed vocabulary, such as a case's kind or an interaction's channel. */
export function ChoiceField<V extends string>(props: {
  label: string;
  error?: string | undefined;
  labels: Record<V, string>;
  value: V;
  onChange: (value: V) => void;
}) {
  // The select offers nothing but the vocabulary, so whatever it reports is one of its values.
  return (
    <SelectField
      label={props.label}
      error={props.error}
      value={props.value}
      onChange={(value) => props.onChange(value as V)}
    >
      <ChoiceOptions labels={props.labels} />
    </SelectField>
  );
}
