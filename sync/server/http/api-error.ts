// The one error shape every route answers with: `{ error: { code, message } }`, a stable dotted
// code for programs and an English message for people. Domain refusals map onto HTTP statuses here.
import type { DomainError } from '../../../app/result';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: DomainError['details'],
  ) {
    super(message);
  }
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: DomainError['details'];
  };
}

export function errorBody(
  code: string,
  message: string,
  details?: DomainError['details'],
): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** A domain refusal as an HTTP answer: 404 for what is missing, 409 for the rest. */
export function fromDomainError(error: DomainError): ApiError {
  const status = /\.notFound$/.test(error.code)
    ? 404
    : /\.(invalid|quantityInvalid|totalInvalid|empty)$/.test(error.code)
      ? 400
      : 409;
  return new ApiError(status, error.code, error.message, error.details);
}
