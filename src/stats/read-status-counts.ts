import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import { STATUS_GROUPS } from '../domain/status-groups.ts';
import type { StatusCounts } from '../domain/types.ts';

/** Mini programs of the app (of the category, if any) by status group, as they are now. */
export async function readStatusCounts(db: Knex, app: AppRecord, category: string | null): Promise<StatusCounts> {
  const query = db('mini_programs').where('app_ref', app.ref);
  if (category !== null) query.where('category', category);
  const rows = await query.groupBy('status').select<{ status: string; programs: number }[]>('status', db.raw('COUNT(*) AS programs'));
  const counts: StatusCounts = { all: 0, fullRelease: 0, grayscaleRelease: 0, reviewing: 0, developing: 0, inactive: 0 };
  for (const row of rows) {
    // Own keys only: a status such as `constructor` belongs to no group.
    const group = Object.hasOwn(STATUS_GROUPS, row.status) ? STATUS_GROUPS[row.status] : undefined;
    counts.all += Number(row.programs);
    if (group) counts[group] += Number(row.programs);
  }
  return counts;
}
