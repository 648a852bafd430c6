import { isbn, isni, isrc, iswc, webUrl } from './identifiers';

describe('registry identifiers', () => {
  it('normalizes a valid ISRC and refuses a malformed one', () => {
    expect(isrc('us-rc1-76-07839')).toEqual({ value: 'USRC17607839' });
    expect(isrc('USRC1760783')).toHaveProperty('error');
  });

  it('checks the ISWC check digit', () => {
    expect(iswc('T-034.524.680-1')).toEqual({ value: 'T0345246801' });
    expect(iswc('T-034.524.680-2')).toEqual({ error: 'has a wrong ISWC check digit' });
  });

  it('checks ISBN-10 and ISBN-13 check digits and turns ISBN-10 into ISBN-13', () => {
    expect(isbn('0-306-40615-2')).toEqual({ value: '9780306406157' });
    expect(isbn('978-0-306-40615-7')).toEqual({ value: '9780306406157' });
    expect(isbn('978-0-306-40615-8')).toEqual({ error: 'has a wrong ISBN-13 check digit' });
    expect(isbn('0-306-40615-3')).toEqual({ error: 'has a wrong ISBN-10 check digit' });
    expect(isbn('0-8044-2957-X')).toEqual({ value: '9780804429573' });
  });

  it('checks the ISNI MOD 11-2 check character', () => {
    expect(isni('0000 0001 2281 955X')).toEqual({ value: '000000012281955X' });
    expect(isni('0000 0001 2281 9551')).toEqual({ error: 'has a wrong ISNI check character' });
  });

  it('accepts http(s) URLs only, normalized', () => {
    expect(webUrl('HTTPS://Example.ORG:443/a/b#x')).toEqual({ value: 'https://example.org/a/b' });
    expect(webUrl('ftp://example.org/x')).toHaveProperty('error');
    expect(webUrl('not a url')).toHaveProperty('error');
  });
});
