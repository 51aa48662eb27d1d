import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Knex } from 'knex';
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
  fs.mkdirSync(dir, { recursive: true });
  const output = fs.createWriteStream(path.join(dir, 'activity.csv'));
  const csv = stringify({ header: true, columns: ['workspace_id', 'app_id', 'mini_program_id', 'user_id', 'day', 'page_views'] });
  csv.pipe(output);
  const rows = await db('activity')
    .join('apps', 'apps.id', 'activity.app_ref')
    .join('mini_programs', 'mini_programs.id', 'activity.mini_program_ref')
    .join('app_users', 'app_users.id', 'activity.user_ref')
    .whereIn('activity.app_ref', apps.map((app) => app.appRef))
    .where('activity.day', latest)
    .select<{ workspace_id: string; app_id: string; mini_program_id: string; user_id: string; page_views: number }[]>(
      'apps.workspace_id',
      'apps.app_id',
      'mini_programs.mini_program_id',
      'app_users.user_id',
      'activity.page_views',
    );
  for (const row of rows) {
    if (!csv.write([row.workspace_id, row.app_id, row.mini_program_id, row.user_id, day, row.page_views])) await once(csv, 'drain');
  }
  csv.end();
  await once(output, 'finish');
  return { day, rows: rows.length };
}
