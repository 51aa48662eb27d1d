import type { Knex } from 'knex';
import { toDayNumber } from './day-numbers.ts';
import type { UserDay } from './compute-user-contribution.ts';
import { readUserSources, type UserRefs } from './read-user-sources.ts';

export interface UserHistory {
  userRef: number;
  /** The user's source ('unknown' when none). */
  source: string;
  /** Page views per day and category, by day (a day and category may appear more than once: they add up). */
  days: UserDay[];
}

/**
 * The histories of an app's users with ids in [from, to], or of the listed users. Reads the
 * activity rows alone, in the order of the (app_ref, user_ref, day) index, and maps mini programs
 * to categories here: cheaper than having the database join and group them.
 */
export async function readUserHistories(
  db: Knex | Knex.Transaction,
  appRef: number,
  programCategories: Map<number, number>,
  userRefs: UserRefs,
): Promise<UserHistory[]> {
  const activity = db('activity')
    .where('app_ref', appRef)
    .orderBy([{ column: 'user_ref' }, { column: 'day' }])
    .select<{ user_ref: number; day: string; mini_program_ref: number; page_views: number }[]>('user_ref', 'day', 'mini_program_ref', 'page_views');
  if ('only' in userRefs) activity.whereIn('user_ref', userRefs.only);
  else activity.whereBetween('user_ref', [userRefs.from, userRefs.to]);
  const [rows, sourceOf] = await Promise.all([activity, readUserSources(db, userRefs)]);
  const histories: UserHistory[] = [];
  let current: UserHistory | undefined;
  for (const row of rows) {
    const userRef = Number(row.user_ref);
    if (current?.userRef !== userRef) histories.push((current = { userRef, source: sourceOf.get(userRef) ?? 'unknown', days: [] }));
    const categoryRef = programCategories.get(Number(row.mini_program_ref));
    if (categoryRef === undefined) throw new Error(`mini program #${row.mini_program_ref} has activity in app #${appRef} but is not one of its mini programs`);
    current.days.push({ day: toDayNumber(row.day), categoryRef, views: Number(row.page_views) });
  }
  return histories;
}
