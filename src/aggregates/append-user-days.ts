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
  const addViews = (scope: number, day: number, views: number) => {
    let days = byScope.get(scope);
    if (!days) byScope.set(scope, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + views);
  };
  for (const row of added) {
    addViews(0, row.day, row.views);
    addViews(row.categoryRef, row.day, row.views);
  }
  const spans = new Map(state.spans);
  for (const [scope, viewsByDay] of byScope) {
    const span = state.spans.get(scope);
    const days = [...viewsByDay.keys()].sort((a, b) => a - b);
    const fresh = span ? days.filter((day) => day > span.last) : days;
    for (const [day, views] of viewsByDay) changes.addDay(scope, day, fresh.includes(day) ? 1 : 0, views);
    if (fresh.length === 0) continue;
    const base = span ? [span.last] : [];
    for (const size of WINDOWS) {
      changes.addRuns(scope, size, mergeWindows(base, size), -1);
      changes.addRuns(scope, size, mergeWindows([...base, ...fresh], size), 1);
    }
    if (!span) changes.addFirstDay(scope, fresh[0]!, source, 1);
    spans.set(scope, { first: span?.first ?? fresh[0]!, last: fresh.at(-1)! });
  }

  const views = new Map(state.views);
  const preferences = state.preferences.map((p) => ({ ...p }));
  const byDay = new Map<number, UserDay[]>();
  for (const row of added) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    for (const row of byDay.get(day)!) views.set(row.categoryRef, (views.get(row.categoryRef) ?? 0) + row.views);
    const preferred = preferredCategory(views, rank);
    const current = preferences.at(-1);
    if (current?.categoryRef === preferred) continue;
    if (current) changes.addPreference(day, current.categoryRef, -1);
    changes.addPreference(day, preferred, 1);
    if (current?.day === day) {
      // The last change point was this same day: it now points elsewhere, or disappears.
      if (preferences.at(-2)?.categoryRef === preferred) preferences.pop();
      else current.categoryRef = preferred;
    } else {
      preferences.push({ day, categoryRef: preferred });
    }
  }
  return { spans, views, preferences };
}
