import type { ImportMode, ImportReport, RowProblem } from '../../../shared/index.js';

/**
 * Writes the valid rows unless the mode forbids it. Callers run it in one unit of work, so an import
 * is one transaction: a crash half-way leaves nothing behind.
 */
export async function applyRows<T>(
  total: number,
  problems: RowProblem[],
  mode: ImportMode,
  valid: { line: number; value: T }[],
  write: (value: T) => Promise<'created' | 'updated' | 'unchanged'>,
): Promise<ImportReport> {
  const report: ImportReport = { rows: total, created: 0, updated: 0, unchanged: 0, rejected: 0, imported: false, problems };
  report.problems.sort((a, b) => a.line - b.line);
  report.rejected = new Set(problems.map((p) => p.line)).size;
  if (problems.length > 0 && mode === 'all-or-nothing') return report;
  for (const { value } of valid) report[await write(value)]++;
  report.imported = true;
  return report;
}
