import type { AppRecord } from '../domain/records.ts';
import type { AppData, Day, DayRange, Period, StatusCounts, VisitorMetrics } from '../domain/types.ts';
import { addDays, listDays } from '../util/days.ts';

export interface AppFigures {
  status: StatusCounts;
  /** UV and PV of the period and of the previous one. */
  visits: { current: { uv: number; pv: number }; previous: { uv: number; pv: number } };
  /** UV and PV of each day of the trend range. */
  visitsByDay: Map<Day, { uv: number; pv: number }>;
  /** How many users had their first activity (in the scope) on each day up to the end date. */
  firstDays: Map<Day, number>;
}

/** App details from their parts: new and lifetime visitors follow from the first-day counts. */
export function assembleAppData(app: AppRecord, category: string | null, period: Period, figures: AppFigures): AppData {
  const { range, previousRange, trendRange } = period;
  const lifetimeOn = (day: Day) => {
    let users = 0;
    for (const [firstDay, count] of figures.firstDays) if (firstDay <= day) users += count;
    return users;
  };
  const metricsOf = (visits: { uv: number; pv: number }, periodRange: DayRange): VisitorMetrics => {
    const lifetimeVisitors = lifetimeOn(periodRange.end);
    return { ...visits, newVisitors: lifetimeVisitors - lifetimeOn(addDays(periodRange.start, -1)), lifetimeVisitors };
  };
  let lifetimeVisitors = lifetimeOn(addDays(trendRange.start, -1));
  const daily = listDays(trendRange).map((day) => {
    const newVisitors = figures.firstDays.get(day) ?? 0;
    lifetimeVisitors += newVisitors;
    const visits = figures.visitsByDay.get(day);
    return { day, uv: visits?.uv ?? 0, pv: visits?.pv ?? 0, newVisitors, lifetimeVisitors };
  });
  return {
    app: { appId: app.appId, name: app.name },
    category,
    range,
    previousRange,
    status: figures.status,
    metrics: metricsOf(figures.visits.current, range),
    previous: metricsOf(figures.visits.previous, previousRange),
    daily,
  };
}
