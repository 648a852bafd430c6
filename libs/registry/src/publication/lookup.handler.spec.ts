import { isLookupRequest } from './lookup.handler';

describe('isLookupRequest', () => {
  it('takes GET and HEAD of /registry/lookup with or without a query or a trailing slash', () => {
    for (const url of [
      '/registry/lookup',
      '/registry/lookup?isrc=QZABC2600001',
      '/registry/lookup/',
      '/registry/lookup/?url=x',
      '/registry/lookup?',
    ]) {
      expect(isLookupRequest('GET', url)).toBe(true);
      expect(isLookupRequest('HEAD', url)).toBe(true);
    }
  });

  it('leaves everything else to Express', () => {
    for (const url of [
      '/registry/lookups',
      '/registry/lookup/x',
      '/registry/look',
      '/registry/export.json',
      '/graphql',
      undefined,
    ])
      expect(isLookupRequest('GET', url)).toBe(false);
    expect(isLookupRequest('POST', '/registry/lookup?isrc=QZABC2600001')).toBe(false);
    expect(isLookupRequest('OPTIONS', '/registry/lookup')).toBe(false);
  });
});
