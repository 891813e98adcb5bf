import type { z } from 'zod';
import type {
  ConsentEvent,
  ContactPlan,
  ContactPreferencesView,
  RecordConsentEvent,
  RequestContactPlan,
  SaveContactPreferences,
} from '../../../src/shared/index.js';
import { request } from './api-client.js';

const customerPath = (customerId: string, rest: string) => `/api/customers/${encodeURIComponent(customerId)}/${rest}`;

/** A customer's contact preferences and consent, and what a contact would do now. */
export const contactApi = {
  preferences: (customerId: string, signal?: AbortSignal) => request<ContactPreferencesView>('GET', customerPath(customerId, 'contact-preferences'), { signal }),
  /** Replaces the saved preferences: a field left out, or null, follows the default. */
  savePreferences: (customerId: string, body: SaveContactPreferences) => request<ContactPreferencesView>('PUT', customerPath(customerId, 'contact-preferences'), { body }),
  consentEvents: (customerId: string, signal?: AbortSignal) => request<{ items: ConsentEvent[] }>('GET', customerPath(customerId, 'consent-events'), { signal }),
  recordConsent: (customerId: string, body: z.input<typeof RecordConsentEvent>) => request<ConsentEvent>('POST', customerPath(customerId, 'consent-events'), { body }),
  plan: (customerId: string, body: z.input<typeof RequestContactPlan>) => request<ContactPlan>('POST', customerPath(customerId, 'contact-plan'), { body }),
};
