import { CASE_KINDS, CASE_STATUSES, PRIORITIES } from '../../../src/shared/enums.js';
import type { CaseKind, CaseStatus, Priority } from '../../../src/shared/index.js';
import type { CaseFilter } from '../api/aftercare-api.js';
import { hrefTo } from '../app/hash-router.js';


/** `open` (everything not closed) is the inbox's default; `all` includes closed cases. */
export type StatusView = 'open' | 'all' | CaseStatus;

/** The inbox's filters, kept in the address so a view can be bookmarked, shared and gone back to. */
export interface InboxFilter {
  status: StatusView;
  kind?: CaseKind;
  priority?: Priority;
  teamId?: string;
  assigneeId?: string;
  q?: string;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

export function readInboxFilter(query: URLSearchParams): InboxFilter {
  const status = query.get('status');
  return {
    status: status === 'all' ? 'all' : (oneOf(CASE_STATUSES, status) ?? 'open'),
    kind: oneOf(CASE_KINDS, query.get('kind')),
    priority: oneOf(PRIORITIES, query.get('priority')),
    teamId: query.get('teamId') || undefined,
    assigneeId: query.get('assigneeId') || undefined,
    q: query.get('q')?.trim() || undefined,
  };
}

export function inboxHref(filter: Partial<InboxFilter>): string {
  return hrefTo('/cases', { ...filter, status: filter.status === 'open' ? undefined : filter.status });
}

export function toCaseFilter(filter: InboxFilter): CaseFilter {
  const { status, ...rest } = filter;
  if (status === 'open') return { ...rest, open: true };
  if (status === 'all') return rest;
  return { ...rest, status };
}

let lastInbox = inboxHref({});

/** The inbox view the agent last looked at, so "back to inbox" returns to the same filters. */
export function rememberInbox(href: string): void {
  lastInbox = href;
}

export function lastInboxHref(): string {
  return lastInbox;
}
