import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { writeCsv } from '../generate/write-csv.ts';
import { importActivity } from '../import/activity-file.ts';
import { addDays } from '../util/days.ts';
import { readLastDays } from './read-last-days.ts';

/**
 * Writes activity.csv for the day after the store's latest day: every app's last day again,
 * one day later (the same people coming back), as the platform's daily export would.
 */
export async function writeNextDayCsv(db: Knex, dir: string): Promise<{ day: string; rows: number }> {
  const { apps, latest } = await readLastDays(db);
  if (latest === null) throw new Error('the bench store has no activity to follow');
  const day = addDays(latest, 1);
  const rows = await db('activity')
    .join('apps', 'apps.id', 'activity.app_ref')
    .join('mini_programs', 'mini_programs.id', 'activity.mini_program_ref')
    .join('app_users', 'app_users.id', 'activity.user_ref')
    .whereIn(
      'activity.app_ref',
      apps.map((app) => app.appRef),
    )
    .where('activity.day', latest)
    .select<{ workspace_id: string; app_id: string; mini_program_id: string; user_id: string; page_views: number }[]>(
      'apps.workspace_id',
      'apps.app_id',
      'mini_programs.mini_program_id',
      'app_users.user_id',
      'activity.page_views',
    );
  fs.mkdirSync(dir, { recursive: true });
  const records = rows.map((row) => ({ ...row, day, page_views: String(row.page_views) }));
  return { day, rows: await writeCsv(path.join(dir, 'activity.csv'), records, importActivity.columns) };
}
