import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { RowProblem } from '../../../shared/index.js';


export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** Header names are matched loosely: `External Ref`, `external_ref` and `externalRef` are one column. */
export function columnKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Reads a CSV text into rows keyed by loose column name, each with the line it starts on. */
export function readCsv(text: string, required: string[]): { rows: CsvRow[]; problems: RowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes with where it was read; the typings do not follow the option.
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, field: 'file', reason: `is not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, field: 'file', reason: 'is empty; expected a header line' }] };
  const keys = header.record.map(columnKey);
  const missing = required.filter((column) => !keys.includes(columnKey(column)));
  if (missing.length > 0) {
    return { rows: [], problems: missing.map((column) => ({ line: 1, field: column, reason: 'column is missing from the header' })) };
  }
  const rows = body.map(({ record, info }) => {
    const values: Record<string, string> = {};
    keys.forEach((key, index) => {
      const value = record[index];
      if (value !== undefined && value !== '') values[key] = value;
    });
    return { line: info.lines, values };
  });
  return { rows, problems: [] };
}

/** Validates one row with a schema, naming each bad field with the row's line. */
export function validateRow<T extends z.ZodType>(
  schema: T,
  line: number,
  input: unknown,
  fieldNames: Record<string, string>,
): { ok: true; value: z.output<T> } | { ok: false; problems: RowProblem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const field = fieldNames[path[0] ?? ''] ?? path.join('.');
      return { line, field: field || 'row', reason: issue.message };
    }),
  };
}
