import { describe, expect, it } from 'vitest';
import { AggregateChanges, entriesOf, type ByScopeAndDay } from '../../src/aggregates/aggregate-changes.ts';
import { appendUserDays, canAppend } from '../../src/aggregates/append-user-days.ts';
import { computeUserContribution, type UserDay } from '../../src/aggregates/compute-user-contribution.ts';
import { createRandom } from '../../src/generate/create-random.ts';

const rank = (category: number) => 10 - category;

/** The aggregate changes as maps, with zero entries gone, comparable across two ways of computing them. */
function summary(changes: AggregateChanges) {
  const clean = (map: ByScopeAndDay) => new Map([...entriesOf(map)].map(([scope, day, value]) => [`${scope}|${day}`, value]));
  return {
    firstDays: new Map([...changes.firstDays].map(([source, byScope]) => [source, clean(byScope)] as const).filter(([, byScope]) => byScope.size > 0)),
    preferences: clean(changes.preferences),
    dailyUsers: clean(changes.dailyUsers),
    dailyViews: clean(changes.dailyViews),
    windows: changes.windowChanges(),
  };
}

describe('appendUserDays', () => {
  it('adds later days exactly as recomputing the whole history would, over 2,000 random users', () => {
    const random = createRandom(42);
    let appended = 0;
    for (let user = 0; user < 2000; user++) {
      const history: UserDay[] = [];
      const days = random.int(0, 6);
      let day = 100;
      for (let i = 0; i < days; i++) {
        day += random.int(0, 9);
        for (let j = random.int(1, 3); j > 0; j--) history.push({ day, categoryRef: random.int(1, 4), views: random.int(1, 5) });
      }
      const last = history.length ? Math.max(...history.map((h) => h.day)) : 0;
      // New rows: on the last day (more views, or changed views) and on later days.
      const added: UserDay[] = [];
      for (let j = random.int(1, 5); j > 0; j--) {
        const sameDay = history.length > 0 && random.chance(0.4);
        added.push({ day: sameDay ? last : last + random.int(1, 40), categoryRef: random.int(1, 4), views: sameDay && random.chance(0.3) ? -1 : random.int(1, 6) });
      }
      const before = computeUserContribution(history, rank);
      const state = { spans: before.spans, views: before.views, preferences: before.preferences };
      expect(canAppend(history.length ? state : { spans: new Map(), views: new Map(), preferences: [] }, added)).toBe(true);
      // A negative change must not take a day's views below one row's worth.
      const after = computeUserContribution([...history, ...added], rank);
      if ([...after.days.values()].some((byDay) => [...byDay.values()].some((v) => v <= 0))) continue;
      appended++;
      const expected = new AggregateChanges();
      if (history.length) expected.add(before, 'wallet', -1, { daily: true });
      expected.add(after, 'wallet', 1, { daily: true });
      const actual = new AggregateChanges();
      const kept = structuredClone(state);
      const next = appendUserDays(actual, history.length ? state : { spans: new Map(), views: new Map(), preferences: [] }, added, 'wallet', rank);
      expect(state, 'the state it started from is left as it was').toEqual(kept);
      expect(summary(actual), `user ${user}`).toEqual(summary(expected));
      expect(next.spans).toEqual(after.spans);
      expect(next.views).toEqual(after.views);
      expect(next.preferences).toEqual(after.preferences);
    }
    expect(appended).toBeGreaterThan(1500);
  });

  it('refuses days before the last active day', () => {
    const before = computeUserContribution([{ day: 10, categoryRef: 1, views: 1 }], rank);
    expect(canAppend(before, [{ day: 9, categoryRef: 1, views: 1 }])).toBe(false);
    expect(canAppend(before, [{ day: 10, categoryRef: 2, views: 1 }])).toBe(true);
  });
});
