import { parse } from 'csv-parse/sync';
import { csvLine } from './csv-line';

describe('csvLine', () => {
  it('quotes what needs quoting and neutralizes formulas, readable back by a CSV parser', () => {
    const cells = ['a@b.org', '=HYPERLINK("http://x","y")', 'Multi\nline, "quoted"', '', null, 'a;b'];
    const line = csvLine(cells);
    expect(line).toBe(`a@b.org,"'=HYPERLINK(""http://x"",""y"")","Multi\nline, ""quoted""",,,"a;b"\r\n`);
    expect(parse(line)).toEqual([['a@b.org', `'=HYPERLINK("http://x","y")`, 'Multi\nline, "quoted"', '', '', 'a;b']]);
  });
});
