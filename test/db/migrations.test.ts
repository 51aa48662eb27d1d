import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.ts';
import { rebuildAggregates } from '../../src/aggregates/rebuild-aggregates.ts';
import { migrateDatabase } from '../../src/db/database.ts';
import { MAIN_WORKSPACE } from '../../src/generate/generate-dataset.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readAppDetails } from '../../src/stats/read-app-details.ts';
import { readBreakdown } from '../../src/stats/read-breakdown.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';

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
    expect(full).toEqual(
      expect.arrayContaining([
        'workspaces',
        'members',
        'merchants',
        'apps',
        'mini_programs',
        'app_users',
        'activity',
        'audit_log',
        'slack_user_links',
        'digests',
        'digest_runs',
        'digest_run_attempts',
      ]),
    );
    await store.db.migrate.rollback(undefined, true);
    expect((await tableNames(store)).filter((t) => !t.startsWith('knex_migrations'))).toEqual(empty.filter((t) => !t.startsWith('knex_migrations')));
    expect(await migrateDatabase(store.db)).toHaveLength(MIGRATIONS.length);
    expect(await tableNames(store)).toEqual(full);
    expect(await migrateDatabase(store.db)).toEqual([]);
  });

  it('moving the per-user state (migrations 4 and 6, down and up) and the activity index (5) leave answers exact', async () => {
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
    const states = async () => store.db('user_states').orderBy(['app_ref', 'user_ref']).select('app_ref', 'user_ref', 'state');
    const expected = await answers();
    const expectedStates = await states();
    expect(expectedStates.length).toBeGreaterThan(100);
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));

    // Migration 6 keys the states by user id: down and up copy every state, so answers stay fresh.
    // (Migrations are undone by name: later ones, unrelated to these tables, stay applied.)
    await store.db.migrate.down({ name: '20261201000006_key_user_states_by_user_id.ts' });
    expect(await states()).toEqual(expectedStates);
    await migrateDatabase(store.db);
    expect(await states()).toEqual(expectedStates);
    const mismatched = await store
      .db('user_states')
      .join('app_users', 'app_users.id', 'user_states.user_ref')
      .whereRaw('app_users.user_id <> user_states.user_id OR app_users.app_ref <> user_states.app_ref')
      .count<{ n: number }[]>({ n: '*' });
    expect(Number(mismatched[0]!.n)).toBe(0);
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    expect(await answers()).toEqual(expected);

    // Migration 5 only drops an index: answers stay fresh and exact, and a rebuild works either way.
    expect(await activityIndexes(store)).not.toContain('activity_app_user_day_index');
    await store.db.migrate.down({ name: '20261129000005_drop_activity_user_index.ts' });
    expect(await activityIndexes(store)).toContain('activity_app_user_day_index');
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    await rebuildAggregates(store.db);
    expect(await answers()).toEqual(expected);
    expect(await states()).toEqual(expectedStates);
    await migrateDatabase(store.db);
    expect(await activityIndexes(store)).not.toContain('activity_app_user_day_index');

    // Migration 4 moved the state from three tables into one row per user without converting it:
    // down or up, apps are stale (answers come from the store) until a rebuild.
    for (const name of ['20261201000006_key_user_states_by_user_id.ts', '20261129000005_drop_activity_user_index.ts', '20261129000004_create_user_states.ts']) {
      await store.db.migrate.down({ name });
    }
    expect(await activityIndexes(store)).toContain('activity_app_user_day_index');
    expect(new Set(await statuses())).toEqual(new Set(['stale']));
    expect(await answers()).toEqual(expected);
    await migrateDatabase(store.db);
    expect(new Set(await statuses())).toEqual(new Set(['stale']));
    expect(await answers()).toEqual(expected);
    await rebuildAggregates(store.db);
    expect(new Set(await statuses())).toEqual(new Set(['fresh']));
    expect(await states()).toEqual(expectedStates);
    expect(await answers()).toEqual(expected);
  });
});
