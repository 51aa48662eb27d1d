import { WINDOWS, type UserContribution } from './compute-user-contribution.ts';

/**
 * Changes to an app's aggregates, summed over users: added with sign +1 for a user's new
 * contribution, -1 for the one it replaces. Windows are kept as difference arrays.
 */
export class AggregateChanges {
  /** `scope|day|source` → users */
  readonly firstDays = new Map<string, number>();
  /** `scope|size` → day → difference */
  readonly windowDiffs = new Map<string, Map<number, number>>();
  /** `day|category` → users */
  readonly preferences = new Map<string, number>();
  /** `scope|day` → users active that day, and their page views */
  readonly dailyUsers = new Map<string, number>();
  readonly dailyViews = new Map<string, number>();

  /** Adds a user's contribution; `daily` also counts their days into UV and PV (a rebuild counts those in SQL). */
  add(contribution: UserContribution, source: string, sign: 1 | -1, options: { daily?: boolean } = {}): void {
    if (options.daily) {
      for (const [scope, byDay] of contribution.days) {
        for (const [day, views] of byDay) this.addDay(scope, day, sign, sign * views);
      }
    }
    for (const [scope, span] of contribution.spans) this.addFirstDay(scope, span.first, source, sign);
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
    bump(this.dailyUsers, `${scope}|${day}`, users);
    bump(this.dailyViews, `${scope}|${day}`, views);
  }

  addFirstDay(scope: number, day: number, source: string, sign: 1 | -1): void {
    bump(this.firstDays, `${scope}|${day}|${source}`, sign);
  }

  /** Runs [start, end] of window end days a user counts in. */
  addRuns(scope: number, size: number, runs: [number, number][], sign: 1 | -1): void {
    const key = `${scope}|${size}`;
    let diffs = this.windowDiffs.get(key);
    if (!diffs) this.windowDiffs.set(key, (diffs = new Map()));
    for (const [start, end] of runs) {
      bump(diffs, start, sign);
      bump(diffs, end + 1, -sign);
    }
  }

  addPreference(day: number, categoryRef: number, sign: number): void {
    bump(this.preferences, `${day}|${categoryRef}`, sign);
  }

  /** Moves a user counted on their first day in a scope from one source to another. */
  moveSource(scope: number, firstDay: number, from: string, to: string): void {
    bump(this.firstDays, `${scope}|${firstDay}|${from}`, -1);
    bump(this.firstDays, `${scope}|${firstDay}|${to}`, 1);
  }

  /** The change of each scope's window counts per day: scope → day → { uv7, uv30 } (zero changes left out). */
  windowChanges(): Map<number, Map<number, { uv7: number; uv30: number }>> {
    const result = new Map<number, Map<number, { uv7: number; uv30: number }>>();
    for (const [key, diffs] of this.windowDiffs) {
      const [scope, size] = key.split('|').map(Number) as [number, 7 | 30];
      const days = [...diffs.keys()].sort((a, b) => a - b);
      if (days.length === 0) continue;
      let running = 0;
      let next = 0;
      for (let day = days[0]!; day <= days.at(-1)!; day++) {
        if (days[next] === day) running += diffs.get(days[next++]!)!;
        if (running === 0) continue;
        let byDay = result.get(scope);
        if (!byDay) result.set(scope, (byDay = new Map()));
        const entry = byDay.get(day) ?? { uv7: 0, uv30: 0 };
        if (size === 7) entry.uv7 += running;
        else entry.uv30 += running;
        byDay.set(day, entry);
      }
    }
    return result;
  }
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const value = (map.get(key) ?? 0) + by;
  if (value === 0) map.delete(key);
  else map.set(key, value);
}
