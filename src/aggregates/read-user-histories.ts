import type { Knex } from 'knex';
import { toDayNumber } from './day-numbers.ts';
import type { UserDay } from './compute-user-contribution.ts';

export interface UserHistory {
  userRef: number;
  /** The user's source ('unknown' when none). */
  source: string;
  days: UserDay[];
}

/** The histories (page views per day and category) of an app's users with ids in [fromRef, toRef]. */
export async function readUserHistories(db: Knex | Knex.Transaction, appRef: number, userRefs: { from: number; to: number } | { only: number[] }): Promise<UserHistory[]> {
  const query = db('activity')
    .join('mini_programs', 'mini_programs.id', 'activity.mini_program_ref')
    .join('app_categories', (on) => on.on('app_categories.app_ref', '=', 'mini_programs.app_ref').andOn('app_categories.name', '=', 'mini_programs.category'))
    .join('app_users', 'app_users.id', 'activity.user_ref')
    .where('activity.app_ref', appRef)
    .groupBy('activity.user_ref', 'activity.day', 'app_categories.id', 'app_users.source')
    .orderBy([{ column: 'activity.user_ref' }, { column: 'activity.day' }])
    .select<{ user_ref: number; day: string; category_ref: number; views: number; source: string | null }[]>(
      'activity.user_ref',
      'activity.day',
      'app_categories.id as category_ref',
      db.raw('SUM(activity.page_views) AS views'),
      'app_users.source',
    );
  if ('only' in userRefs) query.whereIn('activity.user_ref', userRefs.only);
  else query.whereBetween('activity.user_ref', [userRefs.from, userRefs.to]);
  const histories: UserHistory[] = [];
  for (const row of await query) {
    const userRef = Number(row.user_ref);
    let current = histories.at(-1);
    if (current?.userRef !== userRef) histories.push((current = { userRef, source: row.source ?? 'unknown', days: [] }));
    current.days.push({ day: toDayNumber(row.day), categoryRef: Number(row.category_ref), views: Number(row.views) });
  }
  return histories;
}
