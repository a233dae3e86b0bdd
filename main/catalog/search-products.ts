// Product search for the till's search box: an exact GTIN first when the query is one, then names
// that contain every word of the query, in any script, ignoring case and Latin accents.
//
// Which index answers a word depends on its length: 3+ characters go to the FTS5 trigram index;
// a 1–2 character Han/kana/Hangul word (牛奶, 蒜蓉) to the CJK grams; a 2-character Latin or digit
// word to the trigram index as " xy" (the index holds each name after a space, so that trigram
// means "a word starts with xy"). A single Latin character or digit scans names for a word
// starting with it and stops at the first `limit` hits: quick for common characters, a full scan
// (~60–100 ms over 808k names) for rare ones; the till asks for a second character before it
// searches Latin text.
import type { Statement } from 'better-sqlite3';
import type { RegisterDb } from '../store/register-db';
import type { CatalogProduct, ProductRow } from './catalog-product';
import { PRODUCT_COLUMNS, toCatalogProduct } from './catalog-product';
import { gtin14Key } from './gtin-key';
import { lookupByGtin } from './lookup';
import { isCjkText, searchKey } from './search-key';

export interface ProductSearchHit {
  readonly product: CatalogProduct;
  /** 'gtin': the query was this product's GTIN; 'name': its name contains the query's words. */
  readonly match: 'gtin' | 'name';
}

export const MAX_SEARCH_LIMIT = 100;
/** Name matches ranked per query: enough to put the best first, few enough to stay in budget. */
const CANDIDATES = 400;

interface Candidate {
  readonly id: number;
  readonly name: string;
}

export function searchProducts(db: RegisterDb, query: string, limit = 20): ProductSearchHit[] {
  const key = searchKey(query);
  const wanted = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(limit)));
  if (key === '') return [];
  const hits: ProductSearchHit[] = [];
  const gtin = /^\d+$/.test(key) ? gtin14Key(key) : undefined;
  if (gtin !== undefined) {
    const product = lookupByGtin(db, gtin);
    if (product?.active === true) hits.push({ product, match: 'gtin' });
  }
  const terms = [...new Set(key.split(' '))];
  const ranked = rank(findCandidates(db, terms, wanted), key, terms)
    .filter((c) => c.id !== hits[0]?.product.id)
    .slice(0, wanted - hits.length);
  const byId = statementsFor(db).productById;
  for (const candidate of ranked) {
    const row = byId.get(candidate.id);
    if (row !== undefined) hits.push({ product: toCatalogProduct(row), match: 'name' });
  }
  return hits;
}

function findCandidates(db: RegisterDb, terms: readonly string[], wanted: number): Candidate[] {
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  const statements = statementsFor(db);
  if (long.length > 0) {
    const match = long.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
    return statements.query('trigram', short.length).all(match, ...short, CANDIDATES);
  }
  const cjk = short.find((t) => isCjkText(t));
  if (cjk !== undefined) {
    const rest = short.filter((t) => t !== cjk);
    return statements.query('gram', rest.length).all(cjk, ...rest, CANDIDATES);
  }
  const [first, ...rest] = short as [string, ...string[]];
  if ([...first].length === 2) {
    const phrase = `" ${first.replaceAll('"', '""')}"`;
    return statements.query('trigram', rest.length).all(phrase, ...rest, CANDIDATES);
  }
  const start = `${escapeLike(first)}%`;
  return statements.query('scan', rest.length).all(start, `% ${start}`, ...rest, wanted);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Best first: the whole name, then names that start with the query, then names where every word
 * of the query starts a word; shorter names before longer ones, then by id so ties are stable.
 */
function rank(
  candidates: readonly Candidate[],
  key: string,
  terms: readonly string[],
): Candidate[] {
  const scored = candidates.map((c) => {
    const name = searchKey(c.name);
    let score = 3;
    if (name === key) score = 0;
    else if (name.startsWith(key)) score = 1;
    else if (terms.every((t) => name.startsWith(t) || name.includes(` ${t}`))) score = 2;
    return { candidate: c, score, length: name.length };
  });
  scored.sort(
    (a, b) => a.score - b.score || a.length - b.length || a.candidate.id - b.candidate.id,
  );
  return scored.map((s) => s.candidate);
}

type Strategy = 'trigram' | 'gram' | 'scan';

interface SearchStatements {
  readonly productById: Statement<[number], ProductRow>;
  query(strategy: Strategy, extraTerms: number): Statement<unknown[], Candidate>;
}

const cache = new WeakMap<RegisterDb, SearchStatements>();

function statementsFor(db: RegisterDb): SearchStatements {
  const cached = cache.get(db);
  if (cached !== undefined) return cached;
  const queries = new Map<string, Statement<unknown[], Candidate>>();
  const statements: SearchStatements = {
    productById: db.prepare<[number], ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM product p WHERE p.id = ?`,
    ),
    query(strategy, extraTerms) {
      const cacheKey = `${strategy}:${extraTerms}`;
      let statement = queries.get(cacheKey);
      if (statement === undefined) {
        statement = db.prepare<unknown[], Candidate>(candidateSql(strategy, extraTerms));
        queries.set(cacheKey, statement);
      }
      return statement;
    },
  };
  cache.set(db, statements);
  return statements;
}

/** Each further (short) word must also appear in the name: lower() folds ASCII, CJK needs none. */
function candidateSql(strategy: Strategy, extraTerms: number): string {
  const extra = ' AND instr(lower(p.name), ?) > 0'.repeat(extraTerms);
  switch (strategy) {
    case 'trigram':
      return `SELECT p.id, p.name FROM product_search s JOIN product p ON p.id = s.rowid
        WHERE product_search MATCH ? AND p.active = 1${extra} LIMIT ?`;
    case 'gram':
      return `SELECT p.id, p.name FROM product_gram g JOIN product p ON p.id = g.product_id
        WHERE g.gram = ? AND p.active = 1${extra} LIMIT ?`;
    case 'scan':
      return `SELECT p.id, p.name FROM product p
        WHERE (p.name LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\') AND p.active = 1${extra}
        LIMIT ?`;
    default:
      return missingStrategy(strategy);
  }
}

function missingStrategy(strategy: never): never {
  throw new Error(`Unknown search strategy ${String(strategy)}`);
}
