import type { Knex } from 'knex';

/**
 * Drops activity's (app_ref, user_ref, day) index. A day's users are spread over the whole of it,
 * so importing one day inserted into, and split, nearly every page of it: at 30M rows most of the
 * import's time. Rebuilds and histories now read the activity along the primary key, day by day,
 * and sort the rows by user in memory. Aggregates are unaffected.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('activity', (t) => {
    t.dropIndex(['app_ref', 'user_ref', 'day'], 'activity_app_user_day_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('activity', (t) => {
    t.index(['app_ref', 'user_ref', 'day'], 'activity_app_user_day_index');
  });
}
