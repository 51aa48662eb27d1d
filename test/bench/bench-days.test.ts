import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAggregates } from '../../src/aggregates/rebuild-aggregates.ts';
import { readLastDays, writeFreshDayCsv, writeNextDayCsv } from '../../src/bench/bench-days.ts';
import { BENCH_WORKSPACE, generateBenchData, scaleBenchShape } from '../../src/bench/generate-bench-data.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readAppDetails, readAppDetailsDirect } from '../../src/stats/read-app-details.ts';
import { readBreakdown, readBreakdownDirect } from '../../src/stats/read-breakdown.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { addDays } from '../../src/util/days.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

const END = '2026-03-31';
const ROWS = 30_000;

/** The days the bench imports: the last day's users again, then a day drawn like the generated ones. */
describe.each(DATABASE_KINDS)('bench days on %s', (kind) => {
  let store: TestDatabase;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-bench-test-'));
    dirs.push(dir);
    return dir;
  };
  const usersOf = (dir: string) => {
    const lines = fs.readFileSync(path.join(dir, 'activity.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    return new Set(
      lines.map((line) =>
        line
          .split(',')
          .slice(1, 4)
          .filter((_, i) => i !== 1)
          .join('|'),
      ),
    );
  };

  beforeAll(async () => {
    store = await createTestDatabase(kind);
    await generateBenchData(store.db, scaleBenchShape(ROWS, END));
    await rebuildAggregates(store.db);
  });
  afterAll(async () => {
    await store?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('repeats the last day one day later, then draws a day with users new to their app, and every figure stays exact', async () => {
    const next = tempDir();
    const repeated = await writeNextDayCsv(store.db, next);
    expect(repeated.day).toBe(addDays(END, 1));
    await importDirectory(store.db, next);

    const fresh = tempDir();
    const drawn = await writeFreshDayCsv(store.db, fresh, scaleBenchShape(ROWS, END));
    expect(drawn.day).toBe(addDays(END, 2));
    // About a day's share of the rows, from other users than the day before.
    expect(drawn.rows).toBeGreaterThan((ROWS / 90) * 0.7);
    expect(drawn.rows).toBeLessThan((ROWS / 90) * 1.3);
    const repeatedUsers = usersOf(next);
    const drawnUsers = [...usersOf(fresh)];
    expect(drawnUsers.filter((user) => repeatedUsers.has(user)).length).toBeLessThan(drawnUsers.length / 2);
    await importDirectory(store.db, fresh);
    expect((await readLastDays(store.db)).latest).toBe(drawn.day);

    const [firsts] = await store.db('agg_first_days').where({ day: drawn.day, scope_ref: 0 }).sum<{ users: number }[]>({ users: 'users' });
    expect(Number(firsts!.users)).toBeGreaterThan(0);
    expect(await store.db('agg_state').whereNot('status', 'fresh').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }]);

    const apps = await readWorkspaceApps(store.db, BENCH_WORKSPACE);
    for (const app of apps.slice(0, 3)) {
      for (const end of [drawn.day, repeated.day, END]) {
        const period = resolvePeriod(7, end);
        expect(await readAppDetails(store.db, app, null, period)).toEqual(await readAppDetailsDirect(store.db, app, null, period));
        expect(await readBreakdown(store.db, app, null, period)).toEqual(await readBreakdownDirect(store.db, app, null, period));
      }
    }
  });
});
