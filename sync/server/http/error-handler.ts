// Turns every failure into `{ error: { code, message } }` with the right status: our ApiErrors,
// Fastify's own refusals (malformed JSON, body too large, wrong content type) as 400s, and
// anything unexpected as a logged 500 that shows no internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, errorBody } from './api-error';

const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'request.malformed',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'request.malformed',
    message: 'The request body is empty but JSON was announced.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'request.tooLarge',
    message: 'The request body is too large.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'request.unsupportedMediaType',
    message: 'Send the request body as application/json.',
  },
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    const known = FASTIFY_CLIENT_ERRORS[error.code];
    if (known !== undefined) {
      // Huge bodies answer 400 like every other bad input: the client must fix the request.
      const status = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 415 : 400;
      return reply.status(status).send(errorBody(known.code, known.message));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('request.invalid', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(errorBody('server.internal', 'Something went wrong on the server; try again.'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(errorBody('route.notFound', `There is no ${request.method} ${request.url}.`)),
  );
}
