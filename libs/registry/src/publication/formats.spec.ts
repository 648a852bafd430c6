import { aiPreferences, contentUsage, exportCsvRecord, tdmRep, tdmRepRule } from './formats';
import type { PublicReservationRow } from './public-registry.queries';

const row = (overrides: Partial<PublicReservationRow> = {}): PublicReservationRow => ({
  work_id: 'w1',
  title: 'Song',
  kind: 'SOUND_RECORDING',
  isrc: 'USRC17607839',
  iswc: null,
  isbn: null,
  isni: null,
  url: 'https://example.org/a/song?x=1',
  organization_id: 'o1',
  tdm_reserved: true,
  allow_ai_training: false,
  allow_generative_ai: false,
  allow_search_indexing: true,
  licensing_contact: null,
  policy_url: null,
  effective_from: '2026-01-01',
  status: 'CONFIRMED',
  updated_at: new Date(),
  ...overrides,
});

describe('registry publication formats', () => {
  it('writes TDMRep declarations: tdm-policy only with a reservation', () => {
    expect(tdmRep(null)).toEqual({ 'tdm-reservation': 0 });
    expect(tdmRep(row({ policy_url: 'https://p.example/policy' }))).toEqual({
      'tdm-reservation': 1,
      'tdm-policy': 'https://p.example/policy',
    });
    expect(tdmRep(row({ tdm_reserved: false, policy_url: 'https://p.example/policy' }))).toEqual({
      'tdm-reservation': 0,
    });
    expect(tdmRepRule(row(), true)).toEqual({ location: '/a/song?x=1', 'tdm-reservation': 1 });
    expect(tdmRepRule(row(), false)).toEqual({ location: 'https://example.org/a/song?x=1', 'tdm-reservation': 1 });
  });

  it('maps the scope to the AI-preferences vocabulary and its Content-Usage form', () => {
    const preferences = aiPreferences(row({ allow_generative_ai: true }));
    expect(preferences).toEqual({ 'train-ai': 'n', 'train-genai': 'y', search: 'y' });
    expect(contentUsage(preferences)).toBe('train-ai=n, train-genai=y, search=y');
    expect(aiPreferences(row({ tdm_reserved: false, allow_search_indexing: false }))).toEqual({
      'train-ai': 'y',
      'train-genai': 'y',
      search: 'y',
    });
  });

  it('neutralizes spreadsheet formulas in the CSV export', () => {
    expect(exportCsvRecord(row({ title: '=HYPERLINK("x")' }))[1]).toBe('\'=HYPERLINK("x")');
  });
});
