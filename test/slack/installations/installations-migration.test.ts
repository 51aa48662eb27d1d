import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, migrateDatabase } from '../../../src/db/database.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database.ts';

const MIGRATION = '20261204000007_create_slack_installations.ts';
const TABLES = ['slack_installations', 'slack_oauth_states', 'slack_team_enterprises'];

/** Which of the schema's tables exist: this migration's three and some of the others. */
async function tablesPresent(store: TestDatabase): Promise<Record<string, boolean>> {
  const present: Record<string, boolean> = {};
  for (const table of [...TABLES, 'workspaces', 'activity', 'digests', 'user_states']) present[table] = await store.db.schema.hasTable(table);
  return present;
}

const row = (key: { enterprise_id: string; team_id: string }) => ({
  ...key,
  is_enterprise_install: key.team_id === '',
  status: 'active',
  installed_at_ms: 1,
  updated_at_ms: 1,
});

describe.each(DATABASE_KINDS)('the installations migration on %s', (kind) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(kind);
  });
  afterAll(async () => store?.drop());

  it('keys installations by (enterprise, team) with "" for none, so a second one of either kind is refused', async () => {
    await store.db('slack_installations').insert(row({ enterprise_id: '', team_id: 'T0ONE' }));
    await store.db('slack_installations').insert(row({ enterprise_id: 'E0ORG', team_id: '' }));
    await store.db('slack_installations').insert(row({ enterprise_id: 'E0ORG', team_id: 'T0TWO' }));
    for (const key of [
      { enterprise_id: '', team_id: 'T0ONE' },
      { enterprise_id: 'E0ORG', team_id: '' },
    ]) {
      const error = await store
        .db('slack_installations')
        .insert(row(key))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isUniqueViolation(error)).toBe(true);
    }
    const [stored] = await store.db('slack_installations').where({ team_id: 'T0ONE' });
    expect(stored).toMatchObject({ token_version: 0, bot_scopes: '', bot_token_sealed: null, refresh_lease_until_ms: null });
    await store.db('slack_oauth_states').insert({ state_hash: 'a'.repeat(64), expires_at_ms: 2, used_at_ms: 1 });
    const reused = await store
      .db('slack_oauth_states')
      .insert({ state_hash: 'a'.repeat(64), expires_at_ms: 2, used_at_ms: 1 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(reused)).toBe(true);
  });

  it('down drops its three tables and nothing else, and up creates them again', async () => {
    const full = await tablesPresent(store);
    expect(Object.values(full).every(Boolean)).toBe(true);
    await store.db.migrate.down({ name: MIGRATION });
    expect(await tablesPresent(store)).toEqual({ ...full, ...Object.fromEntries(TABLES.map((t) => [t, false])) });
    expect(await migrateDatabase(store.db)).toEqual([MIGRATION]);
    expect(await tablesPresent(store)).toEqual(full);
  });
});
