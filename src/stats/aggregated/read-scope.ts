import type { Knex } from 'knex';
import { isAggregateFresh } from '../../aggregates/aggregate-store.ts';
import type { AppRecord } from '../../domain/records.ts';

/** The aggregate scope of an app (0) or of one of its categories; null when the aggregates can't answer. */
export async function readScope(db: Knex, app: AppRecord, category: string | null): Promise<number | null> {
  if (!(await isAggregateFresh(db, app.ref))) return null;
  if (category === null) return 0;
  const row = await db('app_categories').where({ app_ref: app.ref, name: category }).first('id');
  return row ? Number(row.id) : null;
}
