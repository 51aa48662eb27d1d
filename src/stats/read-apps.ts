import type { Knex } from 'knex';
import { compareCodePoints } from '../util/compare-code-points.ts';
import { listDays } from '../util/days.ts';
import { readWorkspaceApps } from './read-workspace-apps.ts';
import type { AppsData, AppsRow, AppsSort, Period } from './types.ts';

/** The target-app list of one workspace (SPEC §2), in the requested order. */
export async function readApps(db: Knex, workspaceId: string, period: Period, sort: AppsSort): Promise<AppsData> {
  const { range, previousRange, trendRange } = period;
  const apps = await readWorkspaceApps(db, workspaceId);
  const refs = apps.map((app) => app.ref);
  const [users, trend, miniPrograms] = refs.length === 0 ? [[], [], []] : await Promise.all([
    db('activity')
      .whereIn('app_ref', refs)
      .whereBetween('day', [previousRange.start, range.end])
      .groupBy('app_ref')
      .select<{ app_ref: number; users: number; users_previous: number }[]>(
        'app_ref',
        db.raw('COUNT(DISTINCT CASE WHEN day >= ? THEN user_ref END) AS users', [range.start]),
        db.raw('COUNT(DISTINCT CASE WHEN day < ? THEN user_ref END) AS users_previous', [range.start]),
      ),
    db('activity')
      .whereIn('app_ref', refs)
      .whereBetween('day', [trendRange.start, trendRange.end])
      .groupBy('app_ref', 'day')
      .select<{ app_ref: number; day: string; users: number }[]>('app_ref', 'day', db.raw('COUNT(DISTINCT user_ref) AS users')),
    db('mini_programs')
      .whereIn('app_ref', refs)
      .groupBy('app_ref')
      .select<{ app_ref: number; mini_programs: number | null; mini_programs_previous: number | null }[]>(
        'app_ref',
        db.raw('SUM(CASE WHEN created_on <= ? THEN 1 ELSE 0 END) AS mini_programs', [range.end]),
        db.raw('SUM(CASE WHEN created_on <= ? THEN 1 ELSE 0 END) AS mini_programs_previous', [previousRange.end]),
      ),
  ]);
  const usersByApp = new Map(users.map((row) => [Number(row.app_ref), row]));
  const programsByApp = new Map(miniPrograms.map((row) => [Number(row.app_ref), row]));
  const trendByApp = new Map<number, Map<string, number>>();
  for (const row of trend) {
    const ref = Number(row.app_ref);
    if (!trendByApp.has(ref)) trendByApp.set(ref, new Map());
    trendByApp.get(ref)!.set(row.day, Number(row.users));
  }
  const trendDays = listDays(trendRange);
  const rows: AppsRow[] = apps.map((app) => ({
    appId: app.appId,
    name: app.name,
    users: Number(usersByApp.get(app.ref)?.users ?? 0),
    usersPrevious: Number(usersByApp.get(app.ref)?.users_previous ?? 0),
    miniPrograms: Number(programsByApp.get(app.ref)?.mini_programs ?? 0),
    miniProgramsPrevious: Number(programsByApp.get(app.ref)?.mini_programs_previous ?? 0),
    trend: trendDays.map((day) => ({ day, users: trendByApp.get(app.ref)?.get(day) ?? 0 })),
  }));
  rows.sort((a, b) => b[sort] - a[sort] || compareCodePoints(a.appId, b.appId));
  return { range, previousRange, sort, apps: rows };
}
