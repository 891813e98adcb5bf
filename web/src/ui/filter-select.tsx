import { type ReactNode, useId } from 'react';

/** A select in a list's filter bar; choosing the empty option clears the filter (`undefined`). */
export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label className="filter-label" htmlFor={id}>
        {props.label}
      </label>
      <select id={id} value={props.value ?? ''} onChange={(event) => props.onChange(event.target.value || undefined)}>
        {props.children}
      </select>
    </div>
  );
}
