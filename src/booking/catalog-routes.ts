import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { z } from 'zod';
import type { LiveCatalog } from '../catalog/live.ts';
import { listRevisions } from '../catalog/revisions.ts';
import type { Database } from '../db/types.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { actorOf } from '../http/principal.ts';
import { reportOutsideHours, type OutsideHoursEntry } from './report.ts';

export interface CatalogEditorDeps {
  readonly db: Database;
  readonly catalog: LiveCatalog<OutsideHoursEntry>;
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
  readonly clock: () => Date;
}

const editBody = z.strictObject({
  /** The revision the edit was made from (`GET /api/catalog/document`). */
  revision: z.number().int().min(1),
  document: z.record(z.string(), z.unknown()),
});
const revisionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

/** The largest catalog a PUT takes: the schema's own limits (5000 staff, 500 services) fit well inside. */
const DOCUMENT_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Editing the catalog (docs/console.md, "Catalog"): owners and machine clients only.
 * - `GET /api/catalog/document`: the whole catalog as stored, with its revision;
 * - `PUT /api/catalog/document` `{revision, document}`: validated whole, 400 FB_CATALOG_INVALID naming
 *   each field by path, 409 FB_CATALOG_STALE when someone changed it meanwhile; applied at once;
 * - `GET /api/catalog/revisions`: the audit log (who, when, what changed);
 * - `GET /api/catalog/export`: the catalog as a YAML file BUSINESS_CONFIG can read;
 * - `GET /api/catalog/outside`: upcoming bookings the catalog no longer fits, for a person to decide.
 */
export function catalogEditorRoutes(deps: CatalogEditorDeps) {
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    const machine = deps.adminToken ? 'admin token' : 'sandbox API';

    // The newest revision, even one another process saved a moment ago: an edit starts from it.
    app.get('/api/catalog/document', async () => deps.catalog.newest());

    app.put('/api/catalog/document', { bodyLimit: DOCUMENT_LIMIT_BYTES }, async (request) => {
      const body = parseInput(editBody, request.body, 'body');
      const author = actorOf(request);
      const result = await deps.catalog.edit({
        document: body.document,
        basedOn: body.revision,
        author: author ?? machine,
        source: author ? 'console' : 'api',
      });
      return { revision: result.revision, changes: result.changes, outside: result.outside.map(outsideView) };
    });

    app.get('/api/catalog/revisions', async (request) => {
      const q = parseInput(revisionsQuery, request.query, 'query');
      return { revisions: await listRevisions(deps.db, q) };
    });

    app.get('/api/catalog/export', async (_request, reply) => {
      const { revision, document } = await deps.catalog.newest();
      const text = `# flowbook catalog, revision ${revision}, exported ${deps.clock().toISOString()}\n${stringify(document)}`;
      return reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="catalog-r${revision}.yaml"`)
        .send(text);
    });

    app.get('/api/catalog/outside', async () => ({
      bookings: (await reportOutsideHours(deps.db, deps.catalog.current(), deps.clock())).map(outsideView),
    }));
  };
}

/** A booking the catalog no longer fits, as the console lists it. */
function outsideView(entry: OutsideHoursEntry) {
  const b = entry.booking;
  return {
    reason: entry.reason,
    id: b.id,
    status: b.status,
    locationId: b.locationId,
    serviceId: b.serviceId,
    staffId: b.staffId,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    name: b.name,
  };
}
