import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRandom } from '../generate/create-random.ts';
import type { CsvRecord } from '../generate/generate-dataset.ts';
import { writeCsv } from '../generate/write-csv.ts';
import { importActivity } from '../import/activity-file.ts';
import { addDays, toDayNumber } from '../util/days.ts';
import { BENCH_WORKSPACE, type BenchShape, benchAudience, drawDayVisits } from './generate-bench-data.ts';
import { readLastDays } from './read-last-days.ts';

/**
 * Writes activity.csv for the day after the store's latest day, drawn the way generateBenchData
 * draws its days, from each app's whole audience: the day brings back users last seen long ago
 * and users new to the app, where writeNextDayCsv repeats the last day's users.
 */
export async function writeFreshDayCsv(db: Knex, dir: string, shape: BenchShape): Promise<{ day: string; rows: number }> {
  const { latest } = await readLastDays(db);
  if (latest === null) throw new Error('the bench store has no activity to follow');
  const day = addDays(latest, 1);
  const apps = await db('apps').where('workspace_id', BENCH_WORKSPACE).orderBy('id').select<{ id: number; app_id: string }[]>('id', 'app_id');
  const programs = await db('mini_programs')
    .where('workspace_id', BENCH_WORKSPACE)
    .orderBy('id')
    .select<{ id: number; mini_program_id: string; app_ref: number }[]>('id', 'mini_program_id', 'app_ref');
  const programIds = new Map(programs.map((p) => [Number(p.id), p.mini_program_id]));
  const { weights, weightSum, audience } = benchAudience(shape);
  const random = createRandom(toDayNumber(day));

  const visits: CsvRecord[] = [];
  for (const [k, app] of apps.entries()) {
    const own = programs.filter((p) => Number(p.app_ref) === Number(app.id)).map((p) => Number(p.id));
    if (own.length === 0 || k >= weights.length) continue;
    const perDay = Math.round((shape.rows * weights[k]!) / weightSum) / shape.days;
    drawDayVisits(random, { audience: audience[k]!, perDay, programs: own }, 1, (user, programRef, views) =>
      visits.push({
        workspace_id: BENCH_WORKSPACE,
        app_id: app.app_id,
        mini_program_id: programIds.get(programRef)!,
        user_id: `u${user}`,
        day,
        page_views: String(views),
      }),
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const rows = await writeCsv(path.join(dir, 'activity.csv'), visits, importActivity.columns);
  return { day, rows };
}
