// Catalog records cross a boundary (server → local database → register) and are checked on the
// way in; a bad record becomes a refusal naming the first problem, never a thrown exception.
import type { z } from 'zod';
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { Product } from './product';
import { productSchema } from './product';
import type { Register, StaffUser, Store } from './store';
import { registerSchema, staffUserSchema, storeSchema } from './store';
import type { TaxClass } from './tax-class';
import { taxClassSchema } from './tax-class';

export type CatalogErrorCode =
  | 'catalog.invalidProduct'
  | 'catalog.invalidStore'
  | 'catalog.invalidRegister'
  | 'catalog.invalidStaffUser'
  | 'catalog.invalidTaxClass';

function parseWith<T>(
  schema: z.ZodType<T>,
  data: unknown,
  code: CatalogErrorCode,
  what: string,
): Result<T, DomainError<CatalogErrorCode>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  return err(
    code,
    `The ${what} record is not valid${where}: ${issue?.message ?? 'unknown problem'}`,
    {
      path: issue?.path.join('.') ?? '',
    },
  );
}

export function parseProduct(data: unknown): Result<Product, DomainError<CatalogErrorCode>> {
  return parseWith(productSchema, data, 'catalog.invalidProduct', 'product');
}

export function parseStore(data: unknown): Result<Store, DomainError<CatalogErrorCode>> {
  return parseWith(storeSchema, data, 'catalog.invalidStore', 'store');
}

export function parseRegister(data: unknown): Result<Register, DomainError<CatalogErrorCode>> {
  return parseWith(registerSchema, data, 'catalog.invalidRegister', 'register');
}

export function parseStaffUser(data: unknown): Result<StaffUser, DomainError<CatalogErrorCode>> {
  return parseWith(staffUserSchema, data, 'catalog.invalidStaffUser', 'staff user');
}

export function parseTaxClass(data: unknown): Result<TaxClass, DomainError<CatalogErrorCode>> {
  return parseWith(taxClassSchema, data, 'catalog.invalidTaxClass', 'tax class');
}
