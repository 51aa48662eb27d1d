import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProgramCategories } from '../../src/aggregates/aggregate-store.ts';
import { listUserDays, readActivityByUser, readActivityDays } from '../../src/aggregates/user-histories.ts';
import type { ActivityRow } from '../../src/db/tables.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { toDayNumber } from '../../src/util/days.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { writeTestDataset } from '../support/test-dataset.ts';

describe.each(DATABASE_KINDS)('readActivityByUser on %s', (kind) => {
  let store: TestDatabase;
  let rows: ActivityRow[];
  let appRef: number;
  let programCategories: Map<number, number>;
  beforeAll(async () => {
    store = await createTestDatabase(kind);
    const { dir } = await writeTestDataset();
    try {
      await importDirectory(store.db, dir, { deferAggregates: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    appRef = Number((await store.db('activity').groupBy('app_ref').orderByRaw('COUNT(*) DESC').first('app_ref'))!.app_ref);
    programCategories = await readProgramCategories(store.db, appRef);
    rows = (await store.db('activity').where('app_ref', appRef).select()).map((r) => ({
      ...r,
      user_ref: Number(r.user_ref),
      mini_program_ref: Number(r.mini_program_ref),
      page_views: Number(r.page_views),
    }));
  });
  afterAll(async () => store?.drop());

  /** Brute force: each wanted user's rows, by day (rows of one day in any order). */
  const expected = (wanted: (userRef: number) => boolean) => {
    const byUser = new Map<number, { day: number; categoryRef: number; views: number }[]>();
    for (const row of rows.filter((r) => wanted(r.user_ref))) {
      byUser.set(row.user_ref, [
        ...(byUser.get(row.user_ref) ?? []),
        { day: toDayNumber(row.day), categoryRef: programCategories.get(row.mini_program_ref)!, views: row.page_views },
      ]);
    }
    return [...byUser].sort((a, b) => a[0] - b[0]).map(([userRef, days]) => [userRef, sortDays(days)] as const);
  };
  const sortDays = (days: { day: number; categoryRef: number; views: number }[]) =>
    [...days].sort((a, b) => a.day - b.day || a.categoryRef - b.categoryRef || a.views - b.views);
  const actual = async (selection: Parameters<typeof readActivityByUser>[3]) => {
    const activity = await readActivityByUser(store.db, appRef, programCategories, selection);
    return [...activity.users].map((userRef, i) => {
      const days = listUserDays(activity, i);
      // Days come in order; within a day any order.
      expect(days.map((d) => d.day)).toEqual([...days.map((d) => d.day)].sort((a, b) => a - b));
      return [userRef, sortDays(days)] as const;
    });
  };

  it('lists the days with activity, ascending', async () => {
    expect(await readActivityDays(store.db, appRef)).toEqual([...new Set(rows.map((r) => r.day))].sort());
  });

  it('reads an id range, a dense list and a scattered list exactly (with duplicates and users without activity)', async () => {
    const users = [...new Set(rows.map((r) => r.user_ref))].sort((a, b) => a - b);
    const [low, high] = [users[0]!, users.at(-1)!];
    const middle = users[Math.floor(users.length / 2)]!;
    expect(await actual({ from: low, to: high })).toEqual(expected(() => true));
    expect(await actual({ from: low, to: middle })).toEqual(expected((u) => u <= middle));
    const dense = users.slice(10, 60);
    expect(await actual({ only: [...dense, dense[3]!, high + 1000] })).toEqual(expected((u) => dense.includes(u)));
    // More than 50 ids apart on average: read by IN lists.
    const scattered = users.filter((_, i) => i % 70 === 0);
    expect((scattered.at(-1)! - scattered[0]!) / scattered.length).toBeGreaterThan(50);
    expect(await actual({ only: scattered })).toEqual(expected((u) => scattered.includes(u)));
    expect(await actual({ only: [] })).toEqual([]);
  });
});
