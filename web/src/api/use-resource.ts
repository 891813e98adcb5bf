import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from './api-client.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again and keeps showing the current data until the answer arrives. */
  reload(): void;
}

interface ResourceState<T> {
  key: string | null;
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

/**
 * Loads what `key` names; a new key drops the old data at once (so case A never shows while case B
 * loads) and aborts the request still running for the old key. A null key loads nothing.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({ key, data: undefined, error: undefined, loading: key !== null });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) {
      setState({ key, data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) =>
      previous.key === key
        ? { ...previous, loading: true }
        : { key, data: undefined, error: undefined, loading: true },
    );
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error: toApiError(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: current ? state.loading : key !== null,
    reload,
  };
}

export interface PagedList<T> {
  items: T[];
  hasMore: boolean;
  error: ApiError | undefined;
  loading: boolean;
  loadMore(): void;
}

interface PagedState<T> {
  key: string;
  items: T[];
  nextCursor: string | null;
}

/** A cursor-paginated list: the first page loads when `key` changes, further pages on `loadMore`. */
export function usePagedList<T>(
  key: string,
  loadPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
): PagedList<T> {
  const [pages, setPages] = useState<PagedState<T>>({ key, items: [], nextCursor: null });
  const [cursor, setCursor] = useState<{ key: string; value: string | null }>({ key, value: null });
  // A new list starts again at its first page, even if it was paged through before.
  if (cursor.key !== key) setCursor({ key, value: null });
  const requestedCursor = cursor.key === key ? cursor.value : null;

  const page = useResource(`${key}\u0000${requestedCursor ?? ''}`, (signal) => loadPage(requestedCursor, signal));

  useEffect(() => {
    if (!page.data) return;
    const { items, nextCursor } = page.data;
    setPages((previous) =>
      previous.key === key && requestedCursor !== null
        ? { key, items: [...previous.items, ...items], nextCursor }
        : { key, items, nextCursor },
    );
  }, [page.data, key, requestedCursor]);

  const current = pages.key === key;
  const items = current ? pages.items : [];
  const nextCursor = current ? pages.nextCursor : null;
  return {
    items,
    hasMore: nextCursor !== null,
    error: page.error,
    loading: page.loading,
    loadMore: () => {
      if (nextCursor !== null && !page.loading) setCursor({ key, value: nextCursor });
    },
  };
}
