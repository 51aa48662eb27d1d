import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.ts';
import { migrateDatabase } from '../../src/db/migrate-database.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

async function tableNames(store: TestDatabase): Promise<string[]> {
  if (store.kind === 'sqlite') {
    const rows = await store.db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    return (rows as { name: string }[]).map((r) => r.name).sort();
  }
  const [rows] = await store.db.raw('SHOW TABLES');
  return (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!).sort();
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
});
