import type { Knex } from 'knex';
import { upsertRows } from '../db/bulk-rows.ts';
import { type AggregateChanges, entriesOf } from './aggregate-changes.ts';
import { fromDayNumber } from './day-numbers.ts';

/** Adds summed changes to an app's aggregate tables (rows are created as needed, emptied ones removed). */
export async function applyAggregateChanges(db: Knex | Knex.Transaction, appRef: number, changes: AggregateChanges): Promise<void> {
  const firstDays = [...changes.firstDays].flatMap(([source, byScope]) =>
    [...entriesOf(byScope)].map(([scope, day, users]) => ({ app_ref: appRef, scope_ref: scope, day: fromDayNumber(day), source, users })),
  );
  await upsertRows(db, 'agg_first_days', firstDays, ['app_ref', 'scope_ref', 'day', 'source'], ['users'], { increment: true });
  const preferences = [...entriesOf(changes.preferences)].map(([day, category, delta]) => ({
    app_ref: appRef,
    day: fromDayNumber(day),
    category_ref: category,
    delta,
  }));
  await upsertRows(db, 'agg_preferences', preferences, ['app_ref', 'day', 'category_ref'], ['delta'], { increment: true });
  const daily = new Map<string, { app_ref: number; scope_ref: number; day: string; uv: number; pv: number; uv7: number; uv30: number }>();
  const entry = (scope: number, day: number) => {
    const key = `${scope}|${day}`;
    let row = daily.get(key);
    if (!row) {
      row = { app_ref: appRef, scope_ref: scope, day: fromDayNumber(day), uv: 0, pv: 0, uv7: 0, uv30: 0 };
      daily.set(key, row);
    }
    return row;
  };
  for (const [scope, byDay] of changes.windowChanges()) {
    for (const [day, change] of byDay) Object.assign(entry(scope, day), { uv7: change.uv7, uv30: change.uv30 });
  }
  for (const [scope, day, users] of entriesOf(changes.dailyUsers)) entry(scope, day).uv = users;
  for (const [scope, day, views] of entriesOf(changes.dailyViews)) entry(scope, day).pv = views;
  await upsertRows(db, 'agg_daily', [...daily.values()], ['app_ref', 'scope_ref', 'day'], ['uv', 'pv', 'uv7', 'uv30'], { increment: true });
  if (firstDays.length) await db('agg_first_days').where({ app_ref: appRef, users: 0 }).delete();
  if (preferences.length) await db('agg_preferences').where({ app_ref: appRef, delta: 0 }).delete();
}
