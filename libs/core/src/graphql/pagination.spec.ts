import { decodeCursor, decodeKeysetCursor, encodeCursor, toConnection } from './pagination';
import { BadInputError } from '../errors/domain-errors';

describe('cursors and connections', () => {
  it('round-trips sort keys through an opaque cursor', () => {
    const cursor = encodeCursor(['smith', 'a1b2']);
    expect(cursor).not.toContain('smith');
    expect(decodeCursor(cursor, 2)).toEqual(['smith', 'a1b2']);
  });

  it('rejects a cursor that is not ours with BAD_USER_INPUT on `after`', () => {
    expect(() => decodeCursor('garbage', 2)).toThrow(BadInputError);
    expect(() => decodeCursor(encodeCursor([1]), 2)).toThrow(/after/);
  });

  it('accepts keyset cursors of text keys and a uuid id only', () => {
    const id = '0190a3c2-7b1e-7c3d-8e4f-123456789abc';
    expect(decodeKeysetCursor(encodeCursor(['smith', id]), 2)).toEqual(['smith', id]);
    expect(() => decodeKeysetCursor(encodeCursor([{ a: 1 }, id]), 2)).toThrow(BadInputError);
    expect(() => decodeKeysetCursor(encodeCursor([1, id]), 2)).toThrow(BadInputError);
    expect(() => decodeKeysetCursor(encodeCursor(['smith', 'not-a-uuid']), 2)).toThrow(/after/);
  });

  it('says whether there is a next page from the extra row', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toConnection(rows, 2, 10, (r) => [r.id]);
    expect(page.edges.map((e) => e.node.id)).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor([2]) });
    expect(toConnection(rows, 3, 3, (r) => [r.id]).pageInfo.hasNextPage).toBe(false);
  });

  it("gives each edge its row's cursor, encoded only when asked for", () => {
    const cursorValues = jest.fn((r: { id: number }) => [r.id]);
    const page = toConnection([{ id: 1 }, { id: 2 }, { id: 3 }], 2, 10, cursorValues);
    expect(cursorValues).toHaveBeenCalledTimes(1); // the end cursor
    expect(page.edges.map((e) => e.cursor)).toEqual([encodeCursor([1]), encodeCursor([2])]);
  });
});
