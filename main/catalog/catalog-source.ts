// Reads a catalog file of `gtin,name` rows (optionally gzip-compressed) as a stream of products,
// checking each row: a bad row is reported with its line number and skipped, never guessed at.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readCsvRecords } from './csv-records';
import { isCatalogCsvHeader, readCatalogCsvRow } from '../../app/catalog/catalog-csv';

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
      if (!isCatalogCsvHeader(record.fields)) {
        throw new CatalogFileError(
          `A catalog file starts with the header 'gtin,name'; this one starts with '${record.fields.join(',')}'.`,
        );
      }
      continue;
    }
    const row = readCatalogCsvRow(record.fields);
    yield { ...row, line: record.line };
  }
}

export class CatalogFileError extends Error {
  override readonly name = 'CatalogFileError';
  readonly code = 'CATALOG_FILE_INVALID';
}

// Pure, shared with the central server's import route.
export { decodeEntities } from '../../app/catalog/catalog-csv';
