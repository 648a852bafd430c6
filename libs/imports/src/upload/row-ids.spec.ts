import { RowIds } from './row-ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millis = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('RowIds', () => {
  it('gives distinct version-7 uuids, past the end of its random pool, stamped with the current time', () => {
    const ids = new RowIds();
    const before = Date.now();
    const drawn = Array.from({ length: 10_000 }, () => ids.next()); // more than one pool of 4,096
    const after = Date.now();
    expect(new Set(drawn).size).toBe(drawn.length);
    for (const id of drawn) expect(id).toMatch(V7);
    expect(millis(drawn[0])).toBeGreaterThanOrEqual(before);
    expect(millis(drawn[drawn.length - 1])).toBeLessThanOrEqual(after);
  });
});
