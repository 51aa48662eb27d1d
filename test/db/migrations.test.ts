import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.ts';
import fs from 'node:fs';
import { rebuildAggregates } from '../../src/aggregates/rebuild-aggregates.ts';
import { migrateDatabase } from '../../src/db/migrate-database.ts';
import { MAIN_WORKSPACE } from '../../src/generate/generate-dataset.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readAppDetails } from '../../src/stats/read-app-details.ts';
import { readBreakdown } from '../../src/stats/read-breakdown.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

async function tableNames(store: TestDatabase): Promise<string[]> {
  if (store.kind === 'sqlite') {
    const rows = await store.db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    return (rows as { name: string }[]).map((r) => r.name).sort();
  }
  const [rows] = await store.db.raw('SHOW TABLES');
  return (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!).sort();
}

async function activityIndexes(store: TestDatabase): Promise<string[]> {
  if (store.kind === 'sqlite') {
    const rows = await store.db.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity'");
    return (rows as { name: string }[]).map((r) => r.name);
  }
  const [rows] = await store.db.raw('SHOW INDEX FROM activity');
  return (rows as { Key_name: string }[]).map((r) => r.Key_name);
}

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(kind, { migrate: false });
  });
  afterAll(async () => store?.drop());

  it('create the whole schema, and down removes exactly what up created', async () => {
    const empty = await tableNames(store);
    expect(await migrateDatabase(store.db)).toEqual(MIGRATIONS.map(([name]) => name));
    const full = await tableNames(store);
    expect(full).toEqual(expect.arrayContaining(['workspaces', 'members', 'merchants', 'apps', 'mini_programs', 'app_users', 'activity', 'audit_log', 'slack_user_links', 'digests', 'digest_runs', 'digest_run_attempts']));
    await store.db.migrate.rollback(undefined, true);
    expect((await tableNames(store)).filter((t) => !t.startsWith('knex_migrations'))).toEqual(empty.filter((t) => !t.startsWith('knex_migrations')));
    expect(await migrateDatabase(store.db)).toHaveLength(MIGRATIONS.length);
    expect(await tableNames(store)).toEqual(full);
    expect(await migrateDatabase(store.db)).toEqual([]);
  });

  it('moving the per-user state (migration 4, up or down) leaves answers exact: stale until a rebuild; migration 5 leaves them fresh', async () => {
    const { dir } = await writeTestDataset();
    try {
      await importDirectory(store.db, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const app = (await readWorkspaceApps(store.db, MAIN_WORKSPACE))[0]!;
    const period = resolvePeriod(30, TEST_DATASET_OPTIONS.endDay);
    const answers = async () => [await readAppDetails(store.db, app, null, period), await readBreakdown(store.db, app, null, period)];
    const statuses = async () => (await store.db('agg_state').orderBy('app_ref').pluck('status')) as string[];
    const expected = await answers();
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    // Migration 5 only drops an index: answers stay fresh and exact, and a rebuild works either way.
    expect(await activityIndexes(store)).not.toContain('activity_app_user_day_index');
    await store.db.migrate.down();
    expect(await activityIndexes(store)).toContain('activity_app_user_day_index');
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    await rebuildAggregates(store.db);
    expect(await answers()).toEqual(expected);
    await store.db.migrate.down();
    expect(new Set(await statuses())).toEqual(new Set(['stale']));
    expect(await answers()).toEqual(expected);
    await migrateDatabase(store.db);
    expect(await activityIndexes(store)).not.toContain('activity_app_user_day_index');
    expect(new Set(await statuses())).toEqual(new Set(['stale']));
    expect(await answers()).toEqual(expected);
    await rebuildAggregates(store.db);
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    expect(Number((await store.db('user_states').count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
    expect(await answers()).toEqual(expected);
  });
});
