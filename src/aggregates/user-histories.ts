/**
 * Users' histories in one app: their activity read along the primary key, day by day, and
 * sorted by user in memory, as a rebuild and late data need them.
 */
import type { Knex } from 'knex';
import { toDayNumber } from '../util/days.ts';
import type { UserDay } from './user-contribution.ts';
import { readAppUsers, type UserRefs } from './user-store.ts';

/** An app's activity rows of some users, sorted by user, then day (in columns: millions of rows stay compact). */
export interface ActivityByUser {
  /** The users with rows, ascending. */
  users: Int32Array;
  /** Rows of users[i] are rows[starts[i] .. starts[i + 1]). */
  starts: Int32Array;
  days: Int32Array;
  categories: Int32Array;
  views: Int32Array;
}

/** One day's rows of one query, in columns. */
interface DayRows {
  day: number;
  users: Int32Array;
  categories: Int32Array;
  views: Int32Array;
}

/** Users per `IN (…)` list. */
const USERS_PER_LIST = 1000;
/** Listed users read by id range at a time, when at most DENSE_SPAN ids apart on average. */
const USERS_PER_RANGE = 5000;
const DENSE_SPAN = 50;

/** The rows of users[i] as the upkeep takes them. */
export function listUserDays(activity: ActivityByUser, i: number): UserDay[] {
  const days: UserDay[] = [];
  for (let row = activity.starts[i]!; row < activity.starts[i + 1]!; row++) {
    days.push({ day: activity.days[row]!, categoryRef: activity.categories[row]!, views: activity.views[row]! });
  }
  return days;
}

export interface UserHistory {
  userRef: number;
  /** The user's source ('unknown' when none). */
  source: string;
  /** Page views per day and category, by day (a day and category may appear more than once: they add up). */
  days: UserDay[];
}

/** The histories of an app's users with ids in [from, to], or of the listed users. */
export async function readUserHistories(db: Knex, appRef: number, programCategories: Map<number, number>, userRefs: UserRefs): Promise<UserHistory[]> {
  const activity = await readActivityByUser(db, appRef, programCategories, userRefs);
  const users = await readAppUsers(db, { only: [...activity.users] });
  return [...activity.users].map((userRef, i) => ({ userRef, source: users.get(userRef)?.source ?? 'unknown', days: listUserDays(activity, i) }));
}

/**
 * Reads the activity of an app's users (by id range or list) along the primary key, one day at a
 * time, and sorts it by user in memory (a counting sort, stable, so each user's days stay in
 * order). Mini programs are mapped to categories here.
 */
export async function readActivityByUser(db: Knex, appRef: number, programCategories: Map<number, number>, userRefs: UserRefs): Promise<ActivityByUser> {
  const parts: DayRows[] = [];
  let total = 0;
  const selections =
    'only' in userRefs ? selectionsOf([...new Set(userRefs.only)].sort((a, b) => a - b)) : [{ from: userRefs.from, to: userRefs.to, only: null }];
  if (selections.length > 0) {
    for (const day of await readActivityDays(db, appRef)) {
      for (const selection of selections) {
        const query = db('activity').where({ app_ref: appRef, day }).select('user_ref', 'mini_program_ref', 'page_views');
        if (Array.isArray(selection.only)) query.whereIn('user_ref', selection.only);
        else query.whereBetween('user_ref', [selection.from, selection.to]);
        let rows = await query;
        if (selection.only instanceof Set) rows = rows.filter((row) => (selection.only as Set<number>).has(Number(row.user_ref)));
        if (rows.length === 0) continue;
        const part: DayRows = {
          day: toDayNumber(day),
          users: new Int32Array(rows.length),
          categories: new Int32Array(rows.length),
          views: new Int32Array(rows.length),
        };
        rows.forEach((row, i) => {
          const categoryRef = programCategories.get(Number(row.mini_program_ref));
          if (categoryRef === undefined)
            throw new Error(`mini program #${row.mini_program_ref} has activity in app #${appRef} but is not one of its mini programs`);
          part.users[i] = Number(row.user_ref);
          part.categories[i] = categoryRef;
          part.views[i] = Number(row.page_views);
        });
        parts.push(part);
        total += rows.length;
      }
    }
  }
  return sortByUser(parts, total);
}

/** The days an app has activity, ascending: one index dive per day. */
export async function readActivityDays(db: Knex, appRef: number): Promise<string[]> {
  const days: string[] = [];
  for (;;) {
    const query = db('activity').where('app_ref', appRef).orderBy('day').first('day');
    if (days.length) query.where('day', '>', days.at(-1)!);
    const next = await query;
    if (!next) return days;
    days.push(String(next.day));
  }
}

function sortByUser(parts: DayRows[], total: number): ActivityByUser {
  let low = Infinity;
  let high = -Infinity;
  for (const part of parts) {
    for (const user of part.users) {
      if (user < low) low = user;
      if (user > high) high = user;
    }
  }
  if (total === 0)
    return { users: new Int32Array(0), starts: new Int32Array(1), days: new Int32Array(0), categories: new Int32Array(0), views: new Int32Array(0) };
  const next = new Int32Array(high - low + 2);
  for (const part of parts) for (const user of part.users) next[user - low + 1]!++;
  let userCount = 0;
  for (let i = 1; i < next.length; i++) {
    if (next[i]! > 0) userCount++;
    next[i]! += next[i - 1]!;
  }
  const users = new Int32Array(userCount);
  const starts = new Int32Array(userCount + 1);
  for (let offset = 0, i = 0; offset < next.length - 1; offset++) {
    if (next[offset + 1]! > next[offset]!) {
      users[i] = low + offset;
      starts[i++] = next[offset]!;
    }
  }
  starts[userCount] = total;
  const days = new Int32Array(total);
  const categories = new Int32Array(total);
  const views = new Int32Array(total);
  for (const part of parts) {
    part.users.forEach((user, i) => {
      const at = next[user - low]!++;
      days[at] = part.day;
      categories[at] = part.categories[i]!;
      views[at] = part.views[i]!;
    });
  }
  return { users, starts, days, categories, views };
}

type Selection = { from: number; to: number; only: number[] | Set<number> | null };

/**
 * How to ask for listed users, a group at a time: close-together users by their id range (read
 * along the key, then filtered here), scattered ones by `IN` lists.
 */
function selectionsOf(users: number[]): Selection[] {
  const selections: Selection[] = [];
  for (let i = 0; i < users.length; i += USERS_PER_RANGE) {
    const group = users.slice(i, i + USERS_PER_RANGE);
    const [from, to] = [group[0]!, group.at(-1)!];
    if (to - from + 1 <= DENSE_SPAN * group.length) {
      selections.push({ from, to, only: new Set(group) });
      continue;
    }
    for (let j = 0; j < group.length; j += USERS_PER_LIST) selections.push({ from, to, only: group.slice(j, j + USERS_PER_LIST) });
  }
  return selections;
}
