import { neutralizeCell } from '../csv/csv-cells';

/** One CSV line (RFC 4180 quoting), every cell neutralized against formula injection. */
export function csvLine(cells: (string | null | undefined)[]): string {
  return `${cells.map((cell) => quote(neutralizeCell(cell ?? ''))).join(',')}\r\n`;
}

function quote(value: string): string {
  return /[",\r\n;]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
