import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';

/** The apps of one workspace (never another's). */
export async function readWorkspaceApps(db: Knex, workspaceId: string): Promise<AppRecord[]> {
  const rows = await db('apps').where('workspace_id', workspaceId).select('id', 'workspace_id', 'app_id', 'name');
  return rows.map((row) => ({ ref: Number(row.id), workspaceId: row.workspace_id, appId: row.app_id, name: row.name }));
}
