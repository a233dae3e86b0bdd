// How names and queries are folded before they are compared: one form for both, so that a query
// typed on a full-width IME, in capitals or without accents still finds the name.

/** Combining accents of Latin, Greek and Cyrillic letters (é = e + U+0301). Kana voicing marks are
 * left alone: か and が are different words. */
const LATIN_ACCENTS = /[\u0300-\u036f]/g;
const SPACES = /\s+/gu;

/** NFKC (full-width ＡＢＣ１ → ABC1), lower case, Latin accents removed, spaces collapsed. */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_ACCENTS, '')
    .normalize('NFC')
    .replace(SPACES, ' ')
    .trim();
}

/** Han ideographs, kana (with the long-vowel mark) and Hangul: scripts written without spaces. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;

export function isCjkText(text: string): boolean {
  for (const char of text) if (!CJK_CHAR.test(char)) return false;
  return text.length > 0;
}

export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/**
 * The single characters and adjacent pairs of each CJK run in a search key: what a 1–2 character
 * query is looked up by. 牛奶巧克力 → 牛 奶 巧 克 力 牛奶 奶巧 巧克 克力.
 */
export function cjkGrams(key: string): string[] {
  const grams = new Set<string>();
  for (const match of key.matchAll(CJK_RUN)) {
    const chars = [...match[0]];
    for (let i = 0; i < chars.length; i += 1) {
      const char = chars[i] as string;
      grams.add(char);
      const next = chars[i + 1];
      if (next !== undefined) grams.add(char + next);
    }
  }
  return [...grams];
}
