import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * Keys `user_states` by the user's id as the import files name it, `(app_ref, user_id)`, with the
 * `app_users.id` beside the state. An import then finds a returning user's ref and state in one
 * index lookup, where it took two (the `app_users` unique index, then `user_states`): at 30M
 * activity rows that index is 423 MB and was read from disk on every import. The states are
 * copied, not recomputed, so aggregates stay fresh either way.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);
  await knex.schema.createTable('user_states_by_user_id', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.string('user_id', 128).notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.binary('state').notNullable();
    t.primary(['app_ref', 'user_id']);
  });
  await knex.raw(
    'INSERT INTO user_states_by_user_id (app_ref, user_id, user_ref, state) SELECT s.app_ref, u.user_id, s.user_ref, s.state FROM user_states s JOIN app_users u ON u.id = s.user_ref ORDER BY s.app_ref, u.user_id',
  );
  await knex.schema.dropTable('user_states');
  await knex.schema.renameTable('user_states_by_user_id', 'user_states');
}

export async function down(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);
  await knex.schema.createTable('user_states_by_ref', (t) => {
    textTable(t);
    t.integer('app_ref').unsigned().notNullable();
    t.integer('user_ref').unsigned().notNullable();
    t.binary('state').notNullable();
    t.primary(['app_ref', 'user_ref']);
  });
  await knex.raw('INSERT INTO user_states_by_ref (app_ref, user_ref, state) SELECT app_ref, user_ref, state FROM user_states ORDER BY app_ref, user_ref');
  await knex.schema.dropTable('user_states');
  await knex.schema.renameTable('user_states_by_ref', 'user_states');
}
