/** One user's page views in one category on one day (days as day numbers). */
export interface UserDay {
  day: number;
  categoryRef: number;
  views: number;
}

export const WINDOWS = [7, 30] as const;
export type WindowDays = (typeof WINDOWS)[number];

/** What one user adds to an app's aggregates. Scope 0 is the whole app, other scopes are categories. */
export interface UserContribution {
  /** scope → first and last active day */
  spans: Map<number, { first: number; last: number }>;
  /** scope → window size → the merged runs of window end days [start, end] the user counts in */
  windows: Map<number, Map<WindowDays, [number, number][]>>;
  /** The days the preferred category (most page views so far; ties: the name sorting first) changes. */
  preferences: { day: number; categoryRef: number }[];
  /** category → page views in total */
  views: Map<number, number>;
  /** scope → day → page views that day (the user counts once in that day's UV) */
  days: Map<number, Map<number, number>>;
}

/**
 * Computes a user's contribution from their whole history in one app. `rank` orders categories
 * by name in code-point order (lower first), for ties of the preferred category.
 */
export function computeUserContribution(history: UserDay[], rank: (categoryRef: number) => number): UserContribution {
  const byScope = new Map<number, Map<number, number>>();
  const add = (scope: number, day: number, views: number) => {
    let days = byScope.get(scope);
    if (!days) {
      days = new Map();
      byScope.set(scope, days);
    }
    days.set(day, (days.get(day) ?? 0) + views);
  };
  for (const row of history) {
    add(0, row.day, row.views);
    add(row.categoryRef, row.day, row.views);
  }
  const spans = new Map<number, { first: number; last: number }>();
  const windows = new Map<number, Map<WindowDays, [number, number][]>>();
  for (const [scope, viewsByDay] of byScope) {
    const days = [...viewsByDay.keys()].sort((a, b) => a - b);
    spans.set(scope, { first: days[0]!, last: days.at(-1)! });
    windows.set(scope, new Map(WINDOWS.map((size) => [size, mergeWindows(days, size)])));
  }
  return { spans, windows, days: byScope, ...computePreferences(history, rank) };
}

/** A user active on day d is in every window of `size` days ending on d … d+size-1; overlapping runs merge. */
function mergeWindows(sortedDays: number[], size: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const day of sortedDays) {
    const last = runs.at(-1);
    if (last && day <= last[1] + 1) last[1] = Math.max(last[1], day + size - 1);
    else runs.push([day, day + size - 1]);
  }
  return runs;
}

function computePreferences(history: UserDay[], rank: (categoryRef: number) => number) {
  const views = new Map<number, number>();
  const preferences: { day: number; categoryRef: number }[] = [];
  const sorted = [...history].sort((a, b) => a.day - b.day);
  let current: number | null = null;
  for (let i = 0; i < sorted.length; ) {
    const day = sorted[i]!.day;
    for (; i < sorted.length && sorted[i]!.day === day; i++) views.set(sorted[i]!.categoryRef, (views.get(sorted[i]!.categoryRef) ?? 0) + sorted[i]!.views);
    const preferred = choosePreferredCategory(views, rank);
    if (preferred !== current) {
      preferences.push({ day, categoryRef: preferred });
      current = preferred;
    }
  }
  return { preferences, views };
}

function choosePreferredCategory(views: Map<number, number>, rank: (categoryRef: number) => number): number {
  let best = -1;
  let bestViews = -1;
  for (const [category, count] of views) {
    if (count > bestViews || (count === bestViews && rank(category) < rank(best))) {
      best = category;
      bestViews = count;
    }
  }
  return best;
}
