/** RFC 4180 CSV reading as Ruby's CSV does it for SIS imports (quotes, doubled quotes, CRLF, BOM). */

export class MalformedCsvError extends Error {}

export interface CsvRecord {
  /** 1-based line number where the record starts (header = 1), as Canvas reports rows. */
  line: number;
  fields: string[];
}

/** Splits text into records; throws MalformedCsvError on an unclosed or stray quote. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        const next = input[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new MalformedCsvError(`Any value after quoted field isn't allowed in line ${line}.`);
        }
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || field !== '') throw new MalformedCsvError(`Illegal quoting in line ${line}.`);
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new MalformedCsvError(`Unclosed quoted field in line ${recordLine}.`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
