import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAggregates } from '../../src/aggregates/rebuild-aggregates.ts';
import type { AppRecord } from '../../src/domain/records.ts';
import type { PeriodDays } from '../../src/domain/types.ts';
import { type Dataset, MAIN_WORKSPACE, OTHER_WORKSPACE } from '../../src/generate/generate-dataset.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readAppDetails, readAppDetailsDirect } from '../../src/stats/read-app-details.ts';
import { readApps, readAppsDirect } from '../../src/stats/read-apps.ts';
import { readBreakdown, readBreakdownDirect } from '../../src/stats/read-breakdown.ts';
import { readMerchants } from '../../src/stats/read-merchants.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { addDays } from '../../src/util/days.ts';
import { type Expected, expectedApp, expectedApps, expectedBreakdown, expectedMerchants, loadExpected } from '../support/compute-expected.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';

const END = TEST_DATASET_OPTIONS.endDay;
const FIRST = addDays(END, -(TEST_DATASET_OPTIONS.days - 1));
/** Last day, mid-way, just after the first activity, before any activity, and after the data. */
const END_DATES = [END, addDays(END, -11), addDays(FIRST, 2), addDays(FIRST, -3), addDays(END, 4)];
const PERIODS: PeriodDays[] = [1, 7, 30];

/** `direct`: the queries over the activity; `imported`: aggregates kept by the import; `rebuilt`: aggregates from a rebuild. */
const SOURCES = ['direct', 'imported', 'rebuilt'] as const;

describe.each(DATABASE_KINDS.flatMap((kind) => SOURCES.map((source) => [kind, source] as const)))(
  'every figure matches a brute-force computation on %s, %s',
  (kind, source) => {
    const read =
      source === 'direct'
        ? { appDetails: readAppDetailsDirect, apps: readAppsDirect, breakdown: readBreakdownDirect }
        : { appDetails: readAppDetails, apps: readApps, breakdown: readBreakdown };
    let store: TestDatabase;
    let dataset: Dataset;
    let expected: Expected;
    let dir: string;
    let apps: AppRecord[];

    beforeAll(async () => {
      ({ dataset, dir } = await writeTestDataset());
      expected = loadExpected(dataset);
      store = await createTestDatabase(kind);
      await importDirectory(store.db, dir);
      if (source === 'rebuilt') await rebuildAggregates(store.db);
      apps = await readWorkspaceApps(store.db, MAIN_WORKSPACE);
      const fresh = await store.db('agg_state').where('status', 'fresh').count<{ n: number }[]>({ n: '*' });
      expect(Number(fresh[0]!.n)).toBe(dataset.apps.length);
    });
    afterAll(async () => {
      await store?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const categoriesOf = (appId: string) => [
      null,
      ...new Set(dataset.miniPrograms.filter((m) => m.workspace_id === MAIN_WORKSPACE && m.app_id === appId).map((m) => m.category!)),
    ];

    it('has enough data to mean something', () => {
      expect(expected.activity.length).toBeGreaterThan(2000);
      expect(categoriesOf('wallet').length).toBeGreaterThan(8);
    });

    it.each(PERIODS)('merchants, %i days, at every end date, in both workspaces', async (days) => {
      for (const end of END_DATES) {
        for (const workspace of [MAIN_WORKSPACE, OTHER_WORKSPACE]) {
          expect(await readMerchants(store.db, workspace, resolvePeriod(days, end))).toEqual(expectedMerchants(expected, workspace, days, end));
        }
      }
    });

    it.each(PERIODS)('apps, %i days, sorted by users and by mini programs', async (days) => {
      for (const end of END_DATES) {
        for (const sort of ['users', 'miniPrograms'] as const) {
          expect(await read.apps(store.db, MAIN_WORKSPACE, resolvePeriod(days, end), sort)).toEqual(expectedApps(expected, MAIN_WORKSPACE, days, end, sort));
        }
      }
    });

    it.each(PERIODS)('app details, %i days, every app and category', async (days) => {
      for (const app of apps) {
        for (const category of categoriesOf(app.appId)) {
          for (const end of END_DATES) {
            const actual = await read.appDetails(store.db, app, category, resolvePeriod(days, end));
            expect(actual, `${app.appId} ${category} ${end}`).toEqual(expectedApp(expected, MAIN_WORKSPACE, app.appId, category, days, end));
          }
        }
      }
    });

    it.each(PERIODS)('breakdown, %i days, every app and category', async (days) => {
      for (const app of apps) {
        for (const category of categoriesOf(app.appId)) {
          for (const end of END_DATES) {
            const actual = await read.breakdown(store.db, app, category, resolvePeriod(days, end));
            expect(actual, `${app.appId} ${category} ${end}`).toEqual(expectedBreakdown(expected, MAIN_WORKSPACE, app.appId, category, days, end));
          }
        }
      }
    });
  },
);
