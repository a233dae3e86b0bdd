// Reads a GS1 element string (the data of GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR) in either
// form a scanner or a person gives it: raw, with FNC1 sent as GS (0x1D) between variable-length
// fields, or human-readable, with each AI in parentheses: (01)09501101530003(17)250101(10)ABC.
import type { Result } from '../result';
import { ok } from '../result';
import { aiAt, findAi } from './gs1-ai-table';
import type { Gs1Element, Gs1ReadOptions } from './gs1-element';
import { readElement } from './gs1-element';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { stripSymbologyId } from './symbology';

/** FNC1 as scanners transmit it between fields: ASCII 29, group separator. */
export const GS = '\u001d';

/** Element strings in human-readable form start with an AI in parentheses. */
export function looksHumanReadable(text: string): boolean {
  return /^\(\d{2,4}\)/.test(text);
}

/**
 * Reads either form. A leading GS1 AIM identifier (]C1, ]e0, ]d2, ]Q3, ]J1) and a leading FNC1 are
 * accepted and dropped, so the text can come straight from the scanner.
 */
export function parseGs1ElementString(
  text: string,
  options: Gs1ReadOptions = {},
): Result<readonly Gs1Element[], BarcodeError> {
  const { symbology, data } = stripSymbologyId(text);
  const body = symbology?.gs1 === true ? data : text;
  return looksHumanReadable(body)
    ? parseHumanReadable(body, options)
    : parseRawElementString(body, options);
}

/** The raw form: fixed-length fields end by their length, variable-length ones at GS or the end. */
export function parseRawElementString(
  text: string,
  options: Gs1ReadOptions = {},
): Result<readonly Gs1Element[], BarcodeError> {
  const elements: Gs1Element[] = [];
  let position = 0;
  while (position < text.length) {
    const char = text.charAt(position);
    // A leading FNC1, the separator after a field, or a doubled one: none carries data.
    if (char === GS) {
      position += 1;
      continue;
    }
    if (char < '0' || char > '9') return trailingData(text, position);
    const definition = aiAt(text, position);
    if (definition === undefined) return unknownAi(/^\d{0,4}/.exec(text.slice(position))?.[0]);
    position += definition.ai.length;
    let raw: string;
    if (definition.fixed) {
      raw = text.slice(position, position + definition.maxLength);
      const separator = raw.indexOf(GS);
      // A GS inside a fixed-length field means the field was cut short.
      if (separator >= 0) raw = raw.slice(0, separator);
    } else {
      const separator = text.indexOf(GS, position);
      raw = text.slice(position, separator < 0 ? text.length : separator);
    }
    position += raw.length;
    const added = addElement(elements, definition.ai, raw, options);
    if (!added.ok) return added;
  }
  return finish(elements);
}

const AI_IN_PARENTHESES = /\((\d{2,4})\)/g;

/**
 * The human-readable form. A field's data runs to the next "(" + 2–4 digits + ")", so data that
 * itself contains such a group (legal but vanishingly rare) cannot be written in this form.
 */
export function parseHumanReadable(
  text: string,
  options: Gs1ReadOptions = {},
): Result<readonly Gs1Element[], BarcodeError> {
  const matches = [...text.matchAll(AI_IN_PARENTHESES)];
  const first = matches[0];
  if (first === undefined || first.index !== 0) return trailingData(text, 0);
  const elements: Gs1Element[] = [];
  for (let i = 0; i < matches.length; i += 1) {
    const match = matches[i];
    if (match === undefined) continue;
    const ai = match[1] ?? '';
    const start = match.index + match[0].length;
    const end = matches[i + 1]?.index ?? text.length;
    const added = addElement(elements, ai, text.slice(start, end), options);
    if (!added.ok) return added;
  }
  return finish(elements);
}

function addElement(
  elements: Gs1Element[],
  ai: string,
  raw: string,
  options: Gs1ReadOptions,
): Result<true, BarcodeError> {
  const definition = findAi(ai);
  if (definition === undefined) return unknownAi(ai);
  const element = readElement(definition, raw, options);
  if (!element.ok) return element;
  const earlier = elements.find((e) => e.ai === ai);
  if (earlier === undefined) {
    elements.push(element.value);
  } else if (earlier.raw !== raw) {
    // GS1 allows an AI twice only with the same data; two different expiry dates have no meaning.
    return barcodeError(
      'barcode.duplicateAi',
      `The label has two different (${ai}) ${definition.title} values. Key the item in.`,
      { ai },
    );
  }
  return ok(true);
}

function finish(elements: readonly Gs1Element[]): Result<readonly Gs1Element[], BarcodeError> {
  if (elements.length === 0) {
    return barcodeError('barcode.empty', `The GS1 barcode has no data. ${SCAN_AGAIN}`);
  }
  return ok(elements);
}

function unknownAi(ai: string | undefined): ReturnType<typeof barcodeError> {
  const shown = ai === undefined || ai === '' ? '?' : ai;
  return barcodeError(
    'barcode.unknownAi',
    `The label has a GS1 field starting ${shown} that this register does not know. Key the item in.`,
    { ai: shown },
  );
}

function trailingData(text: string, position: number): ReturnType<typeof barcodeError> {
  return barcodeError(
    'barcode.trailingData',
    `The GS1 barcode has unexpected characters at position ${position + 1}. ${SCAN_AGAIN}`,
    { position, found: text.slice(position, position + 8) },
  );
}
