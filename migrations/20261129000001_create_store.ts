import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * The analytics store: the import contract's tables. Apps, mini programs and users get integer
 * surrogate keys (`id`) so the activity table, by far the largest, holds four integers and a date.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);

  await knex.schema.createTable('workspaces', (t) => {
    textTable(t);
    t.string('workspace_id', 64).primary();
    t.string('name', 255).notNullable();
    t.string('slack_team_id', 32).nullable().index('workspaces_slack_team_id_index');
    t.string('timezone', 64).notNullable();
  });

  await knex.schema.createTable('members', (t) => {
    textTable(t);
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('email', 254).notNullable().comment('stored trimmed and lower-cased');
    t.string('slack_user_id', 32).nullable();
    t.string('role', 64).notNullable();
    t.primary(['workspace_id', 'email']);
    t.index(['slack_user_id'], 'members_slack_user_id_index');
  });

  await knex.schema.createTable('merchants', (t) => {
    textTable(t);
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('merchant_id', 128).notNullable();
    t.string('name', 255).notNullable();
    t.string('kind', 16).notNullable();
    t.date('onboarded_on').notNullable();
    t.primary(['workspace_id', 'merchant_id']);
    t.index(['workspace_id', 'onboarded_on', 'kind'], 'merchants_onboarded_index');
  });

  await knex.schema.createTable('apps', (t) => {
    textTable(t);
    t.increments('id');
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('app_id', 128).notNullable();
    t.string('name', 255).notNullable();
    t.unique(['workspace_id', 'app_id'], { indexName: 'apps_workspace_app_unique' });
  });

  await knex.schema.createTable('mini_programs', (t) => {
    textTable(t);
    t.increments('id');
    t.string('workspace_id', 64).notNullable();
    t.string('mini_program_id', 128).notNullable();
    t.integer('app_ref').unsigned().notNullable().references('id').inTable('apps');
    t.string('name', 255).notNullable();
    t.string('category', 191).notNullable();
    t.string('source', 191).notNullable();
    t.string('status', 32).notNullable();
    t.date('created_on').notNullable();
    t.unique(['workspace_id', 'mini_program_id'], { indexName: 'mini_programs_workspace_mp_unique' });
    t.index(['app_ref', 'category'], 'mini_programs_app_category_index');
  });

  // One row per (app, user id) seen in users.csv or in activity; source NULL means unknown.
  await knex.schema.createTable('app_users', (t) => {
    textTable(t);
    t.increments('id');
    t.integer('app_ref').unsigned().notNullable().references('id').inTable('apps');
    t.string('user_id', 128).notNullable();
    t.string('source', 191).nullable();
    t.unique(['app_ref', 'user_id'], { indexName: 'app_users_app_user_unique' });
  });

  // Clustered on (app, day, ...) so a period of one app is one contiguous range; the second
  // index finds each user's first day. No foreign keys here: the importer checks every reference
  // and per-row key checks would slow bulk loads of tens of millions of rows.
  await knex.schema.createTable('activity', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.date('day').notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.integer('mini_program_ref').unsigned().notNullable();
    t.integer('page_views').unsigned().notNullable();
    t.primary(['app_ref', 'day', 'user_ref', 'mini_program_ref']);
    t.index(['app_ref', 'user_ref', 'day'], 'activity_app_user_day_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['activity', 'app_users', 'mini_programs', 'apps', 'merchants', 'members', 'workspaces']) {
    await knex.schema.dropTable(table);
  }
}
