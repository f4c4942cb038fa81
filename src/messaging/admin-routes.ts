import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/types.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { flowHealthReport, flowSendable } from './flow-health.ts';
import { templateStates } from './template-status.ts';

/** What the operations routes need; the same token rules as every admin route. */
export interface OperationsAdminDeps {
  readonly db: Database;
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
  /** FLOW_ID: the Flow the conversation sends. */
  readonly flowId: string | undefined;
}

/**
 * `GET /api/flows` (each Flow's status as Meta reported it, whether ours can be sent now, the latest
 * `flows` events) and `GET /api/templates` (each template language's state, category and quality),
 * behind the admin bearer token.
 */
export function operationsAdminRoutes(deps: OperationsAdminDeps) {
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    app.get('/api/flows', async () => {
      const report = await flowHealthReport(deps.db);
      const sendable = deps.flowId ? await flowSendable(deps.db, deps.flowId) : true;
      return { flowId: deps.flowId ?? null, sendable, ...report };
    });
    app.get('/api/templates', async () => {
      const templates = await templateStates(deps.db);
      return {
        templates: templates.map((t) => ({ ...t, sendable: t.status === null || t.status === 'APPROVED' })),
      };
    });
  };
}
