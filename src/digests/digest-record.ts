import type { Knex } from 'knex';
import type { DigestRow, WorkspaceRow } from '../db/tables.ts';
import type { DigestSchedule } from './compute-slot.ts';

export interface DigestRecord extends DigestSchedule {
  id: number;
  workspaceId: string;
  timezone: string;
  channelId: string;
  /** Command text without a date, e.g. "app wallet 7d". */
  content: string;
  createdBy: string;
  createdAtMs: number;
}

/** An active digest's row, with its workspace's time zone. */
type DigestWithZone = Omit<DigestRow, 'removed_at_ms'> & Pick<WorkspaceRow, 'timezone'>;

/** Active digests (not removed), with their workspace's zone; of one workspace, or all. */
export async function readDigests(db: Knex, workspaceId?: string): Promise<DigestRecord[]> {
  const query = db('digests')
    .join('workspaces', 'workspaces.workspace_id', 'digests.workspace_id')
    .whereNull('digests.removed_at_ms')
    .orderBy('digests.id')
    .select<DigestWithZone[]>(
      'digests.id',
      'digests.workspace_id',
      'workspaces.timezone',
      'digests.channel_id',
      'digests.cadence',
      'digests.weekday',
      'digests.time_of_day',
      'digests.content',
      'digests.created_by',
      'digests.created_at_ms',
    );
  if (workspaceId !== undefined) query.where('digests.workspace_id', workspaceId);
  const rows = await query;
  return rows.map((row) => ({
    id: Number(row.id),
    workspaceId: row.workspace_id,
    timezone: row.timezone,
    channelId: row.channel_id,
    cadence: row.cadence,
    weekday: row.weekday === null ? null : Number(row.weekday),
    timeOfDay: row.time_of_day,
    content: row.content,
    createdBy: row.created_by,
    createdAtMs: Number(row.created_at_ms),
  }));
}
