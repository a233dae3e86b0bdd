// The pure parts of reading a `gtin,name` catalog CSV, shared by the register's importer and the
// central server's import route: RFC 4180 line parsing, the row checks (a bad row is reported with
// its reason, never guessed at), HTML entities in names, and the GTIN-14 key.

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

// The catalog's lookup key for a scanned or typed GTIN: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13)
// and GTIN-14 left-padded to 14 digits, the GS1 rule that makes them one key per product.
const GTIN_LENGTHS: ReadonlySet<number> = new Set([8, 12, 13, 14]);
const DIGITS = /^\d+$/;

/**
 * The 14-digit key, or undefined when `code` is not 8, 12, 13 or 14 digits. The check digit is the
 * scan parser's business (app/barcode); a lookup only needs the key, and a code with a wrong check
 * digit simply finds nothing.
 */
export function gtin14Key(code: string): string | undefined {
  if (!GTIN_LENGTHS.has(code.length) || !DIGITS.test(code)) return undefined;
  return code.padStart(14, '0');
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

export type CatalogCsvRow =
  | {
      readonly kind: 'product';
      /** As written in the file (8, 12, 13 or 14 digits). */
      readonly gtin: string;
      readonly gtin14: string;
      readonly name: string;
    }
  | { readonly kind: 'skipped'; readonly reason: string };

/** True when the header names the two columns a catalog file has: `gtin,name`. */
export function isCatalogCsvHeader(fields: readonly string[]): boolean {
  const names = fields.map((f) => f.trim().toLowerCase());
  return names[0] === 'gtin' && names[1] === 'name';
}

/** Checks one data row's fields: a product, or the reason it is skipped. */
export function readCatalogCsvRow(fields: readonly string[]): CatalogCsvRow {
  if (fields.length !== 2) {
    return { kind: 'skipped', reason: `expected 2 fields, found ${fields.length}` };
  }
  const gtin = (fields[0] as string).trim();
  const gtin14 = gtin14Key(gtin);
  if (gtin14 === undefined) {
    return { kind: 'skipped', reason: `'${gtin}' is not a GTIN-8, -12, -13 or -14` };
  }
  const name = decodeEntities(fields[1] as string).trim();
  if (name === '') return { kind: 'skipped', reason: 'the name is empty' };
  return { kind: 'product', gtin, gtin14, name };
}
