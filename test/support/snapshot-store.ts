import crypto from 'node:crypto';
import type { Knex } from 'knex';

const TABLES: [string, string[]][] = [
  ['workspaces', ['workspace_id']],
  ['members', ['workspace_id', 'email']],
  ['merchants', ['workspace_id', 'merchant_id']],
  ['apps', ['workspace_id', 'app_id']],
  ['mini_programs', ['workspace_id', 'mini_program_id']],
  ['app_users', ['app_ref', 'user_id']],
  ['activity', ['app_ref', 'day', 'user_ref', 'mini_program_ref']],
];

/** A fingerprint of every row of the store's tables: equal snapshots mean nothing changed. */
export async function snapshotStore(db: Knex): Promise<Record<string, { rows: number; hash: string }>> {
  const snapshot: Record<string, { rows: number; hash: string }> = {};
  for (const [table, key] of TABLES) {
    const rows = await db(table).select().orderBy(key);
    snapshot[table] = { rows: rows.length, hash: crypto.createHash('sha1').update(JSON.stringify(rows)).digest('hex') };
  }
  return snapshot;
}
