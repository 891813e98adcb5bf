import { type FormEvent, useEffect, useState } from 'react';
import { inboxHref, readInboxFilter } from '../cases/inbox-filter.js';
import { NotificationBell } from '../notifications/notification-bell.js';
import { type Route, hrefTo, navigate } from './hash-router.js';
import { useWorkspace } from './workspace-context.js';

export function TopBar(props: { route: Route; onShowShortcuts: () => void; onSignOut: () => void }) {
  const { session } = useWorkspace();
  return (
    <header className="top-bar">
      <a className="brand" href={hrefTo('/cases')}>
        Aftercare
      </a>
      <CaseSearch route={props.route} />
      <div className="top-bar-end">
        <NotificationBell />
        <button type="button" className="top-bar-button" onClick={props.onShowShortcuts} aria-label="Keyboard shortcuts">
          <kbd aria-hidden="true">?</kbd>
        </button>
        <span className="signed-in-user">
          <span className="visually-hidden">Signed in as </span>
          <span className="signed-in-name">{session.user.name}</span>
          <span className="signed-in-role">{session.user.role}</span>
        </span>
        <button type="button" className="top-bar-button" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

/**
 * One case search for the whole workspace. On the inbox it filters the list as you type; elsewhere
 * Enter opens the inbox with the results, closed cases included (a case number may be an old one).
 */
function CaseSearch({ route }: { route: Route }) {
  const onInbox = route.segments.length === 0 || (route.segments[0] === 'cases' && route.segments.length === 1);
  const routeText = onInbox ? (route.query.get('q') ?? '') : '';
  const [text, setText] = useState(routeText);
  const [syncedText, setSyncedText] = useState(routeText);

  // A rail click or the back button changes the query under the box: show what the list shows.
  if (routeText !== syncedText) {
    setSyncedText(routeText);
    if (routeText !== text.trim()) setText(routeText);
  }

  useEffect(() => {
    if (!onInbox || text.trim() === routeText) return;
    const timer = window.setTimeout(() => {
      navigate(inboxHref({ ...readInboxFilter(route.query), q: text.trim() || undefined }), { replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text, onInbox, routeText, route.query]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const q = text.trim() || undefined;
    if (onInbox) navigate(inboxHref({ ...readInboxFilter(route.query), q }), { replace: true });
    else navigate(inboxHref({ status: 'all', q }));
  }

  return (
    <form role="search" className="case-search" onSubmit={submit}>
      <input
        type="search"
        aria-label="Search cases"
        placeholder="Search cases by number or subject"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
      />
      <kbd className="search-hint" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
