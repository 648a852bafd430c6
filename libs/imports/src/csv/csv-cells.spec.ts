import { copyText, neutralizeCell, restoreCell } from './csv-cells';

describe('formula injection', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])(
    'neutralizes %j and restores it',
    (value) => {
      expect(neutralizeCell(value)).toBe(`'${value}`);
      expect(restoreCell(neutralizeCell(value))).toBe(value);
    },
  );

  it('leaves other cells alone, including apostrophes not followed by a formula character', () => {
    for (const value of ['Ada', "O'Hara", "'quoted'", '', '1=1']) {
      expect(neutralizeCell(value)).toBe(value);
      expect(restoreCell(value)).toBe(value);
    }
  });
});

describe('copyText', () => {
  it('escapes what COPY text format treats specially', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('plain')).toBe('plain');
  });
});
