// The one answer shape used across the domain and the command map: a value, or an error with a
// code the UI can translate and an English message a cashier can act on.

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** An error a person can act on: `code` is stable (the UI localizes it), `message` is English. */
export interface DomainError<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<Code extends string>(
  code: Code,
  message: string,
  details?: DomainError['details'],
): Err<DomainError<Code>> {
  return {
    ok: false,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}

/** For `default:` branches of a switch over a union: the compiler proves it unreachable. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
