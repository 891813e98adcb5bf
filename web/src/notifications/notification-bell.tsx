import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../api/api-client.js';
import { type AppNotification, notificationsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatAge, formatDateTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import './notifications.css';

const POLL_MS = 60_000;
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** The server writes instants in UTC ("was due 2026-11-26T14:00:00.000Z"); the agent reads their own clock. */
export function readableBody(body: string): string {
  const text = body.replace(INSTANT, (instant) => (Number.isNaN(Date.parse(instant)) ? instant : formatDateTime(instant)));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The bell in the top bar: how many notifications are unread, and a list of them that leads to the
 * case each is about. Opening one marks it read. Polled every minute while the tab is in front.
 */
export function NotificationBell() {
  const notifications = useResource('notifications', (signal) => notificationsApi.list(signal));
  const [open, setOpen] = useState(false);
  // Marked read here, before the next poll says so.
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  const [markError, setMarkError] = useState<ApiError>();
  const now = useNow();
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();

  const reload = notifications.reload;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent): void {
      if (!container.current?.contains(event.target as Node)) close(false);
    }
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(true);
      }
    }
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, close]);

  const items = (notifications.data?.items ?? []).map((item) => (item.readAt === null && readHere.has(item.id) ? { ...item, readAt: 'now' } : item));
  const unread = items.filter((item) => item.readAt === null).length;

  function markRead(item: AppNotification): void {
    if (item.readAt !== null) return;
    setReadHere((previous) => new Set(previous).add(item.id));
    setMarkError(undefined);
    notificationsApi.markRead(item.id).then(reload, (error: unknown) => {
      setReadHere((previous) => {
        const next = new Set(previous);
        next.delete(item.id);
        return next;
      });
      setMarkError(toApiError(error));
    });
  }

  return (
    <div className="notifications" ref={container}>
      <button
        ref={button}
        type="button"
        className="top-bar-button bell-button"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          if (!open) reload();
          setOpen(!open);
        }}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div id={panelId} className="notification-panel" role="region" aria-labelledby={titleId} hidden={!open}>
        <div className="notification-panel-header">
          <h2 id={titleId}>Notifications</h2>
          <span className="muted">{unread > 0 ? `${unread} unread` : 'All read'}</span>
        </div>
        <ErrorNotice error={notifications.error ?? markError} onRetry={notifications.error ? reload : undefined} />
        {notifications.loading && !notifications.data && <p className="notification-empty">Loading…</p>}
        {notifications.data && items.length === 0 && (
          <p className="notification-empty">Nothing yet. SLA warnings and breaches on your cases show here.</p>
        )}
        {items.length > 0 && (
          <ul className="notification-list" aria-labelledby={titleId}>
            {items.map((item) => (
              <li key={item.id} className={item.readAt === null ? 'notification is-unread' : 'notification'}>
                {item.caseId ? (
                  <a
                    className="notification-link"
                    href={hrefTo(`/cases/${item.caseId}`)}
                    onClick={() => {
                      markRead(item);
                      close(false);
                    }}
                  >
                    <NotificationText item={item} now={now} />
                  </a>
                ) : (
                  <div className="notification-link">
                    <NotificationText item={item} now={now} />
                    {item.readAt === null && (
                      <button type="button" className="button button-small" onClick={() => markRead(item)}>
                        Mark read
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function NotificationText({ item, now }: { item: AppNotification; now: number }) {
  return (
    <>
      <span className="notification-title">
        {item.readAt === null && <span className="visually-hidden">Unread: </span>}
        {item.title}
      </span>
      <span className="notification-body">{readableBody(item.body)}</span>
      <time className="notification-time" dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
        {formatAge(item.createdAt, now)}
      </time>
    </>
  );
}

function BellIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" />
      <path d="M10 20a2 2 0 0 0 4 0" />
    </svg>
  );
}
