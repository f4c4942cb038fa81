import type { z } from 'zod';
import { BadRequestError } from '../errors.ts';

/**
 * Parses a request part (`what`: query, body, booking id…) with its schema; a mismatch is a 400 that
 * names every problem by path, also listed in `details.problems`.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`);
  throw new BadRequestError(`Invalid ${what}: ${problems.join('; ')}`, { problems });
}
