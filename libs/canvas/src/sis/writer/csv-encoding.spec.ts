import { encodeCsvField, encodeCsvLine } from './csv-encoding';

describe('encodeCsvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [undefined, ''],
    [null, ''],
    [true, 'true'],
    [false, 'false'],
    [42, '42'],
    ['Smith, John', '"Smith, John"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rhere', '"cr\rhere"'],
    ['Zoë Ørsted 李', 'Zoë Ørsted 李'],
    ['<delete>', '<delete>'],
    [' padded ', ' padded '],
  ])('%j → %j', (value, expected) => {
    expect(encodeCsvField(value)).toBe(expected);
  });

  it('ends every record with CRLF and keeps empty cells positional', () => {
    expect(encodeCsvLine(['a', undefined, 'b,c', ''])).toBe('a,,"b,c",\r\n');
  });
});
