/** One cell of a CSV file: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null;

// A spreadsheet runs a cell starting with one of these as a formula; names come from users, so a
// leading apostrophe keeps a team called "=HYPERLINK(…)" as text (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text (RFC 4180): comma-separated, a field with a quote, comma or line break quoted
 * and its quotes doubled, each record ended by CRLF.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
