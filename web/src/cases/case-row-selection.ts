import { useCallback, useRef, useState } from 'react';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useShortcuts } from '../app/keyboard-shortcuts.js';

/**
 * Keyboard selection in a list of cases: j and k move it, Enter opens the selected case, and each
 * row's link keeps it in step with focus. For the inbox and the at-risk queue.
 */
export function useCaseRowSelection(items: readonly { id: string }[]) {
  const [selected, setSelected] = useState(-1);
  const rowLinks = useRef<Array<HTMLAnchorElement | null>>([]);

  function select(index: number): void {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, index));
    setSelected(next);
    rowLinks.current[next]?.focus();
  }

  useShortcuts({
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    Enter: () => {
      const chosen = items[selected];
      if (chosen) navigate(hrefTo(`/cases/${chosen.id}`));
    },
  });

  return {
    selected,
    clear: useCallback(() => setSelected(-1), []),
    /** The props of row `index`'s link to its case. */
    rowLink: (index: number) => ({
      ref: (element: HTMLAnchorElement | null) => {
        rowLinks.current[index] = element;
      },
      onFocus: () => setSelected(index),
    }),
  };
}
