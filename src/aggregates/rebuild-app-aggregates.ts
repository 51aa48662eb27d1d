import type { Knex } from 'knex';
import { upsertRows } from '../db/upsert-rows.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { computeUserContribution } from './compute-user-contribution.ts';
import { readUserHistories } from './read-user-histories.ts';
import { setAggregateState } from './set-aggregate-state.ts';
import { syncAppCategories } from './sync-app-categories.ts';
import { buildUserStateRows } from './user-state-rows.ts';

const USERS_PER_CHUNK = 5000;
const AGGREGATE_TABLES = ['agg_daily', 'agg_first_days', 'agg_preferences', 'user_scopes', 'user_category_views', 'user_preferences'];

/** Recomputes every aggregate of one app from the store, in one transaction; the app is then fresh. */
export async function rebuildAppAggregates(db: Knex, appRef: number, now = Date.now()): Promise<void> {
  await db.transaction(async (trx) => {
    for (const table of AGGREGATE_TABLES) await trx(table).where('app_ref', appRef).delete();
    const categories = await syncAppCategories(trx, appRef);
    await trx.raw(
      `INSERT INTO agg_daily (app_ref, scope_ref, day, uv, pv, uv7, uv30)
       SELECT app_ref, 0, day, COUNT(DISTINCT user_ref), SUM(page_views), 0, 0 FROM activity WHERE app_ref = ? GROUP BY app_ref, day`,
      [appRef],
    );
    await trx.raw(
      `INSERT INTO agg_daily (app_ref, scope_ref, day, uv, pv, uv7, uv30)
       SELECT a.app_ref, c.id, a.day, COUNT(DISTINCT a.user_ref), SUM(a.page_views), 0, 0
       FROM activity a
       JOIN mini_programs m ON m.id = a.mini_program_ref
       JOIN app_categories c ON c.app_ref = m.app_ref AND c.name = m.category
       WHERE a.app_ref = ? GROUP BY a.app_ref, c.id, a.day`,
      [appRef],
    );
    const bounds = await trx('app_users').where('app_ref', appRef).first<{ low: number | null; high: number | null }>(trx.raw('MIN(id) AS low'), trx.raw('MAX(id) AS high'));
    const changes = new AggregateChanges();
    for (let from = Number(bounds?.low ?? 1); bounds?.high != null && from <= Number(bounds.high); from += USERS_PER_CHUNK) {
      const state = { scopes: [] as object[], views: [] as object[], preferences: [] as object[] };
      for (const history of await readUserHistories(trx, appRef, { from, to: from + USERS_PER_CHUNK - 1 })) {
        const contribution = computeUserContribution(history.days, categories.rank);
        changes.add(contribution, history.source, 1);
        const rows = buildUserStateRows(appRef, history.userRef, contribution);
        state.scopes.push(...rows.scopes);
        state.views.push(...rows.views);
        state.preferences.push(...rows.preferences);
      }
      await upsertRows(trx, 'user_scopes', state.scopes, ['app_ref', 'scope_ref', 'user_ref'], ['first_day', 'last_day']);
      await upsertRows(trx, 'user_category_views', state.views, ['app_ref', 'user_ref', 'category_ref'], ['views']);
      await upsertRows(trx, 'user_preferences', state.preferences, ['app_ref', 'user_ref', 'day'], ['category_ref']);
    }
    await applyAggregateChanges(trx, appRef, changes);
    await setAggregateState(trx, appRef, 'fresh', null, now);
  });
}
