import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import { compareCodePoints } from '../util/compare-code-points.ts';

/** The categories of an app's mini programs, as stored, in code-point order. */
export async function readAppCategories(db: Knex, app: AppRecord): Promise<string[]> {
  const rows = await db('mini_programs').where('app_ref', app.ref).distinct('category');
  return rows.map((row) => row.category).sort(compareCodePoints);
}
