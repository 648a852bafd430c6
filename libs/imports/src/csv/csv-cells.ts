/**
 * Spreadsheet formula injection: a cell starting with one of these is run as a formula by
 * Excel/LibreOffice. Exports prefix such cells with an apostrophe (shown as text, not
 * evaluated); imports remove exactly that prefix again so that a round trip changes nothing.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALIZED = /^'[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return NEUTRALIZED.test(value) ? value.slice(1) : value;
}

/** Escapes a value for PostgreSQL's COPY text format (null is \N). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
