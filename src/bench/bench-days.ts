/**
 * The days the bench imports after the generated ones, written as activity.csv: the last day's
 * users again (the upkeep's cheapest case), and a day drawn like the generated ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRandom } from '../generate/create-random.ts';
import type { CsvRecord } from '../generate/generate-dataset.ts';
import { writeCsv } from '../generate/write-csv.ts';
import { importActivity } from '../import/activity-file.ts';
import { addDays, toDayNumber } from '../util/days.ts';
import { BENCH_WORKSPACE, type BenchShape, drawDayVisits, weighBenchApps } from './generate-bench-data.ts';

/** Each app's last day with activity, and the latest of them (null in an empty store). */
export async function readLastDays(db: Knex): Promise<{ apps: { appRef: number; day: string }[]; latest: string | null }> {
  // One index dive per app, where MAX(day) alone would read every row.
  const rows = await db('activity').groupBy('app_ref').select<{ app_ref: number; day: string }[]>('app_ref', db.raw('MAX(day) AS day'));
  const apps = rows.map((row) => ({ appRef: Number(row.app_ref), day: String(row.day) }));
  return {
    apps,
    latest:
      apps
        .map((app) => app.day)
        .sort()
        .at(-1) ?? null,
  };
}

/** The day after the store's latest day, and each app's last day. */
async function readNextDay(db: Knex): Promise<{ apps: { appRef: number; day: string }[]; latest: string; day: string }> {
  const { apps, latest } = await readLastDays(db);
  if (latest === null) throw new Error('the bench store has no activity to follow');
  return { apps, latest, day: addDays(latest, 1) };
}

/** Writes the day's rows as `dir`/activity.csv; returns how many. */
async function writeActivityCsv(dir: string, records: CsvRecord[]): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  return writeCsv(path.join(dir, 'activity.csv'), records, importActivity.columns);
}

/**
 * Writes activity.csv for the day after the store's latest day: every app's last day again,
 * one day later (the same people coming back), as the platform's daily export would.
 */
export async function writeNextDayCsv(db: Knex, dir: string): Promise<{ day: string; rows: number }> {
  const { apps, latest, day } = await readNextDay(db);
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
  const records = rows.map((row) => ({ ...row, day, page_views: String(row.page_views) }));
  return { day, rows: await writeActivityCsv(dir, records) };
}

/**
 * Writes activity.csv for the day after the store's latest day, drawn the way generateBenchData
 * draws its days, from each app's whole audience: the day brings back users last seen long ago
 * and users new to the app, where writeNextDayCsv repeats the last day's users.
 */
export async function writeFreshDayCsv(db: Knex, dir: string, shape: BenchShape): Promise<{ day: string; rows: number }> {
  const { day } = await readNextDay(db);
  const apps = await db('apps').where('workspace_id', BENCH_WORKSPACE).orderBy('id').select('id', 'app_id');
  const programs = await db('mini_programs').where('workspace_id', BENCH_WORKSPACE).orderBy('id').select('id', 'mini_program_id', 'app_ref');
  const programIds = new Map(programs.map((p) => [Number(p.id), p.mini_program_id]));
  const { weights, weightSum, audience } = weighBenchApps(shape);
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
  return { day, rows: await writeActivityCsv(dir, visits) };
}
