import { surveysApi } from '../api/surveys-api.js';
import { useResource } from '../api/use-resource.js';
import { formatDateTime } from '../ui/format.js';
import { SurveyScores } from './survey-scores.js';
import './surveys.css';

/** The surveys sent about a case, or to a customer, and what came back: for the case view and the customer's journey. */
export function SurveyPanel({ caseId, customerId, inSidePanel = false }: { caseId?: string; customerId?: string; inSidePanel?: boolean }) {
  const key = caseId ? `survey-invitations:case:${caseId}` : `survey-invitations:customer:${customerId}`;
  const invitations = useResource(key, (signal) => surveysApi.invitations({ caseId, customerId }, signal));
  if (!invitations.data || invitations.data.length === 0) return null;
  const now = Date.now();
  return (
    <section className={`${inSidePanel ? 'panel-section' : 'card'} survey-panel`} aria-labelledby={`${key}-title`}>
      <h2 id={`${key}-title`}>Surveys</h2>
      {invitations.data.map((invitation) => (
        <div key={invitation.id} className="survey-item">
          {invitation.response ? (
            <>
              <p>
                Answered <time dateTime={invitation.response.submittedAt}>{formatDateTime(invitation.response.submittedAt)}</time>
              </p>
              <SurveyScores response={invitation.response} />
              {invitation.response.comment && <blockquote className="survey-comment">{invitation.response.comment}</blockquote>}
            </>
          ) : (
            <p className="muted">
              Sent <time dateTime={invitation.createdAt}>{formatDateTime(invitation.createdAt)}</time>;{' '}
              {Date.parse(invitation.expiresAt) <= now ? 'closed without an answer' : `open until ${formatDateTime(invitation.expiresAt)}`}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
