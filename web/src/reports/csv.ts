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

/** Saves CSV text as a file; a byte-order mark makes spreadsheet programs read it as UTF-8. */
export function saveCsvFile(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the click has handed the file to the browser.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
