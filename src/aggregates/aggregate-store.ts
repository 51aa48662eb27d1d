/**
 * An app's aggregate tables: whether answers may use them (agg_state), the scopes they count in
 * (app_categories: scope 0 is the whole app, any other one of its categories), and the summed
 * figures themselves (agg_daily, agg_first_days, agg_preferences).
 */
import type { Knex } from 'knex';
import { upsertRows } from '../db/bulk-rows.ts';
import type { AggDailyRow, AggStateRow } from '../db/tables.ts';
import { compareCodePoints } from '../util/compare-code-points.ts';
import { formatDayNumber } from '../util/days.ts';
import { type AggregateChanges, listEntries } from './aggregate-changes.ts';

export type AggregateStatus = AggStateRow['status'];

/** Marks an app's aggregates fresh (answers read them) or stale (answers come from the store directly until a rebuild). */
export async function setAggregateState(db: Knex, appRef: number, status: AggregateStatus, reason: string | null, now = Date.now()): Promise<void> {
  await upsertRows(db, 'agg_state', [{ app_ref: appRef, status, updated_at_ms: now, reason }], ['app_ref'], ['status', 'updated_at_ms', 'reason']);
}

/** Whether answers about this app may come from its aggregates. */
export async function isAggregateFresh(db: Knex, appRef: number): Promise<boolean> {
  const row = await db('agg_state').where('app_ref', appRef).first('status');
  return row?.status === 'fresh';
}

export interface CategoryIndex {
  /** name → app_categories.id */
  ids: Map<string, number>;
  /** id → position of its name in code-point order (for ties of the preferred category) */
  rank: (categoryRef: number) => number;
  names: Map<number, string>;
}

/** Gives every category of the app's mini programs an id, and returns them. */
export async function syncAppCategories(db: Knex, appRef: number): Promise<CategoryIndex> {
  const names = await db('mini_programs').where('app_ref', appRef).distinct('category');
  await upsertRows(
    db,
    'app_categories',
    names.map((n) => ({ app_ref: appRef, name: n.category })),
    ['app_ref', 'name'],
    [],
  );
  return readCategoryIndex(db, appRef);
}

export async function readCategoryIndex(db: Knex, appRef: number): Promise<CategoryIndex> {
  const rows = await db('app_categories').where('app_ref', appRef).select('id', 'name');
  const sorted = [...rows].sort((a, b) => compareCodePoints(a.name, b.name));
  const ranks = new Map(sorted.map((row, i) => [Number(row.id), i]));
  return {
    ids: new Map(rows.map((r) => [r.name, Number(r.id)])),
    names: new Map(rows.map((r) => [Number(r.id), r.name])),
    rank: (categoryRef) => ranks.get(categoryRef) ?? Number.MAX_SAFE_INTEGER,
  };
}

/** mini_programs.id → app_categories.id, for an app's mini programs (categories synced first). */
export async function readProgramCategories(db: Knex, appRef: number): Promise<Map<number, number>> {
  const rows = await db('mini_programs')
    .join('app_categories', (on) => on.on('app_categories.app_ref', '=', 'mini_programs.app_ref').andOn('app_categories.name', '=', 'mini_programs.category'))
    .where('mini_programs.app_ref', appRef)
    .select<{ id: number; category_ref: number }[]>('mini_programs.id', 'app_categories.id as category_ref');
  return new Map(rows.map((r) => [Number(r.id), Number(r.category_ref)]));
}

/** Adds summed changes to an app's aggregate tables (rows are created as needed, emptied ones removed). */
export async function applyAggregateChanges(db: Knex, appRef: number, changes: AggregateChanges): Promise<void> {
  const firstDays = [...changes.firstDays].flatMap(([source, byScope]) =>
    [...listEntries(byScope)].map(([scope, day, users]) => ({ app_ref: appRef, scope_ref: scope, day: formatDayNumber(day), source, users })),
  );
  await upsertRows(db, 'agg_first_days', firstDays, ['app_ref', 'scope_ref', 'day', 'source'], ['users'], { increment: true });
  const preferences = [...listEntries(changes.preferences)].map(([day, category, delta]) => ({
    app_ref: appRef,
    day: formatDayNumber(day),
    category_ref: category,
    delta,
  }));
  await upsertRows(db, 'agg_preferences', preferences, ['app_ref', 'day', 'category_ref'], ['delta'], { increment: true });
  const daily = new Map<string, AggDailyRow>();
  const entry = (scope: number, day: number) => {
    const key = `${scope}|${day}`;
    let row = daily.get(key);
    if (!row) {
      row = { app_ref: appRef, scope_ref: scope, day: formatDayNumber(day), uv: 0, pv: 0, uv7: 0, uv30: 0 };
      daily.set(key, row);
    }
    return row;
  };
  for (const [scope, byDay] of changes.windowChanges()) {
    for (const [day, change] of byDay) Object.assign(entry(scope, day), { uv7: change.uv7, uv30: change.uv30 });
  }
  for (const [scope, day, users] of listEntries(changes.dailyUsers)) entry(scope, day).uv = users;
  for (const [scope, day, views] of listEntries(changes.dailyViews)) entry(scope, day).pv = views;
  await upsertRows(db, 'agg_daily', [...daily.values()], ['app_ref', 'scope_ref', 'day'], ['uv', 'pv', 'uv7', 'uv30'], { increment: true });
  if (firstDays.length) await db('agg_first_days').where({ app_ref: appRef, users: 0 }).delete();
  if (preferences.length) await db('agg_preferences').where({ app_ref: appRef, delta: 0 }).delete();
}
