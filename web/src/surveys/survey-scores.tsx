import type { SurveyResponse } from '../../../src/shared/index.js';

/** The scores of a response as a compact list: only the questions answered. */
export function SurveyScores({ response }: { response: Pick<SurveyResponse, 'csat' | 'nps' | 'ces'> }) {
  const scores = [
    { label: 'CSAT', value: response.csat, max: 5 },
    { label: 'NPS', value: response.nps, max: 10 },
    { label: 'CES', value: response.ces, max: 7 },
  ].filter((score) => score.value !== null);
  if (scores.length === 0) return <span className="muted">No score</span>;
  return (
    <dl className="survey-scores">
      {scores.map((score) => (
        <div key={score.label}>
          <dt>{score.label}</dt>
          <dd>
            {score.value}
            <span className="muted">/{score.max}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
