import { staffUnitId, unitId } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { announce } from './rows.ts';

export { staffUnitId, unitId };

export interface UnitSyncReport {
  /** Unit ids created by this sync. */
  readonly added: string[];
  /** Unit ids that were inactive and are bookable again. */
  readonly reactivated: string[];
  /** Unit ids beyond a reduced capacity (or of a removed location/department); kept, not deleted. */
  readonly deactivated: string[];
}

/**
 * Makes the `units` table match the catalog: capacity N = units 1..N active (docs/protocol.md §10), and one
 * unit per staff member (migration 0012). Units past a lowered capacity, or of a member who left, are
 * deactivated, never deleted, because bookings may still reference them.
 */
export async function syncUnits(db: Database, catalog: Catalog, now: Date): Promise<UnitSyncReport> {
  const wanted = new Map<
    string,
    { location: string | null; department: string | null; ordinal: number; staff: string | null }
  >();
  for (const location of catalog.locations) {
    for (const [department, capacity] of Object.entries(location.capacity)) {
      for (let ordinal = 1; ordinal <= capacity; ordinal++) {
        wanted.set(unitId(location.id, department, ordinal), {
          location: location.id,
          department,
          ordinal,
          staff: null,
        });
      }
    }
  }
  for (const member of catalog.staff) {
    wanted.set(staffUnitId(member.id), { location: null, department: null, ordinal: 1, staff: member.id });
  }
  const report = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; active: boolean }>('SELECT id, active FROM units FOR UPDATE');
    const existing = new Map(rows.map((r) => [r.id, r.active]));
    const added: string[] = [];
    const reactivated: string[] = [];
    const deactivated: string[] = [];
    for (const [id, u] of wanted) {
      if (!existing.has(id)) {
        await tx.query(
          `INSERT INTO units (id, location_id, department_id, ordinal, staff_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING`,
          [id, u.location, u.department, u.ordinal, u.staff, now],
        );
        added.push(id);
      } else if (existing.get(id) === false) {
        reactivated.push(id);
      }
    }
    for (const [id, active] of existing) if (active && !wanted.has(id)) deactivated.push(id);
    if (reactivated.length > 0) {
      await tx.query('UPDATE units SET active = true, updated_at = $2 WHERE id = ANY($1::text[])', [reactivated, now]);
    }
    if (deactivated.length > 0) {
      await tx.query('UPDATE units SET active = false, updated_at = $2 WHERE id = ANY($1::text[])', [deactivated, now]);
    }
    return { added, reactivated, deactivated };
  });
  announce(db, ...report.added, ...report.reactivated, ...report.deactivated);
  return report;
}
