import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvLineParser, readCsvRecords } from './csv-records';
import type { CsvRecord } from './csv-records';

async function records(text: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(Readable.from([text]))) out.push(record);
  return out;
}

describe('CSV records', () => {
  it('splits plain rows and keeps empty fields', () => {
    const parser = new CsvLineParser();
    expect(parser.feed('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(parser.feed(',x,')).toEqual(['', 'x', '']);
    expect(parser.feed('')).toEqual(['']);
  });

  it('reads quoted fields with commas, doubled quotes and a trailing empty field', () => {
    const parser = new CsvLineParser();
    expect(parser.feed('1,"Sweeteners, Demerara"')).toEqual(['1', 'Sweeteners, Demerara']);
    expect(parser.feed('2,"9"" Pie Shells",')).toEqual(['2', '9" Pie Shells', '']);
    expect(parser.feed('"",""""')).toEqual(['', '"']);
  });

  it('continues a quoted field across line breaks and numbers records by their first line', async () => {
    const text = 'gtin,name\r\n1,"two\r\nlines, really"\r\n2,plain\r\n';
    expect(await records(text)).toEqual([
      { line: 1, fields: ['gtin', 'name'] },
      { line: 2, fields: ['1', 'two\nlines, really'] },
      { line: 4, fields: ['2', 'plain'] },
    ]);
  });

  it('reports a quote left open at the end of the file', async () => {
    await expect(records('a,"never closed\nmore')).rejects.toMatchObject({
      code: 'CATALOG_CSV_MALFORMED',
      line: 1,
    });
  });
});
