import { columnIndexes, detectDelimiter, repeatedColumn } from './csv-header';
import { isBlankRecord, stagePeopleRow } from './people-row';

const columns = columnIndexes(['Email', 'First Name', 'last_name', 'ORGANIZATION', 'role', 'tags']);

describe('header', () => {
  it('maps names case-insensitively, with spaces or dashes for underscores, ignoring unknown columns', () => {
    expect(columnIndexes(['\uFEFFE-mail', 'email', 'Tags', 'notes'])).toEqual({ email: 1, tags: 2 });
    expect(columns).toEqual({ email: 0, first_name: 1, last_name: 2, organization: 3, role: 4, tags: 5 });
  });

  it('finds a contract column named twice, in any spelling', () => {
    expect(repeatedColumn(['email', 'First Name', 'first-name'])).toBe('first_name');
    expect(repeatedColumn(['email', 'notes', 'notes'])).toBeNull(); // not a column of the contract
    expect(repeatedColumn(['email', 'first_name'])).toBeNull();
  });

  it('detects the delimiter from the header line, ignoring quoted text and later lines', () => {
    expect(detectDelimiter('email;first_name;last_name\na,b,c,d,e')).toBe(';');
    expect(detectDelimiter('email,first_name,"a;b;c"\n')).toBe(',');
    expect(detectDelimiter('email')).toBe(',');
  });
});

describe('stagePeopleRow', () => {
  it('normalizes a good row', () => {
    expect(
      stagePeopleRow(
        [' ada@example.org ', 'Ada', '', ' Screen   Performers Union ', 'leadership', ' a ; b;;a '],
        columns,
      ),
    ).toEqual({
      email: 'ada@example.org',
      firstName: 'Ada',
      lastName: null,
      organization: 'Screen Performers Union', // spelled as names are stored
      role: 'LEADERSHIP',
      tags: 'a;b',
      error: null,
    });
  });

  it('collects every problem of a bad row', () => {
    expect(stagePeopleRow(['not an email', '', '', '', 'boss', ''], columns).error).toBe(
      'email "not an email" is not a valid address; first_name is required; role "boss" is not one of MEMBER, STAFF, LEADERSHIP',
    );
    expect(stagePeopleRow(['', 'X'], columns).error).toBe('email is required');
    expect(stagePeopleRow(['a@b', 'X'], columns).error).toBe('email "a@b" is not a valid address');
    expect(
      stagePeopleRow(['a@b.org', 'X', '', '', '', Array.from({ length: 51 }, (_, i) => `t${i}`).join(';')], columns)
        .error,
    ).toBe('more than 50 tags');
  });

  it('accepts internationalized domains, as the API does', () => {
    expect(stagePeopleRow(['a@müller.de', 'A'], columns)).toMatchObject({ email: 'a@müller.de', error: null });
    expect(stagePeopleRow(['a@bücher.例え.jp', 'A'], columns).error).toBeNull();
    expect(stagePeopleRow(['a@müller', 'A'], columns).error).toBe('email "a@müller" is not a valid address');
  });

  it('fails a row with a NUL character, and stages it without one (PostgreSQL text cannot hold it)', () => {
    expect(stagePeopleRow(['a@b.org', 'A\u0000da', 'x'], columns)).toMatchObject({
      email: 'a@b.org',
      firstName: 'Ada',
      error: 'a cell contains a NUL character (\\0)',
    });
    expect(stagePeopleRow(['a@b.org', 'Ada', '', '', '', '', 'ignored\u0000column'], columns).error).toBeNull();
  });

  it('restores cells an export neutralized', () => {
    expect(stagePeopleRow(['a@b.org', "'=HYPERLINK(1)", "'-x"], columns)).toMatchObject({
      firstName: '=HYPERLINK(1)',
      lastName: '-x',
      error: null,
    });
  });

  it('knows blank records', () => {
    expect(isBlankRecord(['', ' ', ''])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });
});
