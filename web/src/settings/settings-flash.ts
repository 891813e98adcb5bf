import { useEffect, useState } from 'react';

let pending = '';

/** Says what was just done on the next settings page shown (a new calendar, on its own page). */
export function flashOnNextPage(message: string): void {
  pending = message;
}

/** The message left for this page, said once: the next page shown starts without it. */
export function useFlash(): [string, (message: string) => void] {
  const [message, setMessage] = useState(() => pending);
  useEffect(() => {
    pending = '';
  }, []);
  return [message, setMessage];
}
