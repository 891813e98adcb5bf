import { z } from 'zod';
import { IMPORT_MODES } from '../enums.js';

export const ImportMode = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportQuery = z.object({
  mode: ImportMode.default('all-or-nothing').describe('all-or-nothing: one bad row imports nothing; valid-only: good rows go in'),
});

export const RowProblem = z.object({
  line: z.number().int().describe('line of the CSV file, the header being line 1'),
  field: z.string(),
  reason: z.string(),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const ImportReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int().describe('rows left out because they were bad'),
  imported: z.boolean().describe('false when nothing was written'),
  problems: z.array(RowProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;
