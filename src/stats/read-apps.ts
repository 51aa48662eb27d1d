import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import type { AppsData, AppsRow, AppsSort, Period } from '../domain/types.ts';
import { compareCodePoints } from '../util/compare-code-points.ts';
import { listDays } from '../util/days.ts';
import { readWorkspaceApps } from './read-workspace-apps.ts';

/**
 * The target-app list of one workspace (docs/contract.md), in the requested order: from the aggregates
 * when every app's are fresh, else from the activity.
 */
export async function readApps(db: Knex, workspaceId: string, period: Period, sort: AppsSort): Promise<AppsData> {
  const apps = await readWorkspaceApps(db, workspaceId);
  const fresh = await db('agg_state')
    .whereIn(
      'app_ref',
      apps.map((a) => a.ref),
    )
    .where('status', 'fresh')
    .count<{ n: number }[]>({ n: '*' });
  return Number(fresh[0]?.n ?? 0) === apps.length ? readAppsAggregated(db, apps, period, sort) : readAppsFromActivity(db, apps, period, sort);
}

/** The same list computed from the activity table (the reference, and the fallback). */
export async function readAppsDirect(db: Knex, workspaceId: string, period: Period, sort: AppsSort): Promise<AppsData> {
  return readAppsFromActivity(db, await readWorkspaceApps(db, workspaceId), period, sort);
}

async function readAppsFromActivity(db: Knex, apps: AppRecord[], period: Period, sort: AppsSort): Promise<AppsData> {
  const { range, previousRange, trendRange } = period;
  const refs = apps.map((app) => app.ref);
  const [users, trend, miniPrograms] =
    refs.length === 0
      ? [[], [], new Map()]
      : await Promise.all([
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
          readMiniProgramCounts(db, refs, period),
        ]);
  return assembleApps(apps, period, sort, {
    users: new Map(users.map((row) => [Number(row.app_ref), { current: Number(row.users), previous: Number(row.users_previous) }])),
    trend,
    miniPrograms,
  });
}

interface AppsFigures {
  users: Map<number, { current: number; previous: number }>;
  trend: { app_ref: number; day: string; users: number }[];
  miniPrograms: Map<number, { current: number; previous: number }>;
}

function assembleApps(apps: AppRecord[], period: Period, sort: AppsSort, figures: AppsFigures): AppsData {
  const trendByApp = new Map<number, Map<string, number>>();
  for (const row of figures.trend) {
    const ref = Number(row.app_ref);
    if (!trendByApp.has(ref)) trendByApp.set(ref, new Map());
    trendByApp.get(ref)!.set(row.day, Number(row.users));
  }
  const trendDays = listDays(period.trendRange);
  const rows: AppsRow[] = apps.map((app) => ({
    appId: app.appId,
    name: app.name,
    users: figures.users.get(app.ref)?.current ?? 0,
    usersPrevious: figures.users.get(app.ref)?.previous ?? 0,
    miniPrograms: figures.miniPrograms.get(app.ref)?.current ?? 0,
    miniProgramsPrevious: figures.miniPrograms.get(app.ref)?.previous ?? 0,
    trend: trendDays.map((day) => ({ day, users: trendByApp.get(app.ref)?.get(day) ?? 0 })),
  }));
  rows.sort((a, b) => b[sort] - a[sort] || compareCodePoints(a.appId, b.appId));
  return { range: period.range, previousRange: period.previousRange, sort, apps: rows };
}

async function readMiniProgramCounts(db: Knex, refs: number[], period: Period): Promise<Map<number, { current: number; previous: number }>> {
  const rows = await db('mini_programs')
    .whereIn('app_ref', refs)
    .groupBy('app_ref')
    .select<{ app_ref: number; mini_programs: number | null; mini_programs_previous: number | null }[]>(
      'app_ref',
      db.raw('SUM(CASE WHEN created_on <= ? THEN 1 ELSE 0 END) AS mini_programs', [period.range.end]),
      db.raw('SUM(CASE WHEN created_on <= ? THEN 1 ELSE 0 END) AS mini_programs_previous', [period.previousRange.end]),
    );
  return new Map(rows.map((row) => [Number(row.app_ref), { current: Number(row.mini_programs ?? 0), previous: Number(row.mini_programs_previous ?? 0) }]));
}

/** Users per app from the scope-0 daily aggregates: the window ending on D and on D-P, and each trend day. */
async function readAppsAggregated(db: Knex, apps: AppRecord[], period: Period, sort: AppsSort): Promise<AppsData> {
  const refs = apps.map((a) => a.ref);
  const windowColumn = period.days === 1 ? 'uv' : period.days === 7 ? 'uv7' : 'uv30';
  const [rows, miniPrograms] = await Promise.all([
    refs.length === 0
      ? []
      : db('agg_daily')
          .whereIn('app_ref', refs)
          .where('scope_ref', 0)
          .where((q) => q.whereBetween('day', [period.trendRange.start, period.range.end]).orWhere('day', period.previousRange.end))
          .select<{ app_ref: number; day: string; uv: number; window_users: number }[]>('app_ref', 'day', 'uv', `${windowColumn} as window_users`),
    refs.length === 0 ? new Map() : readMiniProgramCounts(db, refs, period),
  ]);
  const users = new Map<number, { current: number; previous: number }>();
  for (const row of rows) {
    const entry = users.get(Number(row.app_ref)) ?? { current: 0, previous: 0 };
    if (row.day === period.range.end) entry.current = Number(row.window_users);
    if (row.day === period.previousRange.end) entry.previous = Number(row.window_users);
    users.set(Number(row.app_ref), entry);
  }
  const trend = rows.filter((r) => r.day >= period.trendRange.start).map((r) => ({ app_ref: Number(r.app_ref), day: r.day, users: Number(r.uv) }));
  return assembleApps(apps, period, sort, { users, trend, miniPrograms });
}
