import type { Knex } from 'knex';
import type { WorkspaceRow } from '../db/tables.ts';
import type { WorkspaceRecord } from '../domain/records.ts';

const toRecord = (row: WorkspaceRow): WorkspaceRecord => ({
  workspaceId: row.workspace_id,
  name: row.name,
  slackTeamId: row.slack_team_id,
  timezone: row.timezone,
});

export async function readWorkspace(db: Knex, workspaceId: string): Promise<WorkspaceRecord | null> {
  const row = await db('workspaces').where('workspace_id', workspaceId).first();
  return row ? toRecord(row) : null;
}

export async function readWorkspaces(db: Knex): Promise<WorkspaceRecord[]> {
  const rows = await db('workspaces').orderBy('workspace_id').select();
  return rows.map(toRecord);
}

export async function readWorkspaceBySlackTeam(db: Knex, slackTeamId: string): Promise<WorkspaceRecord | null> {
  const row = await db('workspaces').where('slack_team_id', slackTeamId).first();
  return row ? toRecord(row) : null;
}
