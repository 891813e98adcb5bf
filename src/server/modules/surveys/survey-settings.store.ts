import type { SurveySettings, SurveyTexts, UpdateSurveySettings } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import { storeCache } from '../../platform/db/store-cache.js';
import type { Work } from '../../platform/db/work.js';
import { nowInstant } from '../../platform/ids.js';

const SETTING_ID = 'surveys';

const ENGLISH: SurveyTexts = {
  title: 'How did we do?',
  csat: 'How satisfied are you with how we handled your request?',
  csatLow: 'Very dissatisfied',
  csatHigh: 'Very satisfied',
  nps: 'How likely are you to recommend us to a friend or colleague?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  ces: 'How easy was it to get your issue sorted?',
  cesLow: 'Very difficult',
  cesHigh: 'Very easy',
  comment: 'Anything you would like to tell us? (optional)',
  submit: 'Send my answer',
  thankYou: 'Thank you for your answer. It helps us serve you better.',
};

const FRENCH: SurveyTexts = {
  title: 'Votre avis compte',
  csat: 'Êtes-vous satisfait de la façon dont nous avons traité votre demande ?',
  csatLow: 'Pas du tout satisfait',
  csatHigh: 'Très satisfait',
  nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  ces: 'Dans quelle mesure a-t-il été facile de régler votre problème ?',
  cesLow: 'Très difficile',
  cesHigh: 'Très facile',
  comment: 'Souhaitez-vous nous dire autre chose ? (facultatif)',
  submit: 'Envoyer ma réponse',
  thankYou: 'Merci pour votre réponse. Elle nous aide à mieux vous servir.',
};

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  questions: ['csat', 'nps', 'ces'],
  texts: { en: ENGLISH, fr: FRENCH },
  validityDays: 14,
  neverTwiceWithinDays: 30,
};

const settingRow = compiledOnce((db, id: string) => db.selectFrom('settings').selectAll().where('id', '=', id));

/** The settings as saved, over the defaults. */
export async function surveySettings(db: Queryable): Promise<SurveySettings> {
  const [row] = await settingRow(db, SETTING_ID);
  return row ? { ...DEFAULT_SURVEY_SETTINGS, ...(JSON.parse(row.value_json) as Partial<SurveySettings>) } : DEFAULT_SURVEY_SETTINGS;
}

const cachedSettings = storeCache(['settings'], surveySettings);

/** The settings, kept in memory between changes: read on every case resolution and survey sent. */
export function keptSurveySettings(work: Work): Promise<SurveySettings> {
  return cachedSettings(work.store, work.tx);
}

/** The same, outside any unit of work: read on every visit and answer of a survey link. */
export function keptSurveySettingsOf(store: Store): Promise<SurveySettings> {
  return cachedSettings(store, store.db);
}

export async function updateSurveySettings(work: Work, change: UpdateSurveySettings): Promise<SurveySettings> {
  const [row] = await settingRow(work.tx, SETTING_ID);
  const saved = row ? (JSON.parse(row.value_json) as Partial<SurveySettings>) : {};
  const next = { ...saved, ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) };
  const value_json = JSON.stringify(next);
  if (row) await updateAudited(work, 'settings', row, { value_json, updated_at: nowInstant() });
  else await insertAudited(work, 'settings', { id: SETTING_ID, value_json, updated_at: nowInstant() });
  return { ...DEFAULT_SURVEY_SETTINGS, ...next };
}

/** The texts for `language`: exact, else its base language, else English. */
export function surveyTextsFor(settings: SurveySettings, language: string): { language: string; texts: SurveyTexts } {
  const base = language.split('-')[0]!;
  for (const candidate of [language, base]) {
    const texts = settings.texts[candidate];
    if (texts) return { language: candidate, texts };
  }
  return { language: 'en', texts: settings.texts.en ?? ENGLISH };
}
