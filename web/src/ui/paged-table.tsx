import type { ReactNode } from 'react';
import type { PagedList } from '../api/use-resource.js';
import { ErrorNotice } from './error-notice.js';

/**
 * A table over a paged list: the list's error above it and, below it, what the list is doing (loading,
 * nothing found, how many are shown) with "Load more" while there are more. The footer is a live region,
 * so a screen reader hears when a page arrives.
 */
export function PagedTable(props: {
  list: PagedList<unknown>;
  className: string;
  labelledBy: string;
  loading: string;
  empty: ReactNode;
  shown: (count: number) => string;
  children: ReactNode;
}) {
  const { list } = props;
  return (
    <>
      <ErrorNotice error={list.error} />
      <table className={props.className} aria-labelledby={props.labelledBy}>
        {props.children}
      </table>
      <div className="list-footer" aria-live="polite">
        {list.loading && <span>{props.loading}</span>}
        {!list.loading && !list.error && list.items.length === 0 && <span>{props.empty}</span>}
        {!list.loading && list.items.length > 0 && <span className="muted">{props.shown(list.items.length)}</span>}
        {list.hasMore && !list.loading && (
          <button type="button" className="button" onClick={list.loadMore}>
            Load more
          </button>
        )}
      </div>
    </>
  );
}
