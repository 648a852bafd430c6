/**
 * The identifiers a work can carry, validated with their check digits and normalized for the
 * lookup: uppercase, no hyphens, dots or spaces; ISBN-10 becomes its ISBN-13; URLs are parsed.
 * Each function returns the normalized value, or an error message naming what is wrong.
 */
export type IdentifierScheme = 'isrc' | 'iswc' | 'isbn' | 'isni' | 'url';
export type Checked = { value: string } | { error: string };

const compact = (raw: string) =>
  raw
    .trim()
    .toUpperCase()
    .replace(/[\s.-]/g, '');

/** ISRC (ISO 3901): CC-XXX-YY-NNNNN — country, registrant, year, designation. */
export function isrc(raw: string): Checked {
  const value = compact(raw.replace(/^ISRC/i, ''));
  return /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/.test(value) ? { value } : { error: 'must be an ISRC like CC-XXX-YY-NNNNN' };
}

/** ISWC (ISO 15707): T-NNN.NNN.NNN-C, with its check digit. */
export function iswc(raw: string): Checked {
  const value = compact(raw.replace(/^ISWC/i, ''));
  if (!/^T[0-9]{10}$/.test(value)) return { error: 'must be an ISWC like T-NNN.NNN.NNN-C' };
  let sum = 1;
  for (let i = 1; i <= 9; i++) sum += i * Number(value[i]);
  return (10 - (sum % 10)) % 10 === Number(value[10]) ? { value } : { error: 'has a wrong ISWC check digit' };
}

/** ISBN-10 or ISBN-13 with their check digits; normalized to ISBN-13. */
export function isbn(raw: string): Checked {
  const value = compact(raw.replace(/^ISBN(-1[03])?:?/i, ''));
  if (/^[0-9]{9}[0-9X]$/.test(value)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (10 - i) * (value[i] === 'X' ? 10 : Number(value[i]));
    if (sum % 11 !== 0) return { error: 'has a wrong ISBN-10 check digit' };
    const body = `978${value.slice(0, 9)}`;
    return { value: body + isbn13CheckDigit(body) };
  }
  if (/^97[89][0-9]{10}$/.test(value)) {
    return isbn13CheckDigit(value.slice(0, 12)) === value[12]
      ? { value }
      : { error: 'has a wrong ISBN-13 check digit' };
  }
  return { error: 'must be an ISBN-10 or ISBN-13' };
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** ISNI (ISO 27729): 16 characters, the last a MOD 11-2 check character (0-9 or X). */
export function isni(raw: string): Checked {
  const value = compact(raw.replace(/^ISNI/i, ''));
  if (!/^[0-9]{15}[0-9X]$/.test(value)) return { error: 'must be an ISNI of 16 characters' };
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + Number(value[i])) * 2;
  const check = (12 - (total % 11)) % 11;
  return (check === 10 ? 'X' : String(check)) === value[15] ? { value } : { error: 'has a wrong ISNI check character' };
}

/** An http(s) URL, normalized by the WHATWG parser (lowercase host, no default port, no fragment). */
export function webUrl(raw: string): Checked {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return { error: 'must be an http(s) URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'must be an http(s) URL' };
  if (raw.length > 2048) return { error: 'must be at most 2048 characters' };
  parsed.hash = '';
  return { value: parsed.href };
}

export const IDENTIFIER_CHECKS: Record<IdentifierScheme, (raw: string) => Checked> = {
  isrc,
  iswc,
  isbn,
  isni,
  url: webUrl,
};
