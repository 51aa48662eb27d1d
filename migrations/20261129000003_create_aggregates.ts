import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * Pre-aggregated figures (see README "Fast at scale"). Scope 0 is a whole app; any other scope
 * is one of its categories (app_categories.id). Everything here can be rebuilt from the store.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);

  await knex.schema.createTable('app_categories', (t) => {
    textTable(t);
    t.increments('id');
    t.integer('app_ref').unsigned().notNullable().references('id').inTable('apps');
    t.string('name', 191).notNullable();
    t.unique(['app_ref', 'name'], { indexName: 'app_categories_app_name_unique' });
  });

  // Per scope and day: distinct users and page views that day, and distinct users of the 7- and
  // 30-day windows ending that day (rows run up to 29 days past the last activity).
  await knex.schema.createTable('agg_daily', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('scope_ref').unsigned().notNullable();
    t.date('day').notNullable();
    t.integer('uv').notNullable().defaultTo(0);
    t.bigInteger('pv').notNullable().defaultTo(0);
    t.integer('uv7').notNullable().defaultTo(0);
    t.integer('uv30').notNullable().defaultTo(0);
    t.primary(['app_ref', 'scope_ref', 'day']);
  });

  // How many users had their first activity in the scope on each day, by the user's source.
  await knex.schema.createTable('agg_first_days', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('scope_ref').unsigned().notNullable();
    t.date('day').notNullable();
    t.string('source', 191).notNullable();
    t.integer('users').notNullable();
    t.primary(['app_ref', 'scope_ref', 'day', 'source']);
  });

  // Changes of users' preferred category: the users preferring a category as of D are the sum of deltas up to D.
  await knex.schema.createTable('agg_preferences', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.date('day').notNullable();
    t.integer('category_ref').unsigned().notNullable();
    t.integer('delta').notNullable();
    t.primary(['app_ref', 'day', 'category_ref']);
  });

  // Per user and scope: first and last active day (what a new day needs to know).
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

  // Per user: page views by category so far, and the preferred category's timeline.
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

  // Which apps' aggregates can be trusted; an app without a row is answered from the store directly.
  await knex.schema.createTable('agg_state', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().primary();
    t.string('status', 16).notNullable().comment('fresh or stale');
    t.bigInteger('updated_at_ms').notNullable();
    t.string('reason', 255).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'agg_state',
    'user_preferences',
    'user_category_views',
    'user_scopes',
    'agg_preferences',
    'agg_first_days',
    'agg_daily',
    'app_categories',
  ]) {
    await knex.schema.dropTable(table);
  }
}
