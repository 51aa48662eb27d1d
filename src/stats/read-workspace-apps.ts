import type { Knex } from 'knex';

export interface AppRecord {
  /** apps.id: the surrogate key every activity row carries. */
  ref: number;
  workspaceId: string;
  appId: string;
  name: string;
}

/** The apps of one workspace (never another's). */
export async function readWorkspaceApps(db: Knex, workspaceId: string): Promise<AppRecord[]> {
  const rows = await db('apps')
    .where('workspace_id', workspaceId)
    .select<{ id: number; workspace_id: string; app_id: string; name: string }[]>('id', 'workspace_id', 'app_id', 'name');
  return rows.map((row) => ({ ref: Number(row.id), workspaceId: row.workspace_id, appId: row.app_id, name: row.name }));
}
