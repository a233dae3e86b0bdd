// zod at the door of every route: a request that does not match is refused with 400 and a
// message that names the field, before any handler could write anything.
import type { z } from 'zod';
import { ApiError } from './api-error';

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'params' | 'query',
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new ApiError(400, 'request.invalid', `The request is not valid: ${problems.join('; ')}`);
}
