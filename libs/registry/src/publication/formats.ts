import type { PublicReservationRow } from './public-registry.queries';

/**
 * The machine-readable forms of a reservation:
 * - W3C TDMRep (TDM Reservation Protocol, Final Community Group Report): `tdm-reservation` is 1
 *   when TDM rights are reserved and 0 when not; `tdm-policy` is the URL of a TDM policy and is
 *   only given with a reservation. In `/.well-known/tdmrep.json` each rule also has a `location`.
 * - IETF AI Preferences vocabulary (draft-ietf-aipref-vocab): `train-ai`, `train-genai` and
 *   `search`, each `y` (allowed) or `n` (not allowed), serialized as a Content-Usage value.
 */
export interface TdmRepDeclaration {
  'tdm-reservation': 0 | 1;
  'tdm-policy'?: string;
}
export interface TdmRepRule extends TdmRepDeclaration {
  location: string;
}
export interface AiPreferences {
  'train-ai': 'y' | 'n';
  'train-genai': 'y' | 'n';
  search: 'y' | 'n';
}

export function tdmRep(row: PublicReservationRow | null): TdmRepDeclaration {
  if (!row || !row.tdm_reserved) return { 'tdm-reservation': 0 };
  return row.policy_url ? { 'tdm-reservation': 1, 'tdm-policy': row.policy_url } : { 'tdm-reservation': 1 };
}

/** A rule of tdmrep.json: `location` is the URL's path (and query) when `relative`, else the URL. */
export function tdmRepRule(row: PublicReservationRow, relative: boolean): TdmRepRule {
  const url = new URL(row.url!);
  return { location: relative ? `${url.pathname}${url.search}` : url.href, ...tdmRep(row) };
}

/** Without a public reservation nothing is expressed: every use is as the law allows by default. */
export function aiPreferences(row: PublicReservationRow): AiPreferences {
  const yn = (allowed: boolean) => (allowed ? 'y' : 'n');
  // A reservation that does not reserve TDM rights allows every use.
  if (!row.tdm_reserved) return { 'train-ai': 'y', 'train-genai': 'y', search: 'y' };
  // train-genai is a subcategory of train-ai: its own preference, when stated, is the more specific one.
  return {
    'train-ai': yn(row.allow_ai_training),
    'train-genai': yn(row.allow_generative_ai),
    search: yn(row.allow_search_indexing),
  };
}

/** `train-ai=n, train-genai=n, search=y` (a Structured Fields dictionary, as Content-Usage). */
export function contentUsage(preferences: AiPreferences): string {
  return Object.entries(preferences)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** One work with its applicable reservation, as the lookup and the JSON export publish it. */
export function publicEntry(row: PublicReservationRow) {
  return {
    workId: row.work_id,
    title: row.title,
    kind: row.kind,
    identifiers: { isrc: row.isrc, iswc: row.iswc, isbn: row.isbn, isni: row.isni, url: row.url },
    registeredBy: row.organization_id,
    reservation: {
      ...tdmRep(row),
      aiPreferences: aiPreferences(row),
      licensingContact: row.licensing_contact,
      effectiveFrom: row.effective_from,
      confirmedBy: row.status === 'CONFIRMED' ? 'CREATOR' : 'ORGANIZATION',
    },
  };
}

export const EXPORT_CSV_COLUMNS = [
  'work_id',
  'title',
  'kind',
  'isrc',
  'iswc',
  'isbn',
  'isni',
  'url',
  'registered_by',
  'tdm_reservation',
  'tdm_policy',
  'train_ai',
  'train_genai',
  'search',
  'licensing_contact',
  'effective_from',
  'confirmed_by',
];

/** Spreadsheet formula injection: a text cell starting like a formula is prefixed with an apostrophe. */
const neutralize = (value: string | number | null) =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

export function exportCsvRecord(row: PublicReservationRow): (string | number | null)[] {
  const entry = publicEntry(row);
  const prefs = entry.reservation.aiPreferences;
  return (
    [
      row.work_id,
      row.title,
      row.kind,
      row.isrc,
      row.iswc,
      row.isbn,
      row.isni,
      row.url,
      row.organization_id,
      entry.reservation['tdm-reservation'],
      entry.reservation['tdm-policy'] ?? null,
      prefs['train-ai'],
      prefs['train-genai'],
      prefs.search,
      row.licensing_contact,
      row.effective_from,
      entry.reservation.confirmedBy,
    ] as (string | number | null)[]
  ).map(neutralize);
}
