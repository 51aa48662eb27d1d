import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';

/** The activity of one app, or of its mini programs of one category: a new builder each call. */
export function scopedActivity(db: Knex, app: AppRecord, category: string | null): Knex.QueryBuilder {
  const query = db('activity').where('activity.app_ref', app.ref);
  if (category !== null) {
    query.whereIn('activity.mini_program_ref', db('mini_programs').where({ app_ref: app.ref, category }).select('id'));
  }
  return query;
}

/** Each user with activity (in the scope) up to `end`, with their first day: `user_ref`, `first_day`. */
export function firstDaysQuery(db: Knex, app: AppRecord, category: string | null, end: string): Knex.QueryBuilder {
  return scopedActivity(db, app, category)
    .where('activity.day', '<=', end)
    .groupBy('activity.user_ref')
    .select('activity.user_ref', db.raw('MIN(activity.day) AS first_day'));
}

/** How many users had their first activity (in the scope) on each day up to `end`. */
export async function readFirstDayCounts(db: Knex, app: AppRecord, category: string | null, end: string): Promise<Map<string, number>> {
  const rows = await db
    .from(firstDaysQuery(db, app, category, end).as('first_days'))
    .groupBy('first_day')
    .select<{ first_day: string; users: number }[]>('first_day', db.raw('COUNT(*) AS users'));
  return new Map(rows.map((row) => [row.first_day, Number(row.users)]));
}
