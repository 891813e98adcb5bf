import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as complaintProcedure from './0002-complaint-procedure.js';
import * as slaAndJobs from './0003-sla-and-jobs.js';
import * as followUpsAndChannels from './0004-follow-ups-and-channels.js';
import * as surveysAndFeedback from './0005-surveys-and-feedback.js';
import * as analytics from './0006-analytics.js';
import * as kpiFacts from './0007-kpi-facts.js';
import * as kpiBucketScopes from './0008-kpi-bucket-scopes.js';

/** The one ordered list of migrations, for both engines. Append; never edit or reorder. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-complaint-procedure': complaintProcedure,
  '0003-sla-and-jobs': slaAndJobs,
  '0004-follow-ups-and-channels': followUpsAndChannels,
  '0005-surveys-and-feedback': surveysAndFeedback,
  '0006-analytics': analytics,
  '0007-kpi-facts': kpiFacts,
  '0008-kpi-bucket-scopes': kpiBucketScopes,
};
