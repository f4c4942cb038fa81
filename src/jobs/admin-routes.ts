import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { NotFoundError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
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

/** `GET /api/jobs?state=failed` and `POST /api/jobs/:id/retry`, behind the admin bearer token. */
export function jobsAdminRoutes(deps: JobsAdminDeps) {
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    app.get('/api/jobs', async (request) => {
      const q = parseInput(listQuery, request.query, 'query');
      return { jobs: await listJobs(deps.db, { state: q.state as JobState | undefined, limit: q.limit }) };
    });
    app.post('/api/jobs/:id/retry', async (request) => {
      const { id } = parseInput(idParams, request.params, 'job id');
      if (!(await retryFailedJob(deps.db, id))) throw new NotFoundError('Failed job');
      deps.onRetry?.();
      return { id, state: 'queued' };
    });
  };
}
