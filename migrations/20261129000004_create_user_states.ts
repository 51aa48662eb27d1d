import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

const STALE_REASON = 'per-user state moved to user_states; run `miniapp-stats rebuild`';

/**
 * One row per app user holding their whole upkeep state (spans, page views per category,
 * preference timeline; see src/aggregates/user-state.ts), in place of three tables with a
 * row per scope, category and change point: an import then reads and writes one row per user.
 * The old rows are not converted: apps with aggregates are marked stale, so answers come from the
 * store until a rebuild, and never from half-moved state.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);
  await knex.schema.createTable('user_states', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.binary('state').notNullable();
    t.primary(['app_ref', 'user_ref']);
  });
  for (const table of ['user_preferences', 'user_category_views', 'user_scopes']) await knex.schema.dropTable(table);
  await markStale(knex);
}

export async function down(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);
  await knex.schema.createTable('user_scopes', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('scope_ref').unsigned().notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.date('first_day').notNullable();
    t.date('last_day').notNullable();
    t.primary(['app_ref', 'scope_ref', 'user_ref']);
    t.index(['app_ref', 'user_ref'], 'user_scopes_user_index');
  });
  await knex.schema.createTable('user_category_views', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.integer('category_ref').unsigned().notNullable();
    t.bigInteger('views').unsigned().notNullable();
    t.primary(['app_ref', 'user_ref', 'category_ref']);
  });
  await knex.schema.createTable('user_preferences', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.date('day').notNullable();
    t.integer('category_ref').unsigned().notNullable();
    t.primary(['app_ref', 'user_ref', 'day']);
  });
  await knex.schema.dropTable('user_states');
  await markStale(knex);
}

/** Apps with activity lose their per-user state either way: they are stale until a rebuild. */
async function markStale(knex: Knex): Promise<void> {
  const withActivity = knex('activity').distinct('app_ref');
  await knex('agg_state').whereIn('app_ref', withActivity).update({ status: 'stale', reason: STALE_REASON, updated_at_ms: Date.now() });
}
