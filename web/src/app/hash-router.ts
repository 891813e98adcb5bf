import { useMemo, useSyncExternalStore } from 'react';
import { type QueryValue, queryString } from '../api/api-client.js';

/** Where the app is: `#/cases/cas_01?tab=x` → segments ['cases', 'cas_01'] and the query. */
export interface Route {
  segments: string[];
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const queryStart = text.indexOf('?');
  const path = queryStart === -1 ? text : text.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : text.slice(queryStart + 1));
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, query };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parseHash(hash), [hash]);
}

/** The `href` of an app location, e.g. `hrefTo('/cases', { status: 'new' })` → `#/cases?status=new`. */
export function hrefTo(path: string, query: Record<string, QueryValue> = {}): string {
  return `#${path}${queryString(query)}`;
}

/** Goes to an app location; `replace` keeps typing in a search box out of the back-button history. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(window.history.state, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href.replace(/^#/, '');
  }
}
