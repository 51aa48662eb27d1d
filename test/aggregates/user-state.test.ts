import { describe, expect, it } from 'vitest';
import { AggregateChanges, type ByScopeAndDay, listEntries } from '../../src/aggregates/aggregate-changes.ts';
import { computeUserContribution, type UserDay } from '../../src/aggregates/user-contribution.ts';
import { type UserState, UserStateEditor } from '../../src/aggregates/user-state.ts';
import { createRandom, type Random } from '../../src/generate/create-random.ts';

/** A state as stored, and back, by an editor of their own (as the upkeep and a rebuild have theirs). */
const codec = new UserStateEditor();
const encodeUserState = (state: UserState) => codec.loadState(state).encode();
const decodeUserState = (bytes: Uint8Array) => codec.load(bytes).toState();

function randomState(random: Random): UserState {
  const state: UserState = { spans: new Map(), views: new Map(), preferences: [] };
  const base = random.int(0, 40_000);
  for (let n = random.int(0, 6); n > 0; n--) {
    const first = base + random.int(0, 400);
    state.spans.set(random.int(0, 2 ** 32 - 1), { first, last: first + random.int(0, 3000) });
  }
  for (let n = random.int(0, 6); n > 0; n--) state.views.set(random.int(1, 5_000_000), random.chance(0.1) ? random.int(2 ** 31, 2 ** 40) : random.int(1, 300));
  let day = base;
  for (let n = random.int(0, 8); n > 0; n--) {
    day += random.int(1, 90);
    state.preferences.push({ day, categoryRef: random.int(1, 5_000_000) });
  }
  return state;
}

describe('UserStateEditor.encode and load', () => {
  it('decodes to the same state, for generated states of every size', () => {
    const random = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const state = randomState(random);
      expect(decodeUserState(encodeUserState(state))).toEqual(state);
    }
  });

  it('gives each state bytes of its own, however long the state', () => {
    const random = createRandom(11);
    const states = Array.from({ length: 50 }, () => randomState(random));
    const long: UserState = {
      spans: new Map(),
      views: new Map(),
      preferences: Array.from({ length: 400 }, (_, i) => ({ day: 20_000 + i * 3, categoryRef: 1_000_000 + i })),
    };
    states.push(long, randomState(random));
    const encoded = states.map(encodeUserState);
    expect(encoded.at(-2)!.length).toBeGreaterThan(1000);
    expect(encoded.map(decodeUserState)).toEqual(states);
  });

  it('keeps a typical user in a few dozen bytes', () => {
    const state: UserState = {
      spans: new Map([
        [0, { first: 20_400, last: 20_480 }],
        [17, { first: 20_400, last: 20_470 }],
        [23, { first: 20_410, last: 20_480 }],
      ]),
      views: new Map([
        [17, 40],
        [23, 38],
      ]),
      preferences: [{ day: 20_400, categoryRef: 17 }],
    };
    expect(encodeUserState(state).length).toBeLessThanOrEqual(30);
  });

  it('refuses values it cannot store, and bytes that are not a state', () => {
    expect(() => encodeUserState({ spans: new Map(), views: new Map([[1, -1]]), preferences: [] })).toThrow(/out of range/);
    expect(() => decodeUserState(Uint8Array.from([1, 5]))).toThrow(/truncated/);
    expect(() => decodeUserState(Uint8Array.from([0, 0, 0, 9]))).toThrow(/trailing/);
  });
});

const rank = (category: number) => 100 - category;

/** The aggregate changes as maps, with zero entries gone, comparable across two ways of computing them. */
function summary(changes: AggregateChanges) {
  const clean = (map: ByScopeAndDay) => new Map([...listEntries(map)].map(([scope, day, value]) => [`${scope}|${day}`, value]));
  return {
    firstDays: new Map([...changes.firstDays].map(([source, byScope]) => [source, clean(byScope)] as const).filter(([, byScope]) => byScope.size > 0)),
    preferences: clean(changes.preferences),
    dailyUsers: clean(changes.dailyUsers),
    dailyViews: clean(changes.dailyViews),
    windows: changes.windowChanges(),
  };
}

function columns(rows: UserDay[]) {
  return { days: rows.map((r) => r.day), categories: rows.map((r) => r.categoryRef), views: rows.map((r) => r.views) };
}

describe('UserStateEditor.append', () => {
  it('adds later days exactly as recomputing the whole history would, over 3,000 random users', () => {
    const random = createRandom(42);
    const editor = new UserStateEditor();
    let appended = 0;
    for (let user = 0; user < 3000; user++) {
      // Some users touch many categories, past the editor's first array sizes.
      const categories = user % 10 === 0 ? 40 : 4;
      const history: UserDay[] = [];
      let day = 100;
      for (let i = random.int(0, user % 10 === 0 ? 30 : 6); i > 0; i--) {
        day += random.int(0, 9);
        for (let j = random.int(1, 3); j > 0; j--) history.push({ day, categoryRef: random.int(1, categories), views: random.int(1, 5) });
      }
      const last = history.length ? Math.max(...history.map((h) => h.day)) : 0;
      // New rows: on the last day (more views, or changed views) and on later days, sorted by day.
      const added: UserDay[] = [];
      for (let j = random.int(1, 5); j > 0; j--) {
        const sameDay = history.length > 0 && random.chance(0.4);
        added.push({
          day: sameDay ? last : last + random.int(1, 40),
          categoryRef: random.int(1, categories),
          views: sameDay && random.chance(0.3) ? -1 : random.int(1, 6),
        });
      }
      added.sort((a, b) => a.day - b.day);
      // A negative change must not take a day's views below one row's worth.
      const after = computeUserContribution([...history, ...added], rank);
      if ([...after.days.values()].some((byDay) => [...byDay.values()].some((v) => v <= 0))) continue;
      appended++;
      const before = computeUserContribution(history, rank);
      const stored = history.length ? encodeUserState(before) : null;
      const kept = stored && Buffer.from(stored);
      const expected = new AggregateChanges();
      if (history.length) expected.add(before, 'wallet', -1, { daily: true });
      expected.add(after, 'wallet', 1, { daily: true });

      const actual = new AggregateChanges();
      editor.load(stored);
      expect(editor.lastDay()).toBe(history.length ? last : undefined);
      editor.append(actual, columns(added), 0, added.length, rank, (scope, firstDay) => actual.addFirstDay(scope, firstDay, 'wallet', 1));
      const next = decodeUserState(editor.encode());
      expect(stored, 'the stored bytes it started from are left as they were').toEqual(kept);
      expect(summary(actual), `user ${user}`).toEqual(summary(expected));
      expect(next.spans).toEqual(after.spans);
      expect(next.views).toEqual(after.views);
      expect(next.preferences).toEqual(after.preferences);
    }
    expect(appended).toBeGreaterThan(2000);
  });

  it('takes the rows from..to of columns shared by many users', () => {
    const editor = new UserStateEditor();
    const rows = columns([
      { day: 5, categoryRef: 1, views: 9 },
      { day: 10, categoryRef: 2, views: 3 },
      { day: 11, categoryRef: 1, views: 1 },
      { day: 30, categoryRef: 3, views: 7 },
    ]);
    const changes = new AggregateChanges();
    const firstDays: string[] = [];
    editor.load(null).append(changes, rows, 1, 3, rank, (scope, day) => firstDays.push(`${scope}@${day}`));
    expect(firstDays).toEqual(['0@10', '2@10', '1@11']);
    expect(decodeUserState(editor.encode())).toEqual({
      spans: new Map([
        [0, { first: 10, last: 11 }],
        [2, { first: 10, last: 10 }],
        [1, { first: 11, last: 11 }],
      ]),
      views: new Map([
        [2, 3],
        [1, 1],
      ]),
      preferences: [{ day: 10, categoryRef: 2 }],
    });
  });

  it('knows the last active day, which appending may not go back before', () => {
    const editor = new UserStateEditor();
    expect(editor.load(null).lastDay()).toBeUndefined();
    expect(
      editor
        .load(
          encodeUserState(
            computeUserContribution(
              [
                { day: 10, categoryRef: 1, views: 1 },
                { day: 4, categoryRef: 2, views: 1 },
              ],
              rank,
            ),
          ),
        )
        .lastDay(),
    ).toBe(10);
  });
});
