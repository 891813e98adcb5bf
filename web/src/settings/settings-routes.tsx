import type { ReactElement } from 'react';
import type { Route } from '../app/hash-router.js';
import { FollowUpRulePage, FollowUpRulesPage } from '../follow-ups/follow-up-rules-page.js';
import { SurveySettingsPage } from '../surveys/survey-settings-page.js';
import { AuthorityLimitsPage } from './authority-limits-page.js';
import { BusinessCalendarPage } from './business-calendar-page.js';
import { BusinessCalendarsPage } from './business-calendars-page.js';
import { NewPolicyPage } from './new-policy-page.js';
import { PoliciesPage } from './policies-page.js';
import { PolicyPage } from './policy-page.js';
import { ProcedureSettingsPage } from './procedure-settings-page.js';
import { SlaPoliciesPage } from './sla-policies-page.js';
import { SlaPolicyPage } from './sla-policy-page.js';
import { TemplatePage } from './template-page.js';
import { TemplatesPage } from './templates-page.js';
import { WebhookPage } from './webhook-page.js';
import { WebhooksPage } from './webhooks-page.js';

/** The page for a `#/settings/...` address, or null when there is none there. */
export function settingsPage(route: Route): ReactElement | null {
  const [, area = 'policies', id, extra] = route.segments;
  if (extra !== undefined) return null;
  if (area === 'policies' && id === undefined) return <PoliciesPage />;
  if (area === 'policies' && id === 'new') return <NewPolicyPage />;
  if (area === 'policies' && id !== undefined) return <PolicyPage key={id} policyId={id} />;
  if (area === 'templates' && id === undefined) return <TemplatesPage route={route} />;
  if (area === 'templates' && id !== undefined) return <TemplatePage key={id} templateId={id === 'new' ? null : id} />;
  if (area === 'authority-limits' && id === undefined) return <AuthorityLimitsPage />;
  if (area === 'procedure' && id === undefined) return <ProcedureSettingsPage />;
  if (area === 'calendars' && id === undefined) return <BusinessCalendarsPage />;
  if (area === 'calendars' && id !== undefined) return <BusinessCalendarPage key={id} calendarId={id === 'new' ? null : id} />;
  if (area === 'sla-policies' && id === undefined) return <SlaPoliciesPage />;
  if (area === 'sla-policies' && id !== undefined) return <SlaPolicyPage key={id} policyId={id === 'new' ? null : id} />;
  if (area === 'webhooks' && id === undefined) return <WebhooksPage />;
  if (area === 'webhooks' && id !== undefined) return <WebhookPage key={id} endpointId={id === 'new' ? null : id} />;
  if (area === 'follow-up-rules' && id === undefined) return <FollowUpRulesPage />;
  if (area === 'follow-up-rules' && id !== undefined) return <FollowUpRulePage key={id} ruleId={id === 'new' ? null : id} />;
  if (area === 'surveys' && id === undefined) return <SurveySettingsPage />;
  return null;
}
