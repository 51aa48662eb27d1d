import { type UserContribution, WINDOWS } from './user-contribution.ts';

/** scope → day → value */
export type ByScopeAndDay = Map<number, Map<number, number>>;

/**
 * Changes to an app's aggregates, summed over users: added with sign +1 for a user's new
 * contribution, -1 for the one it replaces. Windows are kept as difference arrays. Maps are
 * nested with numeric keys: a rebuild adds millions of users, and string keys cost more.
 */
export class AggregateChanges {
  /** source → scope → day → users whose first day in the scope it is */
  readonly firstDays = new Map<string, ByScopeAndDay>();
  /** window size → scope → day → difference */
  readonly windowDiffs = new Map<number, ByScopeAndDay>();
  /** day → category → users */
  readonly preferences: ByScopeAndDay = new Map();
  /** scope → day → users active that day, and their page views */
  readonly dailyUsers: ByScopeAndDay = new Map();
  readonly dailyViews: ByScopeAndDay = new Map();

  /** Adds a user's contribution; `daily` also counts their days into UV and PV. */
  add(contribution: UserContribution, source: string, sign: 1 | -1, options: { daily?: boolean } = {}): void {
    if (options.daily) {
      for (const [scope, byDay] of contribution.days) {
        for (const [day, views] of byDay) this.addDay(scope, day, sign, sign * views);
      }
    }
    const firstDays = inner(this.firstDays, source);
    for (const [scope, span] of contribution.spans) bump(firstDays, scope, span.first, sign);
    for (const [scope, bySize] of contribution.windows) {
      for (const size of WINDOWS) this.addRuns(scope, size, bySize.get(size) ?? [], sign);
    }
    contribution.preferences.forEach(({ day, categoryRef }, i) => {
      this.addPreference(day, categoryRef, sign);
      if (i > 0) this.addPreference(day, contribution.preferences[i - 1]!.categoryRef, sign === 1 ? -1 : 1);
    });
  }

  /** `users` more (or fewer) users active in the scope that day, with `views` more page views. */
  addDay(scope: number, day: number, users: number, views: number): void {
    bump(this.dailyUsers, scope, day, users);
    bump(this.dailyViews, scope, day, views);
  }

  addFirstDay(scope: number, day: number, source: string, sign: 1 | -1): void {
    bump(inner(this.firstDays, source), scope, day, sign);
  }

  /** Runs [start, end] of window end days a user counts in. */
  addRuns(scope: number, size: number, runs: [number, number][], sign: 1 | -1): void {
    for (const [start, end] of runs) this.addRun(scope, size, start, end, sign);
  }

  addRun(scope: number, size: number, start: number, end: number, sign: 1 | -1): void {
    const diffs = inner(inner(this.windowDiffs, size), scope);
    bumpDay(diffs, start, sign);
    bumpDay(diffs, end + 1, -sign);
  }

  addPreference(day: number, categoryRef: number, sign: number): void {
    bump(this.preferences, day, categoryRef, sign);
  }

  /** Moves a user counted on their first day in a scope from one source to another. */
  moveSource(scope: number, firstDay: number, from: string, to: string): void {
    this.addFirstDay(scope, firstDay, from, -1);
    this.addFirstDay(scope, firstDay, to, 1);
  }

  /** The change of each scope's window counts per day: scope → day → { uv7, uv30 } (zero changes left out). */
  windowChanges(): Map<number, Map<number, { uv7: number; uv30: number }>> {
    const result = new Map<number, Map<number, { uv7: number; uv30: number }>>();
    for (const [size, byScope] of this.windowDiffs) {
      for (const [scope, diffs] of byScope) {
        const days = [...diffs.keys()].sort((a, b) => a - b);
        if (days.length === 0) continue;
        let running = 0;
        let next = 0;
        for (let day = days[0]!; day <= days.at(-1)!; day++) {
          if (days[next] === day) running += diffs.get(days[next++]!)!;
          if (running === 0) continue;
          let byDay = result.get(scope);
          if (!byDay) {
            byDay = new Map();
            result.set(scope, byDay);
          }
          const entry = byDay.get(day) ?? { uv7: 0, uv30: 0 };
          if (size === 7) entry.uv7 += running;
          else entry.uv30 += running;
          byDay.set(day, entry);
        }
      }
    }
    return result;
  }
}

/** Every non-zero entry of a scope → day map, as [scope, day, value]. */
export function* listEntries(map: ByScopeAndDay): Generator<[number, number, number]> {
  for (const [scope, byDay] of map) for (const [day, value] of byDay) if (value !== 0) yield [scope, day, value];
}

function inner<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let value = map.get(key);
  if (!value) {
    value = new Map() as V;
    map.set(key, value);
  }
  return value;
}

function bump(map: ByScopeAndDay, scope: number, day: number, by: number): void {
  bumpDay(inner(map, scope), day, by);
}

function bumpDay(map: Map<number, number>, day: number, by: number): void {
  const value = (map.get(day) ?? 0) + by;
  if (value === 0) map.delete(day);
  else map.set(day, value);
}
