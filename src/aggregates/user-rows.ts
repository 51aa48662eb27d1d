/**
 * The activity rows an import is about to write, as the upkeep takes them: which of them replace
 * stored rows (and the page views those held), and each user's rows as changes of page views.
 */
import type { Knex } from 'knex';
import { growArray } from '../util/arrays.ts';
import type { DayCache } from '../util/days.ts';

/**
 * Activity rows about to be written (inserted, or replacing a row with the same key), in columns,
 * with each user's rows listed: user u's row positions are byUser[userStarts[u] .. userStarts[u + 1]).
 */
export interface ActivityRows {
  /** Day numbers (see toDayNumber). */
  days: Int32Array;
  programRefs: Uint32Array;
  views: Uint32Array;
  /** Each user's id, as the import files name them. */
  userIds: readonly string[];
  byUser: Uint32Array;
  userStarts: Uint32Array;
}

/** Users remembered per day that was empty, and as written (beyond that, they are looked up like any other). */
const MAX_REMEMBERED_USERS = 1_000_000;

/**
 * The days one app's import writes, to find the stored rows its rows replace without looking
 * every row up: per day, null when the app had activity that day before the import; otherwise
 * the users written to it since, the only ones with stored rows.
 */
export class ImportedDays {
  private readonly days = new Map<number, Set<number> | null>();

  constructor(
    private readonly appRef: number,
    private readonly dayCache: DayCache,
  ) {}

  /** The positions of the chunk's rows that may replace a stored row; remembers the chunk's users as written. */
  async findReplaced(trx: Knex.Transaction, rows: ActivityRows, users: ArrayLike<number>, refs: ArrayLike<number>): Promise<number[]> {
    const replaced: number[] = [];
    for (let k = 0; k < users.length; k++) {
      const [from, to, userRef] = [rows.userStarts[users[k]!]!, rows.userStarts[users[k]! + 1]!, refs[users[k]!]!];
      for (let p = from; p < to; p++) {
        const day = rows.days[rows.byUser[p]!]!;
        if (!this.days.has(day)) {
          const stored = await trx('activity')
            .where({ app_ref: this.appRef, day: this.dayCache.textOf(day) })
            .first('user_ref');
          this.days.set(day, stored ? null : new Set());
        }
        const written = this.days.get(day);
        if (written === null || written!.has(userRef)) replaced.push(rows.byUser[p]!);
      }
      for (let p = from; p < to; p++) this.rememberWritten(rows.days[rows.byUser[p]!]!, userRef);
    }
    return replaced;
  }

  /** The page views stored for the keys of some rows (those that exist), by viewKey. */
  async readReplacedViews(
    trx: Knex.Transaction,
    rows: ActivityRows,
    refs: ArrayLike<number>,
    users: ArrayLike<number>,
    positions: number[],
  ): Promise<Map<string, number>> {
    const days = new Map(positions.map((r) => [this.dayCache.textOf(rows.days[r]!), rows.days[r]!]));
    const userRefs = Array.from(users, (user) => refs[user]!);
    const stored = await trx('activity')
      .where('app_ref', this.appRef)
      .whereIn('day', [...days.keys()])
      .whereIn('user_ref', userRefs)
      .select('day', 'user_ref', 'mini_program_ref', 'page_views');
    const views = new Map<string, number>();
    for (const row of stored) views.set(viewKey(days.get(String(row.day))!, Number(row.user_ref), Number(row.mini_program_ref)), Number(row.page_views));
    return views;
  }

  private rememberWritten(day: number, userRef: number): void {
    const users = this.days.get(day);
    if (!users) return;
    users.add(userRef);
    if (users.size > MAX_REMEMBERED_USERS) this.days.set(day, null);
  }
}

const viewKey = (day: number, userRef: number, programRef: number) => `${day}|${userRef}|${programRef}`;

/**
 * One user's changed page views (day, category, change), sorted by day, for UserStateEditor.append:
 * filled for one user after another into the same arrays, so a chunk of users makes no object per row.
 */
export class UserRows {
  days = new Float64Array(64);
  categories = new Float64Array(64);
  views = new Float64Array(64);
  length = 0;
  /** The user's row positions, sorted by day, mini program and position. */
  private picked = new Uint32Array(64);

  /**
   * Takes a user's rows: sorted by day, the file's last of rows with one key only, as changes
   * from the page views stored (`oldViews`, by viewKey; rows that change nothing left out).
   */
  gather(rows: ActivityRows, user: number, userRef: number, oldViews: Map<string, number> | null, programCategories: Map<number, number>): this {
    const { days, programRefs, views } = rows;
    const from = rows.userStarts[user]!;
    const count = rows.userStarts[user + 1]! - from;
    if (count > this.picked.length) this.picked = new Uint32Array(count * 2);
    const { picked } = this;
    // Insertion sort: a user has a few rows.
    for (let i = 0; i < count; i++) {
      const row = rows.byUser[from + i]!;
      let j = i;
      for (; j > 0; j--) {
        const before = picked[j - 1]!;
        if (days[before]! < days[row]! || (days[before] === days[row] && programRefs[before]! <= programRefs[row]!)) break;
        picked[j] = before;
      }
      picked[j] = row;
    }
    this.length = 0;
    for (let i = 0; i < count; i++) {
      const row = picked[i]!;
      if (i + 1 < count && days[picked[i + 1]!] === days[row] && programRefs[picked[i + 1]!] === programRefs[row]) continue;
      const change = views[row]! - (oldViews?.get(viewKey(days[row]!, userRef, programRefs[row]!)) ?? 0);
      if (change === 0) continue;
      if (this.length === this.days.length) {
        for (const column of ['days', 'categories', 'views'] as const) this[column] = growArray(this[column]);
      }
      this.days[this.length] = days[row]!;
      this.categories[this.length] = programCategories.get(programRefs[row]!)!;
      this.views[this.length++] = change;
    }
    return this;
  }
}
