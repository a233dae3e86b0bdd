// Stores, one-time enrolment codes and register credentials: an admin issues a code for a store,
// a register trades it once for a client id and secret, and the secret is kept only as a hash.
import { randomUUID } from 'node:crypto';
import type { Db, SqlRunner } from '../db/db';
import { ApiError } from '../http/api-error';
import {
  hashPassword,
  hashSecret,
  newEnrolmentCode,
  newSecret,
  passwordMatches,
  secretMatches,
} from './secrets';
import type { StaffRole } from './principal';

/** How long an unused enrolment code stays valid. */
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export async function createStore(
  db: SqlRunner,
  id: string,
  name: string,
  now: number,
): Promise<void> {
  const { rowCount } = await db.query(
    'INSERT INTO store (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
    [id, name, now],
  );
  if (rowCount === 0)
    throw new ApiError(409, 'store.exists', `A store with id ${id} already exists.`);
}

export async function issueEnrolmentCode(
  db: SqlRunner,
  input: Readonly<{ storeId: string; issuedBy: string; now: number }>,
): Promise<{ readonly code: string; readonly expiresAt: number }> {
  const store = await db.query('SELECT 1 FROM store WHERE id = $1', [input.storeId]);
  if (store.rows.length === 0) {
    throw new ApiError(404, 'store.notFound', `There is no store ${input.storeId}.`);
  }
  const code = newEnrolmentCode();
  const expiresAt = input.now + ENROLMENT_CODE_TTL_MS;
  await db.query(
    'INSERT INTO enrolment_code (code_hash, store_id, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashSecret(code), input.storeId, input.issuedBy, input.now, expiresAt],
  );
  return { code, expiresAt };
}

export interface RegisterCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly storeId: string;
}

/**
 * Trades a code for credentials. The code is claimed by one conditional UPDATE, so of two
 * registers racing with the same code exactly one wins; a used or expired code is refused.
 */
export async function enrolRegister(
  db: Db,
  input: Readonly<{ code: string; name: string; now: number }>,
): Promise<RegisterCredentials> {
  return db.transaction(async (tx) => {
    const clientId = `reg_${randomUUID()}`;
    const claimed = await tx.query<{ store_id: string }>(
      `UPDATE enrolment_code SET used_at = $2, register_id = $3
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING store_id`,
      [hashSecret(input.code.trim().toUpperCase()), input.now, clientId],
    );
    const row = claimed.rows[0];
    if (row === undefined) {
      throw new ApiError(
        403,
        'enrolment.codeRefused',
        'This enrolment code is unknown, already used or expired. Ask head office for a new one.',
      );
    }
    const clientSecret = newSecret();
    await tx.query(
      'INSERT INTO register (id, store_id, name, secret_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
      [clientId, row.store_id, input.name, hashSecret(clientSecret), input.now],
    );
    return { clientId, clientSecret, storeId: row.store_id };
  });
}

/** The register's store if the client credentials are right and the register is not revoked. */
export async function authenticateRegister(
  db: SqlRunner,
  clientId: string,
  clientSecret: string,
): Promise<{ readonly registerId: string; readonly storeId: string } | undefined> {
  const { rows } = await db.query<{
    store_id: string;
    secret_hash: string;
    revoked_at: number | null;
  }>('SELECT store_id, secret_hash, revoked_at FROM register WHERE id = $1', [clientId]);
  const row = rows[0];
  if (row === undefined || row.revoked_at !== null) return undefined;
  return secretMatches(clientSecret, row.secret_hash)
    ? { registerId: clientId, storeId: row.store_id }
    : undefined;
}

export async function createStaff(
  db: SqlRunner,
  input: Readonly<{ id: string; name: string; role: StaffRole; password: string; now: number }>,
): Promise<void> {
  await db.query(
    'INSERT INTO staff (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
    [input.id, input.name, input.role, await hashPassword(input.password), input.now],
  );
}

export async function authenticateStaff(
  db: SqlRunner,
  staffId: string,
  password: string,
): Promise<{ readonly staffId: string; readonly role: StaffRole } | undefined> {
  const { rows } = await db.query<{ role: StaffRole; password_hash: string }>(
    'SELECT role, password_hash FROM staff WHERE id = $1',
    [staffId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return (await passwordMatches(password, row.password_hash))
    ? { staffId, role: row.role }
    : undefined;
}

/** On a fresh database with ADMIN_PASSWORD set: the first admin, `admin`. */
export async function bootstrapAdmin(
  db: SqlRunner,
  password: string,
  now: number,
): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM staff');
  if ((rows[0]?.n ?? 0) > 0) return false;
  await createStaff(db, { id: 'admin', name: 'Administrator', role: 'admin', password, now });
  return true;
}
