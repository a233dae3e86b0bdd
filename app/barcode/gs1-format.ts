// Writes GS1 element strings back out, in the raw (GS-separated) and the human-readable form:
// for label previews, receipts and for tests that read what they wrote.
import { findAi } from './gs1-ai-table';
import { GS } from './gs1-element-string';

export interface Gs1Field {
  readonly ai: string;
  readonly raw: string;
}

/** "(01)09501101530003(10)ABC": every AI in parentheses, no separators. */
export function toHumanReadable(fields: readonly Gs1Field[]): string {
  return fields.map((f) => `(${f.ai})${f.raw}`).join('');
}

/**
 * The raw form: GS after each variable-length field that is not the last (a fixed-length field
 * needs none). `leadingFnc1` adds the GS that some scanners send for the symbol's opening FNC1.
 */
export function toRawElementString(
  fields: readonly Gs1Field[],
  options: { readonly leadingFnc1?: boolean } = {},
): string {
  const parts = fields.map((f, i) => {
    const last = i === fields.length - 1;
    const fixed = findAi(f.ai)?.fixed ?? false;
    return `${f.ai}${f.raw}${last || fixed ? '' : GS}`;
  });
  return `${options.leadingFnc1 === true ? GS : ''}${parts.join('')}`;
}
