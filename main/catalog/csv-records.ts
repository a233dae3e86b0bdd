// A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas,
// doubled quotes and line breaks. Streams line by line, so a file is never held in memory whole.
import readline from 'node:readline';
import type { Readable } from 'node:stream';

export interface CsvRecord {
  /** 1-based line number where the record starts, for error reports. */
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Turns lines into records. A quoted field that runs past the end of a line continues on the next
 * one, so feed() answers undefined until the record is complete.
 */
export class CsvLineParser {
  private fields: string[] = [];
  private pending: string | undefined;

  /** True while a quoted field is open across lines. */
  get inRecord(): boolean {
    return this.pending !== undefined;
  }

  feed(line: string): string[] | undefined {
    // Most rows have no quote at all: split them without walking characters.
    if (this.pending === undefined && !line.includes('"')) return line.split(',');
    // Resuming: the pending text starts at the open field's opening quote.
    const text = this.pending === undefined ? line : `${this.pending}\n${line}`;
    if (this.pending === undefined) this.fields = [];
    this.pending = undefined;
    const fields = this.fields;
    let at = 0;
    for (;;) {
      if (text.charCodeAt(at) === QUOTE) {
        const closed = readQuoted(text, at + 1);
        if (closed === undefined) {
          // The quoted field goes on past this line: keep it from its opening quote.
          this.pending = text.slice(at);
          return undefined;
        }
        // After a closing quote comes a comma or the end of the record; anything else is kept
        // literally rather than dropped, so a sloppy row still shows what it held.
        const comma = text.indexOf(',', closed.next);
        fields.push(closed.value + text.slice(closed.next, comma === -1 ? undefined : comma));
        if (comma === -1) break;
        at = comma + 1;
      } else {
        const comma = text.indexOf(',', at);
        if (comma === -1) {
          fields.push(text.slice(at));
          break;
        }
        fields.push(text.slice(at, comma));
        at = comma + 1;
      }
    }
    this.fields = [];
    return fields;
  }
}

const QUOTE = 0x22;

/** Reads a quoted field's content from `start` (just after the opening quote). */
function readQuoted(text: string, start: number): { value: string; next: number } | undefined {
  let value = '';
  let at = start;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return undefined;
    value += text.slice(at, quote);
    if (text.charCodeAt(quote + 1) === QUOTE) {
      value += '"';
      at = quote + 2;
    } else {
      return { value, next: quote + 1 };
    }
  }
}

/** The records of a CSV stream, header included; line breaks may be \n or \r\n. */
export async function* readCsvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const parser = new CsvLineParser();
  let lineNumber = 0;
  let recordStart = 1;
  for await (const line of lines) {
    lineNumber += 1;
    if (!parser.inRecord) recordStart = lineNumber;
    const fields = parser.feed(line);
    if (fields !== undefined) yield { line: recordStart, fields };
  }
  if (parser.inRecord) {
    throw new CsvError(`Unclosed quoted field starting on line ${recordStart}`, recordStart);
  }
}

export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly code = 'CATALOG_CSV_MALFORMED';

  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
