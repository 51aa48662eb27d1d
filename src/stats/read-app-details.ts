import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import type { AppData, DayRange, Period } from '../domain/types.ts';
import { readAppDetailsAggregated } from './aggregated/read-app-details-aggregated.ts';
import { readScope } from './aggregated/read-scope.ts';
import { assembleAppData } from './assemble-app-data.ts';
import { readStatusCounts } from './read-status-counts.ts';
import { readFirstDayCounts, scopedActivity } from './scoped-activity.ts';

/**
 * One app's details (docs/contract.md): status now, the four visitor metrics, their previous values and
 * daily series. From the aggregates when they are fresh, else straight from the activity.
 */
export async function readAppDetails(db: Knex, app: AppRecord, category: string | null, period: Period): Promise<AppData> {
  const scope = await readScope(db, app, category);
  return scope === null ? readAppDetailsDirect(db, app, category, period) : readAppDetailsAggregated(db, app, category, scope, period);
}

/** The same figures computed from the activity table (the reference, and the fallback). */
export async function readAppDetailsDirect(db: Knex, app: AppRecord, category: string | null, period: Period): Promise<AppData> {
  const { range, previousRange, trendRange } = period;
  const [status, firstDays, current, previous, perDay] = await Promise.all([
    readStatusCounts(db, app, category),
    readFirstDayCounts(db, app, category, range.end),
    readVisits(db, app, category, range),
    readVisits(db, app, category, previousRange),
    scopedActivity(db, app, category)
      .whereBetween('activity.day', [trendRange.start, trendRange.end])
      .groupBy('activity.day')
      .select<{ day: string; uv: number; pv: number }[]>(
        'activity.day as day',
        db.raw('COUNT(DISTINCT activity.user_ref) AS uv'),
        db.raw('SUM(activity.page_views) AS pv'),
      ),
  ]);
  return assembleAppData(app, category, period, {
    status,
    visits: { current, previous },
    visitsByDay: new Map(perDay.map((row) => [row.day, { uv: Number(row.uv), pv: Number(row.pv) }])),
    firstDays,
  });
}

async function readVisits(db: Knex, app: AppRecord, category: string | null, range: DayRange) {
  const row = await scopedActivity(db, app, category)
    .whereBetween('activity.day', [range.start, range.end])
    .first<{ uv: number | null; pv: number | null }>(db.raw('COUNT(DISTINCT activity.user_ref) AS uv'), db.raw('SUM(activity.page_views) AS pv'));
  return { uv: Number(row?.uv ?? 0), pv: Number(row?.pv ?? 0) };
}
