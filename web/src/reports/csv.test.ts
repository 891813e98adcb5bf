import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes a field with a comma, quote or line break and doubles its quotes; ends each record with CRLF', () => {
    expect(toCsv([['plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\r'], [1, 2.5, null]])).toBe(
      'plain,"a, b","say ""hi""","two\nlines","cr\r"\r\n1,2.5,\r\n',
    );
  });

  it('keeps text that a spreadsheet would run as a formula as text; numbers stay numbers', () => {
    expect(toCsv([['=SUM(A1)', '+1', '-x', '@cmd', 'a=b', -3]])).toBe("'=SUM(A1),'+1,'-x,'@cmd,a=b,-3\r\n");
    expect(toCsv([['=HYPERLINK("x","y")']])).toBe(`"'=HYPERLINK(""x"",""y"")"\r\n`);
  });

  it('writes nothing for no rows and an empty cell for a number that is not finite', () => {
    expect(toCsv([])).toBe('');
    expect(toCsv([[Number.NaN, 0]])).toBe(',0\r\n');
  });
});
