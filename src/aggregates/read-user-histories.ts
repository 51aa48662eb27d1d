import type { Knex } from 'knex';
import type { UserDay } from './compute-user-contribution.ts';
import { readActivityByUser, userDaysOf } from './read-activity-by-user.ts';
import { readAppUsers, type UserRefs } from './read-app-users.ts';

export interface UserHistory {
  userRef: number;
  /** The user's source ('unknown' when none). */
  source: string;
  /** Page views per day and category, by day (a day and category may appear more than once: they add up). */
  days: UserDay[];
}

/** The histories of an app's users with ids in [from, to], or of the listed users. */
export async function readUserHistories(
  db: Knex | Knex.Transaction,
  appRef: number,
  programCategories: Map<number, number>,
  userRefs: UserRefs,
): Promise<UserHistory[]> {
  const activity = await readActivityByUser(db, appRef, programCategories, userRefs);
  const users = await readAppUsers(db, { only: [...activity.users] });
  return [...activity.users].map((userRef, i) => ({ userRef, source: users.get(userRef)?.source ?? 'unknown', days: userDaysOf(activity, i) }));
}
