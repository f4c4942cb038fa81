import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { listJobs, retryFailedJob, type JobState } from './queue.ts';

export interface JobsAdminDeps {
  readonly db: Database;
  /** ADMIN_TOKEN; the same rules as the bookings admin API: open in sandbox without one, absent in live without one. */
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
  /** Called after a retry so the worker picks the job up at once. */
  readonly onRetry?: () => void;
}

const listQuery = z.strictObject({
  state: z.enum(['queued', 'running', 'done', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const idParams = z.object({ id: z.coerce.number().int().min(1) });

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequestError(`Invalid ${what}: ${result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ')}`);
}

/** `GET /api/jobs?state=failed` and `POST /api/jobs/:id/retry`, behind the admin bearer token. */
export function jobsAdminRoutes(deps: JobsAdminDeps) {
  return (app: FastifyInstance): void => {
    if (deps.mode === 'live' && !deps.adminToken) return;
    const expected = deps.adminToken ? digest(deps.adminToken) : undefined;
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (!expected) return;
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!timingSafeEqual(digest(token), expected)) throw new UnauthorizedError();
    });
    app.get('/api/jobs', async (request) => {
      const q = parse(listQuery, request.query, 'query');
      return { jobs: await listJobs(deps.db, { state: q.state as JobState | undefined, limit: q.limit }) };
    });
    app.post('/api/jobs/:id/retry', async (request) => {
      const { id } = parse(idParams, request.params, 'job id');
      if (!(await retryFailedJob(deps.db, id))) throw new NotFoundError('Failed job');
      deps.onRetry?.();
      return { id, state: 'queued' };
    });
  };
}
