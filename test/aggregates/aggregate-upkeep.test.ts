import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAggregates } from '../../src/aggregates/rebuild-aggregates.ts';
import type { PeriodDays } from '../../src/domain/types.ts';
import { type CsvRecord, type Dataset, generateDataset, MAIN_WORKSPACE } from '../../src/generate/generate-dataset.ts';
import { writeDatasetCsv } from '../../src/generate/write-dataset-csv.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readAppDetails } from '../../src/stats/read-app-details.ts';
import { readApps } from '../../src/stats/read-apps.ts';
import { readBreakdown } from '../../src/stats/read-breakdown.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { addDays } from '../../src/util/days.ts';
import { type Expected, expectedApp, expectedApps, expectedBreakdown } from '../support/compute-expected.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS } from '../support/test-dataset.ts';

const END = TEST_DATASET_OPTIONS.endDay;
const NEXT = addDays(END, 1);
const keyOf = (r: CsvRecord) => `${r.workspace_id}|${r.app_id}|${r.mini_program_id}|${r.user_id}|${r.day}`;

/** The data set as two imports: most rows first; then the rest (late data for old days), a new day (twice), changed page views and sources. */
function splitDataset(dataset: Dataset) {
  const all = [...dataset.activity()];
  const first = all.filter((_, i) => i % 4 !== 0);
  const late = all.filter((_, i) => i % 4 === 0);
  const updated = first.filter((_, i) => i % 37 === 0).map((r) => ({ ...r, page_views: String(Number(r.page_views) + 3) }));
  const nextDay = all
    .filter((r) => r.day === END)
    .slice(0, 60)
    .map((r) => ({ ...r, day: NEXT }));
  // The new day's rows come twice, batches apart, the later with other page views: the later wins.
  const nextDayFirst = nextDay.map((r): CsvRecord => ({ ...r, page_views: String(Number((r as CsvRecord).page_views) + 1) }));
  const second = [...nextDayFirst, ...late, ...updated, ...nextDay];
  const users = dataset.users.map((u, i) => (i % 11 === 0 ? { ...u, source: i % 22 === 0 ? '' : 'partner' } : u));
  const merged = new Map<string, CsvRecord>();
  for (const row of [...first, ...second]) merged.set(keyOf(row), row);
  const part = (activity: CsvRecord[], userRows: CsvRecord[]): Dataset => ({
    ...dataset,
    users: userRows,
    activity: function* () {
      yield* activity;
    },
  });
  return {
    first: part(first, dataset.users),
    second: { ...part(second, users), workspaces: [], members: [], merchants: [], apps: [], miniPrograms: [] },
    final: { dataset: { ...dataset, users }, activity: [...merged.values()] } satisfies Expected,
    afterFirst: { dataset, activity: first } satisfies Expected,
  };
}

describe.each(DATABASE_KINDS)('aggregates kept up to date by imports on %s', (kind) => {
  let store: TestDatabase;
  const dirs: string[] = [];
  let parts: ReturnType<typeof splitDataset>;

  const write = async (dataset: Dataset) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-inc-'));
    dirs.push(dir);
    await writeDatasetCsv(dataset, dir);
    for (const file of fs.readdirSync(dir)) if (fs.readFileSync(path.join(dir, file), 'utf8').trim() === '') fs.rmSync(path.join(dir, file));
    return dir;
  };
  const freshApps = async () => Number((await store.db('agg_state').where('status', 'fresh').count<{ n: number }[]>({ n: '*' }))[0]!.n);

  async function expectFigures(expected: Expected, ends: string[], periods: PeriodDays[]) {
    const apps = await readWorkspaceApps(store.db, MAIN_WORKSPACE);
    for (const days of periods) {
      for (const end of ends) {
        const period = resolvePeriod(days, end);
        expect(await readApps(store.db, MAIN_WORKSPACE, period, 'users')).toEqual(expectedApps(expected, MAIN_WORKSPACE, days, end, 'users'));
        for (const app of apps) {
          const categories = [
            null,
            ...new Set(expected.dataset.miniPrograms.filter((m) => m.app_id === app.appId && m.workspace_id === MAIN_WORKSPACE).map((m) => m.category!)),
          ].slice(0, 5);
          for (const category of categories) {
            expect(await readAppDetails(store.db, app, category, period), `${app.appId} ${category} ${end} ${days}`).toEqual(
              expectedApp(expected, MAIN_WORKSPACE, app.appId, category, days, end),
            );
            expect(await readBreakdown(store.db, app, category, period), `${app.appId} ${category} ${end} ${days}`).toEqual(
              expectedBreakdown(expected, MAIN_WORKSPACE, app.appId, category, days, end),
            );
          }
        }
      }
    }
  }

  beforeAll(async () => {
    parts = splitDataset(generateDataset(TEST_DATASET_OPTIONS));
    store = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await store?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts fresh aggregates for apps imported into an empty store, and they are exact', async () => {
    await importDirectory(store.db, await write(parts.first));
    expect(await freshApps()).toBe(parts.first.apps.length);
    await expectFigures(parts.afterFirst, [END, addDays(END, -20)], [7, 30]);
  });

  it('stays exact after late data for old days, a new day, changed page views and changed sources', async () => {
    // Small batches, so that rows of one user and day and repeated rows fall into different batches.
    await importDirectory(store.db, await write(parts.second), { batchSize: 97 });
    expect(await freshApps()).toBe(parts.first.apps.length);
    await expectFigures(parts.final, [NEXT, END, addDays(END, -9), addDays(END, -30)], [1, 7, 30]);
  });

  it('leaves aggregates as they were when an import is refused', async () => {
    const before = await store.db('agg_daily').orderBy(['app_ref', 'scope_ref', 'day']).select();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-inc-'));
    dirs.push(dir);
    const good = parts.final.activity.slice(0, 1500).map((r) => `${r.workspace_id},${r.app_id},${r.mini_program_id},new-${r.user_id},${NEXT},5`);
    fs.writeFileSync(
      path.join(dir, 'activity.csv'),
      ['workspace_id,app_id,mini_program_id,user_id,day,page_views', ...good, 'acme,wallet,nope,u1,2026-10-01,1'].join('\n'),
    );
    await expect(importDirectory(store.db, dir)).rejects.toThrow(/mini program "nope"/);
    expect(await store.db('agg_daily').orderBy(['app_ref', 'scope_ref', 'day']).select()).toEqual(before);
  });

  it('falls back to exact direct answers when a category change makes an app stale, until a rebuild', async () => {
    const program = parts.final.dataset.miniPrograms.find(
      (m) => m.app_id === 'wallet' && m.workspace_id === MAIN_WORKSPACE && parts.final.activity.some((r) => r.mini_program_id === m.mini_program_id),
    )!;
    const moved: CsvRecord = { ...program, category: 'Travel' };
    const miniPrograms = parts.final.dataset.miniPrograms.map((m) => (m === program ? moved : m));
    const changed: Expected = { ...parts.final, dataset: { ...parts.final.dataset, miniPrograms } };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-inc-'));
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'mini_programs.csv'),
      `workspace_id,mini_program_id,app_id,name,category,source,status,created_on\n${[moved.workspace_id, moved.mini_program_id, moved.app_id, moved.name, moved.category, moved.source, moved.status, moved.created_on].join(',')}\n`,
    );
    await importDirectory(store.db, dir);
    expect(await store.db('agg_state').where('status', 'stale').pluck('reason')).toEqual([expect.stringMatching(/category of mini program .* changed/)]);
    await expectFigures(changed, [END], [30]);
    await rebuildAggregates(store.db);
    expect(await freshApps()).toBe(parts.first.apps.length);
    await expectFigures(changed, [END, NEXT], [7, 30]);
  });
});

describe('a first load without upkeep', () => {
  it('marks the loaded apps stale, answers them directly and exactly, and a rebuild makes them fresh', async () => {
    const store = await createTestDatabase('sqlite');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-defer-'));
    try {
      const dataset = generateDataset(TEST_DATASET_OPTIONS);
      await writeDatasetCsv(dataset, dir);
      await importDirectory(store.db, dir, { deferAggregates: true });
      expect(await store.db('agg_state').where('status', 'fresh').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }]);
      const expected: Expected = { dataset, activity: [...dataset.activity()] };
      const [wallet] = (await readWorkspaceApps(store.db, MAIN_WORKSPACE)).filter((a) => a.appId === 'wallet');
      const period = resolvePeriod(30, END);
      expect(await readAppDetails(store.db, wallet!, null, period)).toEqual(expectedApp(expected, MAIN_WORKSPACE, 'wallet', null, 30, END));
      await rebuildAggregates(store.db);
      expect(Number((await store.db('agg_state').where('status', 'fresh').count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(dataset.apps.length);
      expect(await readBreakdown(store.db, wallet!, null, period)).toEqual(expectedBreakdown(expected, MAIN_WORKSPACE, 'wallet', null, 30, END));
    } finally {
      await store.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
