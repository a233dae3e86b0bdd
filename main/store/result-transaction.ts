// Transactions around work that answers with a Result: a refusal rolls back everything the work
// wrote (an approval it used, a row it began), because better-sqlite3 commits whatever returns.
import type { Err, Result } from '../../app/result';
import { durableTransaction } from './durable-transaction';
import type { RegisterDb } from './register-db';
import { writeTransaction } from './write-transaction';

const REFUSED = Symbol('refused');

function run<T, E>(
  work: () => Result<T, E>,
  inTransaction: (fn: () => Result<T, E>) => Result<T, E>,
): Result<T, E> {
  let refusal: Err<E> | undefined;
  try {
    return inTransaction(() => {
      const result = work();
      if (!result.ok) {
        refusal = result;
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a private marker, caught below
        throw REFUSED;
      }
      return result;
    });
  } catch (error) {
    if (error === REFUSED && refusal !== undefined) return refusal;
    throw error;
  }
}

/** `work` in a transaction (a savepoint when nested) that commits only if it answers ok. */
export function resultTransaction<T, E>(db: RegisterDb, work: () => Result<T, E>): Result<T, E> {
  return run(work, (fn) => writeTransaction(db, fn)());
}

/** The same, committed at synchronous=FULL: for money and closing figures. */
export function durableResultTransaction<T, E>(
  db: RegisterDb,
  work: () => Result<T, E>,
): Result<T, E> {
  return run(work, (fn) => durableTransaction(db, fn));
}
