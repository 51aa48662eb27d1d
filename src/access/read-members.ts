import type { Knex } from 'knex';
import type { MemberRow } from '../db/tables.ts';
import type { MemberRecord } from '../domain/records.ts';

const toRecord = (row: MemberRow): MemberRecord => ({
  workspaceId: row.workspace_id,
  email: row.email,
  slackUserId: row.slack_user_id,
  role: row.role,
});

/** Members matching an e-mail (case-insensitive) or a Slack user id, optionally in one workspace. */
export async function readMembers(db: Knex, by: { email?: string; slackUserId?: string; workspaceId?: string }): Promise<MemberRecord[]> {
  const query = db('members').select();
  if (by.email !== undefined) query.where('email', by.email.trim().toLowerCase());
  if (by.slackUserId !== undefined) query.where('slack_user_id', by.slackUserId);
  if (by.workspaceId !== undefined) query.where('workspace_id', by.workspaceId);
  const rows = await query.orderBy('workspace_id');
  return rows.map(toRecord);
}
