import { z } from 'zod';
import { CreateCustomer, type ImportMode, type ImportReport } from '../../../shared/index.js';
import type { Work } from '../../platform/db/work.js';
import { upsertCustomerByExternalRef } from '../customers/customers.store.js';
import { readCsv, validateRow } from './csv-rows.js';
import { applyRows } from './apply-rows.js';

const CustomerCsvRow = CreateCustomer.extend({
  externalRef: z.string({ error: 'is required: it is the key that makes re-imports safe' }).trim().min(1).max(120),
});

const COLUMNS: Record<string, string> = {
  externalRef: 'external_ref',
  name: 'name',
  email: 'email',
  phone: 'phone',
  timezone: 'timezone',
  language: 'language',
  tier: 'tier',
};

/**
 * Imports customers keyed by `external_ref`. Every bad row is reported by line; in `all-or-nothing`
 * mode one bad row imports nothing, in `valid-only` mode the good rows go in.
 */
export async function importCustomers(work: Work, csv: string, mode: ImportMode): Promise<ImportReport> {
  const { rows, problems } = readCsv(csv, ['external_ref', 'name']);
  const valid: { line: number; value: z.output<typeof CustomerCsvRow> }[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const checked = validateRow(
      CustomerCsvRow,
      row.line,
      { externalRef: v.externalref, name: v.name, email: v.email, phone: v.phone, timezone: v.timezone, language: v.language, tier: v.tier },
      COLUMNS,
    );
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const earlier = seen.get(checked.value.externalRef);
    if (earlier !== undefined) {
      problems.push({ line: row.line, field: 'external_ref', reason: `repeats line ${earlier}` });
      continue;
    }
    seen.set(checked.value.externalRef, row.line);
    valid.push({ line: row.line, value: checked.value });
  }
  return applyRows(rows.length, problems, mode, valid, async (value) => (await upsertCustomerByExternalRef(work, value)).outcome);
}
