// The register's local catalog: import, scan lookup and product search over the store's SQLite.
export type { CatalogProduct } from './catalog-product';
export { readCatalogFile, readCatalogRows, CatalogFileError } from './catalog-source';
export type { CatalogSourceItem } from './catalog-source';
export { CsvError } from './csv-records';
export {
  demoProductValues,
  DEMO_PRICE_MAX_MINOR,
  DEMO_PRICE_MIN_MINOR,
} from './demo-catalog-values';
export { gtin14Key } from './gtin-key';
export { importCatalog, importCatalogFile } from './import-catalog';
export type {
  CatalogImportOptions,
  CatalogImportOutcome,
  CatalogImportProgress,
  SkippedRow,
} from './import-catalog';
export { lookupByGtin } from './lookup';
export {
  buildProductSearch,
  ensureProductSearch,
  isProductSearchLive,
} from './product-search-index';
export type { SearchIndexBuildOptions } from './product-search-index';
export { MAX_SEARCH_LIMIT, searchProducts } from './search-products';
export type { ProductSearchHit } from './search-products';
export { STORE_CATEGORIES, DEMO_TAX_CLASSES } from './store-categories';
