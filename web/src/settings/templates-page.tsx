import { CHANNELS, TEMPLATE_KINDS } from '../../../src/shared/enums.js';
import { templatesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDate, formatLanguage } from '../ui/format.js';
import { CHANNEL_LABELS, labelFor } from '../ui/labels.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { TEMPLATE_KIND_LABELS } from './rule-labels.js';
import './settings.css';

const STATES = { active: 'In use', retired: 'Retired', all: 'In use and retired' } as const;
type State = keyof typeof STATES;

/**
 * Reply templates and call scripts. A team has tens of them, not thousands, so the page reads them
 * all once and filters in the browser: changing a filter answers at once.
 */
export function TemplatesPage({ route }: { route: Route }) {
  const templates = useResource('templates', (signal) => templatesApi.list({}, signal));
  const managesRules = useManagesRules();
  useDocumentTitle('Templates and scripts');

  const kind = TEMPLATE_KINDS.find((value) => value === route.query.get('kind'));
  const channel = CHANNELS.find((value) => value === route.query.get('channel'));
  const language = route.query.get('language') || undefined;
  const state: State = (Object.keys(STATES) as State[]).find((value) => value === route.query.get('state')) ?? 'active';
  // In use is the usual view, so it has no query of its own.
  const filter: { kind?: string; channel?: string; language?: string; state?: State } = { kind, channel, language, state: state === 'active' ? undefined : state };
  const go = (change: typeof filter) => navigate(hrefTo('/settings/templates', { ...filter, ...change }), { replace: true });

  const all = templates.data?.items ?? [];
  const languages = [...new Set(all.map((template) => template.language))].sort();
  const shown = all.filter(
    (template) =>
      (!kind || template.kind === kind) &&
      (!channel || template.channel === channel) &&
      (!language || template.language === language) &&
      (state === 'all' || template.active === (state === 'active')),
  );

  return (
    <section className="page settings-page" aria-labelledby="templates-title">
      <div className="page-header">
        <div>
          <h1 id="templates-title">Templates and scripts</h1>
          <p className="muted">Reply templates agents start a message from, and scripts they follow on a call.</p>
        </div>
        {managesRules && (
          <a className="button button-primary" href={hrefTo('/settings/templates/new')}>
            New template
          </a>
        )}
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <div className="filter-bar" role="group" aria-label="Filter templates">
        <FilterSelect label="Kind" value={kind} onChange={(value) => go({ kind: value })}>
          <option value="">Any kind</option>
          <ChoiceOptions labels={TEMPLATE_KIND_LABELS} />
        </FilterSelect>
        <FilterSelect label="Channel" value={channel} onChange={(value) => go({ channel: value })}>
          <option value="">Any channel</option>
          <ChoiceOptions labels={CHANNEL_LABELS} />
        </FilterSelect>
        <FilterSelect label="Language" value={language} onChange={(value) => go({ language: value })}>
          <option value="">Any language</option>
          {languages.map((tag) => (
            <option key={tag} value={tag}>
              {formatLanguage(tag)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Status" value={state} onChange={(value) => go({ state: value === 'active' ? undefined : (value as State) })}>
          <ChoiceOptions labels={STATES} />
        </FilterSelect>
      </div>
      <ErrorNotice error={templates.error} onRetry={templates.reload} />
      <table className="data-table" aria-labelledby="templates-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Channel</th>
            <th scope="col">Language</th>
            <th scope="col">Policy</th>
            <th scope="col">Status</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((template) => (
            <tr key={template.id}>
              <td>
                <a className="row-link" href={hrefTo(`/settings/templates/${template.id}`)}>
                  {template.name}
                </a>
              </td>
              <td>{labelFor(TEMPLATE_KIND_LABELS, template.kind)}</td>
              <td>{labelFor(CHANNEL_LABELS, template.channel)}</td>
              <td>{formatLanguage(template.language)}</td>
              <td>{template.policyTitle ?? <span className="muted">—</span>}</td>
              <td>
                {template.active ? <span className="badge badge-in-effect">In use</span> : <span className="badge">Retired</span>}
              </td>
              <td>{formatDate(template.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="list-footer" aria-live="polite">
        {templates.loading && !templates.data && <span>Loading templates…</span>}
        {templates.data && shown.length === 0 && (
          <span>{all.length === 0 ? 'No templates yet.' : 'No templates match these filters.'}</span>
        )}
        {shown.length > 0 && <span className="muted">{shown.length} shown</span>}
      </div>
    </section>
  );
}
