import type { Knex } from 'knex';
import type { Day } from '../domain/types.ts';

/**
 * The last day with any activity in a workspace's apps, or null before the first: how fresh its
 * data is. One descent of the activity table's primary key (app_ref, day, …) per app, so it costs
 * the same at any size; the activity table rather than the aggregates, because those may be
 * waiting for a rebuild while the import has already brought newer days.
 */
export async function readLastActivityDay(db: Knex, workspaceId: string): Promise<Day | null> {
  const apps = await db('apps').where('workspace_id', workspaceId).select('id');
  let last: Day | null = null;
  for (const { id } of apps) {
    const row = await db('activity').where('app_ref', id).max({ day: 'day' }).first<{ day: Day | null } | undefined>();
    if (row?.day && (last === null || row.day > last)) last = row.day;
  }
  return last;
}
