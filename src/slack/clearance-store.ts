/**
 * What the database keeps of who sees an answer: the channels an admin cleared for analytics
 * (`channel allow`, each workspace its own), and the last check of each conversation's members,
 * shared by every replica and dropped as soon as someone joins the conversation.
 */
import type { Knex } from 'knex';

export interface ClearedChannel {
  channelId: string;
  /** The Slack user id of the admin, or 'console'. */
  clearedBy: string;
  clearedByEmail: string | null;
  clearedAtMs: number;
}

export async function readClearedChannel(db: Knex, workspaceId: string, channelId: string): Promise<ClearedChannel | null> {
  const row = await db('cleared_channels').where({ workspace_id: workspaceId, channel_id: channelId }).first();
  return row ? toClearedChannel(row) : null;
}

/** A workspace's cleared channels, the latest first. */
export async function readClearedChannels(db: Knex, workspaceId: string): Promise<ClearedChannel[]> {
  const rows = await db('cleared_channels').where('workspace_id', workspaceId).orderBy('cleared_at_ms', 'desc').orderBy('channel_id').select();
  return rows.map(toClearedChannel);
}

/** Clears a channel; when it already was, nothing changes and its earlier clearance (who and when) comes back. */
export async function writeClearedChannel(db: Knex, workspaceId: string, channel: ClearedChannel): Promise<ClearedChannel | null> {
  const earlier = await readClearedChannel(db, workspaceId, channel.channelId);
  if (earlier) return earlier;
  // Two admins at once: the first one's row stays.
  await db('cleared_channels')
    .insert({
      workspace_id: workspaceId,
      channel_id: channel.channelId,
      cleared_by: channel.clearedBy,
      cleared_by_email: channel.clearedByEmail,
      cleared_at_ms: channel.clearedAtMs,
    })
    .onConflict(['workspace_id', 'channel_id'])
    .ignore();
  return null;
}

/** Revokes a channel's clearance; the cleared channel it was, or null when it was not cleared. */
export async function deleteClearedChannel(db: Knex, workspaceId: string, channelId: string): Promise<ClearedChannel | null> {
  return db.transaction(async (trx) => {
    const cleared = await readClearedChannel(trx, workspaceId, channelId);
    if (cleared) await trx('cleared_channels').where({ workspace_id: workspaceId, channel_id: channelId }).delete();
    return cleared;
  });
}

/** A conversation's last check: how many human members, and how many of them cannot see the workspace's analytics. */
export interface StoredCheck {
  humans: number;
  withoutRole: number;
  checkedAtMs: number;
}

/** The stored result of a conversation's check, if any (however old). */
export async function readStoredCheck(db: Knex, workspaceId: string, channelId: string): Promise<StoredCheck | null> {
  const row = await db('conversation_checks').where({ workspace_id: workspaceId, channel_id: channelId }).first();
  if (!row || row.checked_at_ms === null || row.humans === null || row.without_role === null) return null;
  return { humans: Number(row.humans), withoutRole: Number(row.without_role), checkedAtMs: Number(row.checked_at_ms) };
}

/** Before a check reads the members: the conversation's generation, which a join will move on. */
export async function beginStoredCheck(db: Knex, workspaceId: string, channelId: string): Promise<number> {
  await db('conversation_checks').insert({ workspace_id: workspaceId, channel_id: channelId }).onConflict(['workspace_id', 'channel_id']).ignore();
  const row = await db('conversation_checks').where({ workspace_id: workspaceId, channel_id: channelId }).first('generation');
  return Number(row?.generation ?? 0);
}

/** Stores a check's result, unless someone joined since it began (then false, and nothing is stored). */
export async function finishStoredCheck(db: Knex, workspaceId: string, channelId: string, generation: number, check: StoredCheck): Promise<boolean> {
  const updated = await db('conversation_checks')
    .where({ workspace_id: workspaceId, channel_id: channelId, generation })
    .update({ checked_at_ms: check.checkedAtMs, humans: check.humans, without_role: check.withoutRole });
  return Number(updated) === 1;
}

/** Someone joined: every stored result for the conversation goes, and checks under way will not store theirs. */
export async function dropStoredChecks(db: Knex, channelId: string): Promise<void> {
  await db('conversation_checks')
    .where('channel_id', channelId)
    .update({ generation: db.raw('generation + 1'), checked_at_ms: null, humans: null, without_role: null });
}

function toClearedChannel(row: { channel_id: string; cleared_by: string; cleared_by_email: string | null; cleared_at_ms: number }): ClearedChannel {
  return { channelId: row.channel_id, clearedBy: row.cleared_by, clearedByEmail: row.cleared_by_email, clearedAtMs: Number(row.cleared_at_ms) };
}
