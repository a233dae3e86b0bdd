// A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas,
// doubled quotes and line breaks. Streams line by line, so a file is never held in memory whole.
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { CsvLineParser } from '../../app/catalog/catalog-csv';

// The line parser is pure and shared with the central server's import route.
export { CsvLineParser } from '../../app/catalog/catalog-csv';

export interface CsvRecord {
  /** 1-based line number where the record starts, for error reports. */
  readonly line: number;
  readonly fields: readonly string[];
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
