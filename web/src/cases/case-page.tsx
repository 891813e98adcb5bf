import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { casesApi } from '../api/aftercare-api.js';
import { followUpsApi } from '../api/follow-ups-api.js';
import { useResource } from '../api/use-resource.js';
import { useShortcuts } from '../app/keyboard-shortcuts.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged, useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { PriorityBadge } from '../ui/badges.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatDateTime } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS, labelFor } from '../ui/labels.js';
import type { AuditNames } from './audit-story.js';
import { CaseLifecycleBar } from './case-lifecycle-bar.js';
import { CaseSidePanel } from './case-side-panel.js';
import { CaseTimeline } from './case-timeline.js';
import { lastInboxHref } from './inbox-filter.js';
import { InteractionComposer } from './interaction-composer.js';

export function CasePage({ caseId }: { caseId: string }) {
  const { teams, users } = useWorkspace();
  const writes = useWritesRecords();
  const detail = useResource(`case:${caseId}`, (signal) => casesApi.get(caseId, signal));
  const audit = useResource(`case-audit:${caseId}`, (signal) => casesApi.audit(caseId, signal));
  // A case has a handful of follow-ups; one page holds them all.
  const followUps = useResource(`case-follow-ups:${caseId}`, (signal) => followUpsApi.list({ caseId }, { limit: 200, signal }));
  const [showHistory, setShowHistory] = useState(true);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const timelineEnd = useRef<HTMLDivElement>(null);
  const data = detail.data;
  useDocumentTitle(data ? `${data.number} ${data.subject}` : detail.error?.status === 404 ? 'Case not found' : 'Case');

  const names = useMemo<AuditNames>(
    () => ({
      userName: (id) => users.find((user) => user.id === id)?.name,
      teamName: (id) => teams.find((team) => team.id === id)?.name,
    }),
    [users, teams],
  );

  const reloadDetail = detail.reload;
  const reloadAudit = audit.reload;
  const reloadFollowUps = followUps.reload;
  const refresh = useCallback(() => {
    reloadDetail();
    reloadAudit();
    reloadFollowUps();
  }, [reloadDetail, reloadAudit, reloadFollowUps]);

  useShortcuts(writes ? { c: () => messageRef.current?.focus() } : {});

  // The newest entry is at the bottom, next to the composer: keep it in view as entries arrive.
  const entryCount =
    (data?.interactions.length ?? 0) +
    (data?.resolutions.length ?? 0) +
    (data?.transitions.length ?? 0) +
    (audit.data?.items.length ?? 0) +
    (followUps.data?.items.length ?? 0);
  useLayoutEffect(() => {
    timelineEnd.current?.scrollIntoView({ block: 'end' });
  }, [entryCount, showHistory]);

  if (!data) {
    return (
      <section className="page">
        <a className="back-link" href={lastInboxHref()}>
          ← Back to inbox
        </a>
        {detail.error?.status === 404 ? (
          <>
            <h1>Case not found</h1>
            <p>No case has this address. It may have been mistyped.</p>
          </>
        ) : (
          <>
            <ErrorNotice error={detail.error} onRetry={detail.reload} />
            {!detail.error && <p aria-live="polite">Loading case…</p>}
          </>
        )}
      </section>
    );
  }

  return (
    <div className="case-page">
      <section className="case-main" aria-labelledby="case-title">
        <header className="case-header">
          <a className="back-link" href={lastInboxHref()}>
            ← Back to inbox
          </a>
          <div className="case-heading">
            <span className="case-number">{data.number}</span>
            <h1 id="case-title">{data.subject}</h1>
          </div>
          <p className="case-meta">
            {/* The status is the lifecycle stepper's current step, just below. */}
            <PriorityBadge priority={data.priority} />
            <span>{labelFor(KIND_LABELS, data.kind)}</span>
            <span aria-hidden="true">·</span>
            <span>
              Opened {formatDateTime(data.openedAt)} via {labelFor(CHANNEL_LABELS, data.channel)}
            </span>
            <span aria-hidden="true">·</span>
            <span>{data.assigneeName ? `Assigned to ${data.assigneeName}` : 'Unassigned'}</span>
          </p>
        </header>
        <CaseLifecycleBar
          detail={data}
          onChanged={() => {
            announceCasesChanged();
            refresh();
          }}
        />

        <div className="timeline-toolbar">
          <h2>Timeline</h2>
          <label className="toggle">
            <input type="checkbox" checked={showHistory} onChange={(event) => setShowHistory(event.target.checked)} />
            Show history (status changes, assignments)
          </label>
        </div>
        <div className="timeline-scroll">
          <ErrorNotice error={audit.error} onRetry={audit.reload} />
          <CaseTimeline
            interactions={data.interactions}
            transitions={data.transitions}
            resolutions={data.resolutions}
            events={audit.data?.items ?? []}
            followUps={followUps.data?.items ?? []}
            showHistory={showHistory}
            names={names}
            customerName={data.customerName}
          />
          <div ref={timelineEnd} />
        </div>

        {writes && (
          <InteractionComposer
            caseId={data.id}
            defaultChannel={data.channel}
            messageRef={messageRef}
            onAdded={() => {
              announceCasesChanged();
              refresh();
            }}
          />
        )}
      </section>
      <CaseSidePanel detail={data} followUps={followUps} onChanged={refresh} />
    </div>
  );
}
