import type { AggregateChanges } from './aggregate-changes.ts';
import { mergeWindows, preferredCategory, WINDOWS, type UserDay } from './compute-user-contribution.ts';

/** What the upkeep tables remember of a user: enough to add later days without their history. */
export interface UserState {
  spans: Map<number, { first: number; last: number }>;
  /** category → page views so far */
  views: Map<number, number>;
  /** The preferred category's change points, oldest first. */
  preferences: { day: number; categoryRef: number }[];
}

/** True when every changed day is on or after the user's last active day: then appendUserDays applies. */
export function canAppend(state: UserState, added: UserDay[]): boolean {
  const last = state.spans.get(0)?.last;
  return last === undefined || added.every((row) => row.day >= last);
}

/**
 * Adds a user's new page views (per day and category, possibly several rows each, possibly
 * changes to the last day) to the aggregates from the remembered state alone, and returns the
 * new state. Only valid when canAppend holds: nothing before the last day changes, so a scope's
 * windows change only from its last day on, and the preference timeline only after its last point.
 */
export function appendUserDays(changes: AggregateChanges, state: UserState, added: UserDay[], source: string, rank: (categoryRef: number) => number): UserState {
  const byScope = new Map<number, Map<number, number>>();
  for (const row of added) {
    addViews(byScope, 0, row.day, row.views);
    addViews(byScope, row.categoryRef, row.day, row.views);
  }
  const spans = new Map(state.spans);
  for (const [scope, viewsByDay] of byScope) {
    const span = state.spans.get(scope);
    // Days after the scope's last active day are new to it; an earlier one can only be that last day.
    let fresh: number[] | null = null;
    for (const [day, views] of viewsByDay) {
      const isFresh = !span || day > span.last;
      changes.addDay(scope, day, isFresh ? 1 : 0, views);
      if (isFresh) (fresh ??= []).push(day);
    }
    if (!fresh) continue;
    if (fresh.length > 1) fresh.sort((a, b) => a - b);
    const base = span ? [span.last] : [];
    for (const size of WINDOWS) {
      changes.addRuns(scope, size, mergeWindows(base, size), -1);
      changes.addRuns(scope, size, mergeWindows([...base, ...fresh], size), 1);
    }
    if (!span) changes.addFirstDay(scope, fresh[0]!, source, 1);
    spans.set(scope, { first: span?.first ?? fresh[0]!, last: fresh.at(-1)! });
  }

  const views = new Map(state.views);
  // Change points are shared with the old state: replaced, never changed.
  const preferences = state.preferences.slice();
  const byDay = added.some((row) => row.day !== added[0]!.day) ? [...added].sort((a, b) => a.day - b.day) : added;
  for (let i = 0; i < byDay.length; ) {
    const day = byDay[i]!.day;
    for (; i < byDay.length && byDay[i]!.day === day; i++) views.set(byDay[i]!.categoryRef, (views.get(byDay[i]!.categoryRef) ?? 0) + byDay[i]!.views);
    const preferred = preferredCategory(views, rank);
    const current = preferences.at(-1);
    if (current?.categoryRef === preferred) continue;
    if (current) changes.addPreference(day, current.categoryRef, -1);
    changes.addPreference(day, preferred, 1);
    if (current?.day === day) {
      // The last change point was this same day: it now points elsewhere, or disappears.
      if (preferences.at(-2)?.categoryRef === preferred) preferences.pop();
      else preferences[preferences.length - 1] = { day, categoryRef: preferred };
    } else {
      preferences.push({ day, categoryRef: preferred });
    }
  }
  return { spans, views, preferences };
}

function addViews(byScope: Map<number, Map<number, number>>, scope: number, day: number, views: number): void {
  let days = byScope.get(scope);
  if (!days) byScope.set(scope, (days = new Map()));
  days.set(day, (days.get(day) ?? 0) + views);
}
