// Reads a catalog file of `gtin,name` rows (optionally gzip-compressed) as a stream of products,
// checking each row: a bad row is reported with its line number and skipped, never guessed at.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readCsvRecords } from './csv-records';
import { gtin14Key } from './gtin-key';

export type CatalogSourceItem =
  | {
      readonly kind: 'product';
      readonly line: number;
      /** As written in the file (8, 12, 13 or 14 digits). */
      readonly gtin: string;
      readonly gtin14: string;
      readonly name: string;
    }
  | { readonly kind: 'skipped'; readonly line: number; readonly reason: string };

export interface CatalogSourceOptions {
  /** Compressed bytes read so far and the file's size: the basis of the row-count estimate. */
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/** The rows of a catalog file; `.gz` files are decompressed on the fly. */
export async function* readCatalogFile(
  file: string,
  options: CatalogSourceOptions = {},
): AsyncGenerator<CatalogSourceItem> {
  const totalBytes = statSync(file).size;
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  const onBytes = options.onBytes;
  if (onBytes !== undefined) {
    raw.on('data', (chunk) => {
      bytesRead += chunk.length;
      onBytes(bytesRead, totalBytes);
    });
  }
  const input: Readable = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  // A decompression error surfaces on the gunzip stream; a read error on the file stream.
  raw.on('error', (error) => input.destroy(error));
  try {
    yield* readCatalogRows(input);
  } finally {
    // A consumer that stops early (a row limit, an abort) must not leave the file open.
    input.destroy();
    raw.destroy();
  }
}

/** The rows of a `gtin,name` CSV stream with a header line. */
export async function* readCatalogRows(input: Readable): AsyncGenerator<CatalogSourceItem> {
  let header = true;
  for await (const record of readCsvRecords(input)) {
    if (header) {
      header = false;
      const names = record.fields.map((f) => f.trim().toLowerCase());
      if (names[0] !== 'gtin' || names[1] !== 'name') {
        throw new CatalogFileError(
          `A catalog file starts with the header 'gtin,name'; this one starts with '${record.fields.join(',')}'.`,
        );
      }
      continue;
    }
    const { line, fields } = record;
    if (fields.length !== 2) {
      yield { kind: 'skipped', line, reason: `expected 2 fields, found ${fields.length}` };
      continue;
    }
    const gtin = (fields[0] as string).trim();
    const gtin14 = gtin14Key(gtin);
    if (gtin14 === undefined) {
      yield { kind: 'skipped', line, reason: `'${gtin}' is not a GTIN-8, -12, -13 or -14` };
      continue;
    }
    const name = decodeEntities(fields[1] as string).trim();
    if (name === '') {
      yield { kind: 'skipped', line, reason: 'the name is empty' };
      continue;
    }
    yield { kind: 'product', line, gtin, gtin14, name };
  }
}

export class CatalogFileError extends Error {
  override readonly name = 'CatalogFileError';
  readonly code = 'CATALOG_FILE_INVALID';
}

// The Open Food Facts export carries some names HTML-escaped (&quot;Baguette&quot;, &#40;); a
// cashier should read the characters, not the escapes.
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  quot: '"',
  amp: '&',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  deg: '°',
};
const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X'
          ? Number.parseInt(body.slice(2), 16)
          : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return Object.hasOwn(NAMED_ENTITIES, body.toLowerCase())
      ? (NAMED_ENTITIES[body.toLowerCase()] as string)
      : whole;
  });
}
