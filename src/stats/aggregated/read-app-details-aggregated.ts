import type { Knex } from 'knex';
import type { AppRecord } from '../../domain/records.ts';
import type { AppData, DayRange, Period } from '../../domain/types.ts';
import { listDays } from '../../util/days.ts';
import { assembleAppData } from '../assemble-app-data.ts';
import { readStatusCounts } from '../read-status-counts.ts';

/** App details from the aggregates: a handful of rows per answer, whatever the activity volume. */
export async function readAppDetailsAggregated(db: Knex, app: AppRecord, category: string | null, scope: number, period: Period): Promise<AppData> {
  const { range, previousRange, trendRange } = period;
  const from = [previousRange.start, trendRange.start].sort()[0]!;
  const [status, daily, firstDays] = await Promise.all([
    readStatusCounts(db, app, category),
    db('agg_daily').where({ app_ref: app.ref, scope_ref: scope }).whereBetween('day', [from, range.end]).select('day', 'uv', 'pv', 'uv7', 'uv30'),
    db('agg_first_days')
      .where({ app_ref: app.ref, scope_ref: scope })
      .where('day', '<=', range.end)
      .groupBy('day')
      .select<{ day: string; users: number }[]>('day', db.raw('SUM(users) AS users')),
  ]);
  const byDay = new Map(daily.map((row) => [row.day, row]));
  const visitsOf = (periodRange: DayRange) => {
    const end = byDay.get(periodRange.end);
    const uv = Number((period.days === 1 ? end?.uv : period.days === 7 ? end?.uv7 : end?.uv30) ?? 0);
    const pv = listDays(periodRange).reduce((sum, day) => sum + Number(byDay.get(day)?.pv ?? 0), 0);
    return { uv, pv };
  };
  return assembleAppData(app, category, period, {
    status,
    visits: { current: visitsOf(range), previous: visitsOf(previousRange) },
    visitsByDay: new Map(daily.map((row) => [row.day, { uv: Number(row.uv), pv: Number(row.pv) }])),
    firstDays: new Map(firstDays.map((row) => [row.day, Number(row.users)])),
  });
}
